#pragma once
// Canonical model shared by every layer: identifiers, events (messages and status updates), media.
// Plain value types; thread-compatible (no internal locking). JSON conversion lives in model_json.h.

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace crmsync {

// What an identifier names. `phone` values are always E.164 ("+79161234567"); a number libphonenumber
// cannot parse is kept as `phone_raw` with the text as received, never dropped.
enum class IdentifierKind { kPhone, kPhoneRaw, kWhatsappBsuid, kTelegram, kEmail };

std::string toString(IdentifierKind kind);
// Throws std::invalid_argument naming the unknown text.
IdentifierKind identifierKindFromString(const std::string& text);

struct Identifier {
  IdentifierKind kind = IdentifierKind::kPhone;
  std::string value;

  // "phone:+79161234567": the stable key used by the ledger and the store.
  std::string key() const { return toString(kind) + ":" + value; }
  bool operator==(const Identifier& o) const { return kind == o.kind && value == o.value; }
};

enum class EventKind { kMessage, kStatus };
enum class Direction { kInbound, kOutbound };

std::string toString(EventKind kind);
std::string toString(Direction direction);
EventKind eventKindFromString(const std::string& text);
Direction directionFromString(const std::string& text);

struct Media {
  std::string id;        // provider media id (WhatsApp media id)
  std::string mimeType;
  std::string sha256;
  std::string url;       // may be empty; provider URLs expire
  std::string filename;  // documents only
  bool operator==(const Media& o) const {
    return id == o.id && mimeType == o.mimeType && sha256 == o.sha256 && url == o.url && filename == o.filename;
  }
};

// One thing that happened in a conversation. A message (either direction) or a delivery status of a
// message. Fields that do not apply are left empty.
struct Event {
  EventKind kind = EventKind::kMessage;
  std::string channel;            // "whatsapp"
  std::string providerId;         // message id (wamid); for a status, the id of the message it is about
  Direction direction = Direction::kInbound;
  std::string businessNumber;     // the firm's number as the provider shows it (display_phone_number)
  std::string businessAccountId;  // provider id of the business endpoint (phone_number_id)
  std::vector<Identifier> counterpart;  // the client's identifiers (sender of inbound, recipient of outbound)
  std::string profileName;        // the client's display name as the provider reports it
  std::int64_t timestamp = 0;     // unix seconds, provider clock
  std::string type;               // message: text, image, ..., reaction, edit, revoke, system, unsupported
  std::string text;               // body, caption, or a readable rendering of structured content
  std::vector<Media> media;
  std::string replyTo;            // provider id of the message this one answers
  bool forwarded = false;
  std::string status;             // status events: sent, delivered, read, played, failed, deleted, ...
  nlohmann::json details = nlohmann::json::object();  // type-specific facts: location, reaction, errors, pricing

  // The provider-level identity used for de-duplication: a redelivered message has the same key; a
  // status is keyed by message id, status and recipient.
  std::string dedupeKey() const;
};

// Delivery statuses only move forward: sent < delivered < read < played. "failed" always wins, because
// the provider reports it once the message is lost for good. Unknown statuses rank 0. Providers deliver
// statuses out of order, so the current status is the highest rank seen, not the latest arrival.
int statusRank(const std::string& status);

// Part of a webhook body that was understood but is deliberately not synced (account, template or call
// updates). Recorded, counted, never treated as an error.
struct IgnoredChange {
  std::string field;   // e.g. "account_update"
  std::string reason;  // e.g. "not a conversation event"
};

// Printable forms, for tests and diagnostics.
std::ostream& operator<<(std::ostream& os, IdentifierKind kind);
std::ostream& operator<<(std::ostream& os, EventKind kind);
std::ostream& operator<<(std::ostream& os, Direction direction);
std::ostream& operator<<(std::ostream& os, const Identifier& id);
std::ostream& operator<<(std::ostream& os, const Media& media);

}  // namespace crmsync
