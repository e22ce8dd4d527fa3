#pragma once
// One entry of value.statuses[] → one status Event (kind kStatus, direction outbound: it reports on a
// message the business sent). Pure; thread-safe.
//
// providerId = id (the message the status is about), status as given (sent, delivered, read, played,
// failed, ...), timestamp. details: errors, pricing, conversation, biz_opaque_callback_data and
// recipient_type, each copied as given when present.
//
// Counterpart: recipient_id as a phone ("+digits" rule of phoneIdentifier) and the BSUID from
// recipient_user_id, else from the contacts[] card of recipient_id.
//
// Group statuses (recipient_type "group"): recipient_id is the *group* id, not a person, and there is no
// identifier kind for groups. The status is about one participant, so the counterpart is that participant
// (recipient_participant_id as phone, recipient_participant_user_id as BSUID); the group id goes to
// details.group.id. This keeps Event::dedupeKey per participant (each member's "read" is its own event).
// A group status without participant fields has an empty counterpart.

#include <optional>
#include <string>

#include "channels/whatsapp_cloud/json_util.h"
#include "channels/whatsapp_cloud/value_context.h"
#include "crmsync/model.h"

namespace crmsync::channels::whatsapp {

// Fills `event`, or returns "<pointer>: <reason>" when id or status is missing or not a non-empty string,
// a recipient field is not a string, or the timestamp is not a unix time.
std::optional<std::string> mapStatus(const ValueContext& context, const Json& status, const std::string& pointer,
                                     Event& event);

}  // namespace crmsync::channels::whatsapp
