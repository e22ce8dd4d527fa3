#include "channels/whatsapp_cloud/message_mapper.h"

#include <utility>

#include "channels/whatsapp_cloud/message_content.h"

namespace crmsync::channels::whatsapp {
namespace {

// Reads the client's phone and BSUID from the keys that name them for this direction.
std::optional<std::string> readClient(const Json& message, const std::string& pointer, Direction direction,
                                      std::string& phone, std::string& bsuid) {
  const bool inbound = direction == Direction::kInbound;
  const char* phoneKey = inbound ? "from" : "to";
  const char* bsuidKey = inbound ? "from_user_id" : "to_user_id";
  if (auto error = readOptionalString(message, phoneKey, pointer, phone)) return error;
  if (auto error = readOptionalString(message, bsuidKey, pointer, bsuid)) return error;
  if (phone.empty() && bsuid.empty()) {
    return errorAt(pointer, std::string("missing '") + phoneKey + "' or '" + bsuidKey + "'");
  }
  return std::nullopt;
}

void mapContext(const Json& message, Event& event) {
  const Json* context = member(message, "context");
  if (context == nullptr || !context->is_object()) return;
  event.replyTo = stringOr(*context, "id");
  event.forwarded = flag(*context, "forwarded") || flag(*context, "frequently_forwarded");
  event.details["context"] = *context;
}

void mapErrors(const ValueContext& context, const Json& message, Event& event) {
  const Json* errors = member(message, "errors");
  if (errors != nullptr && errors->is_array() && !errors->empty()) {
    event.details["errors"] = *errors;
  } else if (context.errors != nullptr) {
    event.details["errors"] = *context.errors;
  }
}

}  // namespace

std::optional<std::string> mapMessage(const ValueContext& context, const Json& message, const std::string& pointer,
                                      Direction direction, Event& event) {
  if (!message.is_object()) return errorAt(pointer, "not an object");
  event = Event{};
  if (auto error = readRequiredString(message, "id", pointer, event.providerId)) return error;
  std::string phone;
  std::string bsuid;
  if (auto error = readClient(message, pointer, direction, phone, bsuid)) return error;
  if (auto error = readTimestamp(message, pointer, event.timestamp)) return error;

  UserRef client = resolveUser(context, std::move(phone), std::move(bsuid));
  event.kind = EventKind::kMessage;
  event.channel = kChannelName;
  event.direction = direction;
  event.businessNumber = context.businessNumber;
  event.businessAccountId = context.businessAccountId;
  event.counterpart = std::move(client.identifiers);
  event.profileName = std::move(client.profileName);
  event.type = messageType(message);

  mapContext(message, event);
  if (const Json* referral = member(message, "referral")) event.details["referral"] = *referral;
  mapErrors(context, message, event);
  mapContent(message, event.type, event);
  return std::nullopt;
}

}  // namespace crmsync::channels::whatsapp
