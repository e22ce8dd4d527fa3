#pragma once
// How a WhatsApp message lives in a Pipedrive note (pure text handling, no I/O).
//
// Pipedrive has no idempotency keys and no external ids for notes, so every note crmsync writes carries
// its idempotency key in a small marker paragraph at the end of its HTML content:
//
//   <p><b>WhatsApp inbound text</b></p><p>Hello<br>there</p><p><small>[crmsync:whatsapp:msg:wamid.X]</small></p>
//
// and the connector lists the person's notes before writing (lookup-before-write). Delivery statuses
// update the message's note in place: each status appends one paragraph carrying its own marker
// ("[crmsync-status:<status key>]"), so a status applied twice is seen and not appended again. A status
// for a message Pipedrive never got creates a placeholder note ("[crmsync-placeholder]") that the message
// fills in when it arrives. Markers are plain text so that Pipedrive's HTML sanitiser keeps them.

#include <string>
#include <vector>

#include "crmsync/model.h"

namespace crmsync::connectors::pipedrive {

inline constexpr const char* kPlaceholderMarker = "[crmsync-placeholder]";

std::string htmlEscape(const std::string& text);
// Text as HTML: escaped, line breaks as <br>.
std::string htmlText(const std::string& text);

// "[crmsync:<key>]" / "[crmsync-status:<key>]", HTML-escaped as they appear in note content.
std::string noteMarker(const std::string& idempotencyKey);
std::string statusMarker(const std::string& statusKey);

std::string messageContent(const std::string& subject, const std::string& text, const std::string& idempotencyKey);
std::string statusParagraph(const std::string& text, const std::string& statusKey);
std::string placeholderContent(const std::string& messageKey);

// The idempotency key of the note's own "[crmsync:…]" marker (unescaped), "" when it has none.
std::string ownKey(const std::string& content);
bool isPlaceholder(const std::string& content);
// The status paragraphs crmsync appended to a note, in order (kept when a placeholder is filled in).
std::string statusParagraphs(const std::string& content);

// The idempotency key of the message a status event is about (Event::dedupeKey of that message).
std::string messageKeyOf(const Event& status);

}  // namespace crmsync::connectors::pipedrive
