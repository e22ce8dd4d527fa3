#include "channels/whatsapp_cloud/status_mapper.h"

#include <utility>

#include "channels/whatsapp_cloud/message_mapper.h"

namespace crmsync::channels::whatsapp {
namespace {

struct Recipient {
  std::string phone;
  std::string bsuid;
  std::string groupId;
};

std::optional<std::string> readRecipient(const Json& status, const std::string& pointer, Recipient& out) {
  std::string recipientType = stringOr(status, "recipient_type");
  if (recipientType == "group") {
    if (auto error = readOptionalString(status, "recipient_id", pointer, out.groupId)) return error;
    if (auto error = readOptionalString(status, "recipient_participant_id", pointer, out.phone)) return error;
    return readOptionalString(status, "recipient_participant_user_id", pointer, out.bsuid);
  }
  if (auto error = readOptionalString(status, "recipient_id", pointer, out.phone)) return error;
  return readOptionalString(status, "recipient_user_id", pointer, out.bsuid);
}

void copyDetails(const Json& status, Event& event) {
  for (const char* key : {"errors", "pricing", "conversation", "biz_opaque_callback_data", "recipient_type"}) {
    if (const Json* value = member(status, key)) event.details[key] = *value;
  }
}

}  // namespace

std::optional<std::string> mapStatus(const ValueContext& context, const Json& status, const std::string& pointer,
                                     Event& event) {
  if (!status.is_object()) return errorAt(pointer, "not an object");
  event = Event{};
  if (auto error = readRequiredString(status, "id", pointer, event.providerId)) return error;
  if (auto error = readRequiredString(status, "status", pointer, event.status)) return error;
  Recipient recipient;
  if (auto error = readRecipient(status, pointer, recipient)) return error;
  if (auto error = readTimestamp(status, pointer, event.timestamp)) return error;

  UserRef client = resolveUser(context, std::move(recipient.phone), std::move(recipient.bsuid));
  event.kind = EventKind::kStatus;
  event.channel = kChannelName;
  event.direction = Direction::kOutbound;
  event.businessNumber = context.businessNumber;
  event.businessAccountId = context.businessAccountId;
  event.counterpart = std::move(client.identifiers);
  event.profileName = std::move(client.profileName);
  copyDetails(status, event);
  if (!recipient.groupId.empty()) event.details["group"] = {{"id", recipient.groupId}};
  return std::nullopt;
}

}  // namespace crmsync::channels::whatsapp
