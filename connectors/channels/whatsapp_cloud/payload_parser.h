#pragma once
// A whole webhook POST body → events and ignored changes. Walks entry[] × changes[] × (messages[],
// statuses[] | message_echoes[]) and keeps document order (within one value: messages, then statuses).
// Pure, never throws; thread-safe.
//
// Fields: "messages" → inbound messages and statuses; "smb_message_echoes" → outbound messages; any
// other field → one IgnoredChange{field, "not a conversation event"}. A conversation field whose value
// holds nothing to sync (e.g. only value-level errors) → one IgnoredChange saying so.
//
// Refused (ok=false, error "<JSON pointer>: <reason>", no events): not JSON (with nlohmann's byte
// position), nesting deeper than kMaxDepth, top level not an object, `object` other than
// "whatsapp_business_account", `entry` missing or not an array, an entry or change that is not an object,
// a change without `field`, a conversation change without an object `value`, messages/statuses/echoes
// not arrays, and any message or status the mappers refuse. Extra keys anywhere are ignored.

#include <string>

#include "crmsync/channel.h"

namespace crmsync::channels::whatsapp {

// Deepest nesting accepted. Real payloads stay under 10; the limit bounds the recursion that copying
// nested values into Event::details implies.
inline constexpr int kMaxDepth = 64;

ParseResult parsePayload(const std::string& body);

}  // namespace crmsync::channels::whatsapp
