#include "crmsync/model_json.h"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace crmsync {

void to_json(nlohmann::json& j, const Identifier& id) { j = {{"kind", toString(id.kind)}, {"value", id.value}}; }

void from_json(const nlohmann::json& j, Identifier& id) {
  id.kind = identifierKindFromString(j.at("kind").get<std::string>());
  id.value = j.at("value").get<std::string>();
}

void to_json(nlohmann::json& j, const Media& m) {
  j = {{"id", m.id}, {"mime_type", m.mimeType}, {"sha256", m.sha256}, {"url", m.url}, {"filename", m.filename}};
}

void from_json(const nlohmann::json& j, Media& m) {
  m.id = j.value("id", "");
  m.mimeType = j.value("mime_type", "");
  m.sha256 = j.value("sha256", "");
  m.url = j.value("url", "");
  m.filename = j.value("filename", "");
}

namespace {

// get<std::int64_t>() of a float out of range is undefined behaviour, so only integers are accepted.
std::int64_t timestampOf(const nlohmann::json& j) {
  auto it = j.find("timestamp");
  if (it == j.end()) return 0;
  if (!it->is_number_integer() ||
      (it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))) {
    throw std::invalid_argument("event timestamp must be an integer (unix seconds), got " + it->dump());
  }
  return it->get<std::int64_t>();
}

}  // namespace

void to_json(nlohmann::json& j, const Event& e) {
  j = {{"kind", toString(e.kind)},
       {"channel", e.channel},
       {"provider_id", e.providerId},
       {"direction", toString(e.direction)},
       {"business_number", e.businessNumber},
       {"business_account_id", e.businessAccountId},
       {"counterpart", e.counterpart},
       {"profile_name", e.profileName},
       {"timestamp", e.timestamp},
       {"type", e.type},
       {"text", e.text},
       {"media", e.media},
       {"reply_to", e.replyTo},
       {"forwarded", e.forwarded},
       {"status", e.status},
       {"details", e.details}};
}

void from_json(const nlohmann::json& j, Event& e) {
  e.kind = eventKindFromString(j.at("kind").get<std::string>());
  e.channel = j.value("channel", "");
  e.providerId = j.value("provider_id", "");
  e.direction = directionFromString(j.value("direction", "inbound"));
  e.businessNumber = j.value("business_number", "");
  e.businessAccountId = j.value("business_account_id", "");
  e.counterpart = j.value("counterpart", std::vector<Identifier>{});
  e.profileName = j.value("profile_name", "");
  e.timestamp = timestampOf(j);
  e.type = j.value("type", "");
  e.text = j.value("text", "");
  e.media = j.value("media", std::vector<Media>{});
  e.replyTo = j.value("reply_to", "");
  e.forwarded = j.value("forwarded", false);
  e.status = j.value("status", "");
  e.details = j.value("details", nlohmann::json::object());
}

void to_json(nlohmann::json& j, const IgnoredChange& c) { j = {{"field", c.field}, {"reason", c.reason}}; }

}  // namespace crmsync
