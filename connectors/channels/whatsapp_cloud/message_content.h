#pragma once
// The type-specific part of one WhatsApp message: its type, readable text, media and details.
// Pure; never throws on odd input (missing or mistyped content leaves the fields empty); thread-safe.
//
// Type rules:
//  * `type` as given; the older name "unknown" becomes "unsupported".
//  * No `type` (seen in the corpus): inferred from the first known content key present (text, image,
//    video, audio, document, sticker, location, contacts, interactive, button, reaction, order, system,
//    edit, revoke, unsupported); "unsupported" when none is present.
//  * A type we do not know is kept as given, with empty text and its raw content in details[<type>].

#include <string>

#include "channels/whatsapp_cloud/json_util.h"
#include "crmsync/model.h"

namespace crmsync::channels::whatsapp {

// The message type per the rules above.
std::string messageType(const Json& message);

// Fills event.text, event.media and event.details from the content of `message` of type `type`. Does not
// touch the common fields (id, sender, timestamp, context, referral, errors). For "edit", text and
// media come from the nested edit.message and details.edit names the original message.
void mapContent(const Json& message, const std::string& type, Event& event);

}  // namespace crmsync::channels::whatsapp
