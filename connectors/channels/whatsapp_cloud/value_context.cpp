#include "channels/whatsapp_cloud/value_context.h"

#include <algorithm>
#include <utility>

namespace crmsync::channels::whatsapp {

ValueContext ValueContext::from(const Json& value) {
  ValueContext context;
  if (const Json* metadata = member(value, "metadata")) {
    context.businessNumber = stringOr(*metadata, "display_phone_number");
    context.businessAccountId = stringOr(*metadata, "phone_number_id");
  }
  const Json* contacts = member(value, "contacts");
  if (contacts != nullptr && contacts->is_array()) context.contacts = contacts;
  const Json* errors = member(value, "errors");
  if (errors != nullptr && errors->is_array() && !errors->empty()) context.errors = errors;
  return context;
}

const Json* ValueContext::contactFor(const std::string& waId, const std::string& bsuid) const {
  if (contacts == nullptr) return nullptr;
  auto matches = [](const Json& card, const char* key, const std::string& wanted) {
    return !wanted.empty() && stringOr(card, key) == wanted;
  };
  for (const Json& card : *contacts) {
    if (matches(card, "wa_id", waId)) return &card;
  }
  for (const Json& card : *contacts) {
    if (matches(card, "user_id", bsuid)) return &card;
  }
  return nullptr;
}

const Json* ValueContext::contactOrOnly(const std::string& waId, const std::string& bsuid) const {
  if (const Json* card = contactFor(waId, bsuid)) return card;
  if (contacts != nullptr && contacts->size() == 1) return &contacts->front();
  return nullptr;
}

Identifier phoneIdentifier(const std::string& text) {
  bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  return {IdentifierKind::kPhone, digits ? "+" + text : text};
}

UserRef resolveUser(const ValueContext& context, std::string phone, std::string bsuid) {
  if (const Json* card = context.contactFor(phone, bsuid)) {
    if (bsuid.empty()) bsuid = stringOr(*card, "user_id");
    if (phone.empty()) phone = stringOr(*card, "wa_id");
  }
  UserRef user;
  if (const Json* card = context.contactOrOnly(phone, bsuid)) {
    if (const Json* profile = member(*card, "profile")) user.profileName = stringOr(*profile, "name");
  }
  if (!phone.empty()) user.identifiers.push_back(phoneIdentifier(phone));
  if (!bsuid.empty()) user.identifiers.push_back({IdentifierKind::kWhatsappBsuid, std::move(bsuid)});
  return user;
}

}  // namespace crmsync::channels::whatsapp
