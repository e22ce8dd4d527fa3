#pragma once
// Builders shared by the store tests: canonical events and inbox requests with readable defaults.

#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "crmsync/model.h"
#include "crmsync/store.h"

namespace crmsync {
// For Boost.Test messages; store.h declares toString only.
inline std::ostream& operator<<(std::ostream& os, EventState state) { return os << toString(state); }
}  // namespace crmsync

namespace crmsync::test {

constexpr std::int64_t kT0 = 1'700'000'000'000;  // ms

inline Identifier phone(const std::string& e164) { return {IdentifierKind::kPhone, e164}; }

inline Event message(const std::string& wamid, const std::string& phoneE164, std::int64_t timestamp = 1'700'000'000,
                     const std::string& text = "hello") {
  Event e;
  e.kind = EventKind::kMessage;
  e.channel = "whatsapp";
  e.providerId = wamid;
  e.direction = Direction::kInbound;
  e.businessNumber = "15550001111";
  e.businessAccountId = "PNID1";
  e.counterpart = {phone(phoneE164)};
  e.profileName = "Client";
  e.timestamp = timestamp;
  e.type = "text";
  e.text = text;
  return e;
}

inline Event status(const std::string& wamid, const std::string& statusName, const std::string& phoneE164,
                    std::int64_t timestamp = 1'700'000'100) {
  Event e;
  e.kind = EventKind::kStatus;
  e.channel = "whatsapp";
  e.providerId = wamid;
  e.direction = Direction::kOutbound;
  e.businessNumber = "15550001111";
  e.businessAccountId = "PNID1";
  e.counterpart = {phone(phoneE164)};
  e.timestamp = timestamp;
  e.status = statusName;
  return e;
}

inline InboxRequest request(std::vector<Event> events, std::int64_t receivedAtMs = kT0,
                            std::string rawBody = R"({"object":"whatsapp_business_account"})") {
  InboxRequest r;
  r.channel = "whatsapp";
  r.rawBody = std::move(rawBody);
  r.receivedAtMs = receivedAtMs;
  r.events = std::move(events);
  return r;
}

inline InboxRequest unparseable(std::string rawBody, std::string reason, std::int64_t receivedAtMs = kT0) {
  InboxRequest r;
  r.channel = "whatsapp";
  r.rawBody = std::move(rawBody);
  r.receivedAtMs = receivedAtMs;
  r.parseError = std::move(reason);
  return r;
}

inline std::vector<std::int64_t> ids(const std::vector<StoredEvent>& events) {
  std::vector<std::int64_t> out;
  for (const auto& e : events) out.push_back(e.id);
  return out;
}

inline std::vector<std::string> providerIds(const std::vector<StoredEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.event.providerId);
  return out;
}

}  // namespace crmsync::test
