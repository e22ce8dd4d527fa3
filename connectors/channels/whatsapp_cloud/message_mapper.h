#pragma once
// One entry of value.messages[] (inbound) or value.message_echoes[] (outbound, sent by the business from
// the WhatsApp Business app) → one message Event. Pure; thread-safe.
//
// Common fields: providerId = id; counterpart = the client (inbound: `from` / `from_user_id`; outbound:
// `to` / `to_user_id`), see resolveUser; replyTo = context.id; forwarded = context.forwarded ||
// context.frequently_forwarded, the whole context in details.context; referral (ads) in details.referral;
// errors in details.errors (the message's own, else the value-level ones, which Meta uses for messages
// it could not render). Type-specific content: message_content.h.

#include <optional>
#include <string>

#include "channels/whatsapp_cloud/json_util.h"
#include "channels/whatsapp_cloud/value_context.h"
#include "crmsync/model.h"

namespace crmsync::channels::whatsapp {

inline constexpr const char* kChannelName = "whatsapp";

// Fills `event`, or returns "<pointer>: <reason>" when a required field is missing or mistyped: id
// (non-empty string), the client (`from`/`from_user_id`, resp. `to`/`to_user_id`, strings, one of them
// non-empty), timestamp (integer or digit string, when present).
std::optional<std::string> mapMessage(const ValueContext& context, const Json& message, const std::string& pointer,
                                      Direction direction, Event& event);

}  // namespace crmsync::channels::whatsapp
