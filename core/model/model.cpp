#include "crmsync/model.h"

#include <ostream>
#include <stdexcept>

namespace crmsync {

namespace {
struct KindName {
  IdentifierKind kind;
  const char* name;
};
constexpr KindName kKindNames[] = {
    {IdentifierKind::kPhone, "phone"},
    {IdentifierKind::kPhoneRaw, "phone_raw"},
    {IdentifierKind::kWhatsappBsuid, "whatsapp_bsuid"},
    {IdentifierKind::kTelegram, "telegram"},
    {IdentifierKind::kEmail, "email"},
};
}  // namespace

std::string toString(IdentifierKind kind) {
  for (const auto& kn : kKindNames) {
    if (kn.kind == kind) return kn.name;
  }
  return "unknown";
}

IdentifierKind identifierKindFromString(const std::string& text) {
  for (const auto& kn : kKindNames) {
    if (text == kn.name) return kn.kind;
  }
  throw std::invalid_argument("unknown identifier kind '" + text + "'");
}

std::string toString(EventKind kind) { return kind == EventKind::kMessage ? "message" : "status"; }
std::string toString(Direction direction) { return direction == Direction::kInbound ? "inbound" : "outbound"; }

EventKind eventKindFromString(const std::string& text) {
  if (text == "message") return EventKind::kMessage;
  if (text == "status") return EventKind::kStatus;
  throw std::invalid_argument("unknown event kind '" + text + "'");
}

Direction directionFromString(const std::string& text) {
  if (text == "inbound") return Direction::kInbound;
  if (text == "outbound") return Direction::kOutbound;
  throw std::invalid_argument("unknown direction '" + text + "'");
}

int statusRank(const std::string& status) {
  if (status == "sent") return 1;
  if (status == "delivered") return 2;
  if (status == "read") return 3;
  if (status == "played") return 4;
  if (status == "failed") return 5;
  return 0;
}

std::string Event::dedupeKey() const {
  if (kind == EventKind::kMessage) return channel + ":msg:" + providerId;
  std::string recipient = counterpart.empty() ? std::string{} : counterpart.front().key();
  return channel + ":status:" + providerId + ":" + status + ":" + recipient;
}

std::ostream& operator<<(std::ostream& os, IdentifierKind kind) { return os << toString(kind); }
std::ostream& operator<<(std::ostream& os, EventKind kind) { return os << toString(kind); }
std::ostream& operator<<(std::ostream& os, Direction direction) { return os << toString(direction); }
std::ostream& operator<<(std::ostream& os, const Identifier& id) { return os << id.key(); }
std::ostream& operator<<(std::ostream& os, const Media& media) { return os << "media{" << media.id << "}"; }

}  // namespace crmsync
