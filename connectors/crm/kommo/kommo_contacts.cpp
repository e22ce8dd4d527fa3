#include "crm/kommo/kommo_contacts.h"

#include <algorithm>

#include "crm/kommo/kommo_fields.h"
#include "crm/kommo/kommo_util.h"

namespace crmsync::connectors::kommo {

using nlohmann::json;

namespace {

void addTerm(std::vector<std::string>& terms, const std::string& term) {
  if (!term.empty() && std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(term);
}

bool isPhoneKind(IdentifierKind kind) { return kind == IdentifierKind::kPhone; }

const char* fieldCodeFor(IdentifierKind kind) {
  switch (kind) {
    case IdentifierKind::kPhone:
    case IdentifierKind::kPhoneRaw:
      return "PHONE";
    case IdentifierKind::kEmail:
      return "EMAIL";
    case IdentifierKind::kWhatsappBsuid:
      return kBsuidFieldCode;
    case IdentifierKind::kTelegram:
      return nullptr;  // no standard Kommo field; the chat integration links Telegram, not crmsync
  }
  return nullptr;
}

std::string nameOf(const ContactDraft& draft) {
  auto it = draft.fields.find("name");
  if (it != draft.fields.end() && it->is_string() && !it->get<std::string>().empty()) return it->get<std::string>();
  return draft.displayName;
}

}  // namespace

std::vector<std::string> searchTerms(const LookupQuery& query) {
  std::vector<std::string> terms;
  for (const PhoneVariants& v : query.phones) {
    addTerm(terms, v.significant.empty() ? v.e164 : v.significant);
    addTerm(terms, v.international);
    addTerm(terms, v.national);
  }
  for (const Identifier& id : query.identifiers) {
    if (!isPhoneKind(id.kind)) addTerm(terms, id.value);
  }
  return terms;
}

std::string searchTarget(const std::string& term) { return "/api/v4/contacts?query=" + urlEncode(term); }

CrmCandidate toCandidate(const json& contact) {
  CrmCandidate c;
  c.record = {"contact", memberText(contact, "id")};
  c.displayName = memberText(contact, "name");
  c.phones = customFieldValues(contact, "PHONE");
  for (const std::string& email : customFieldValues(contact, "EMAIL")) {
    c.otherIdentifiers.push_back({IdentifierKind::kEmail, email});
  }
  for (const std::string& bsuid : customFieldValues(contact, kBsuidFieldCode)) {
    c.otherIdentifiers.push_back({IdentifierKind::kWhatsappBsuid, bsuid});
  }
  c.updatedAtMs = integerOf(contact.value("updated_at", json())).value_or(0) * 1000;
  std::string owner = memberText(contact, "responsible_user_id");
  c.ownerId = owner == "0" ? "" : owner;
  return c;
}

std::vector<CrmCandidate> candidatesOf(const json& page) {
  std::vector<CrmCandidate> out;
  for (const json& contact : embedded(page, "contacts")) {
    if (!memberText(contact, "id").empty()) out.push_back(toCandidate(contact));
  }
  return out;
}

std::optional<std::string> contactWithKey(const json& page, const std::string& key) {
  for (const json& contact : embedded(page, "contacts")) {
    for (const std::string& stored : customFieldValues(contact, kKeyFieldCode)) {
      if (stored == key) return memberText(contact, "id");
    }
  }
  return std::nullopt;
}

json createBody(const ContactDraft& draft) {
  json contact = json::object();
  contact["name"] = nameOf(draft);
  for (auto it = draft.fields.begin(); it != draft.fields.end(); ++it) {
    if (it.key() != "name") setField(contact, it.key(), *it);
  }
  if (!draft.fields.contains("tags") && !draft.source.empty()) setField(contact, "tags", draft.source);
  for (const Identifier& id : draft.identifiers) {
    if (const char* code = fieldCodeFor(id.kind)) setField(contact, code, id.value);
  }
  if (!draft.creationKey.empty()) setField(contact, kKeyFieldCode, draft.creationKey);
  contact["request_id"] = "0";
  return json::array({contact});
}

std::string createdId(const json& answer) {
  const json& contacts = embedded(answer, "contacts");
  return contacts.empty() ? std::string{} : memberText(contacts.front(), "id");
}

std::string contactTarget(const std::string& id, bool withLeads) {
  return "/api/v4/contacts/" + id + (withLeads ? "?with=leads" : "");
}

bool needsCurrent(const std::vector<mapping::FieldWrite>& fields) {
  return std::any_of(fields.begin(), fields.end(), [](const mapping::FieldWrite& f) {
    return f.policy == mapping::WritePolicy::kOnlyIfEmpty && !f.value.is_null();
  });
}

std::optional<json> updateBody(const json& current, const std::vector<mapping::FieldWrite>& fields) {
  json body = json::object();
  for (const mapping::FieldWrite& f : fields) {
    if (f.policy == mapping::WritePolicy::kNever || f.value.is_null()) continue;
    if (f.policy == mapping::WritePolicy::kOnlyIfEmpty && !fieldIsEmpty(current, f.field)) continue;
    setField(body, f.field, f.value);
  }
  if (body.empty()) return std::nullopt;
  return body;
}

std::string customFieldsTarget() { return "/api/v4/contacts/custom_fields"; }

std::vector<std::string> fieldCodesOf(const json& page) {
  std::vector<std::string> out;
  for (const json& field : embedded(page, "custom_fields")) {
    std::string code = memberText(field, "code");
    if (code == kKeyFieldCode || code == kBsuidFieldCode) out.push_back(code);
  }
  return out;
}

json customFieldsBody(const std::vector<std::string>& codes) {
  json body = json::array();
  for (const std::string& code : codes) {
    const char* name = code == kKeyFieldCode ? "crmsync key" : "WhatsApp BSUID";
    body.push_back({{"name", name}, {"type", "text"}, {"code", code}});
  }
  return body;
}

bool isKommoId(const std::string& id) { return isAllDigits(id) && id.size() < 19 && id != "0"; }

}  // namespace crmsync::connectors::kommo
