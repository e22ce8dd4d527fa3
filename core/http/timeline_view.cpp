#include "http/timeline_view.h"

#include <map>

#include "crmsync/model_json.h"

namespace crmsync::http {

using nlohmann::json;

namespace {

json crmState(const StoredEvent& e) {
  return {{"state", toString(e.state)},       {"attempts", e.attempts},           {"last_error", e.lastError},
          {"record_id", e.crmRecordId},       {"activity_id", e.crmActivityId}, {"updated_at_ms", e.updatedAtMs}};
}

json mediaIds(const Event& e) {
  json ids = json::array();
  for (const auto& m : e.media) ids.push_back(m.id);
  return ids;
}

json messageEntry(const StoredEvent& s) {
  const Event& e = s.event;
  return {{"kind", "message"},
          {"provider_id", e.providerId},
          {"channel", e.channel},
          {"business_number", e.businessNumber},
          {"direction", toString(e.direction)},
          {"type", e.type},
          {"text", e.text},
          {"media_ids", mediaIds(e)},
          {"media", e.media},
          {"reply_to", e.replyTo},
          {"forwarded", e.forwarded},
          {"timestamp", e.timestamp},
          {"details", e.details},
          {"status", ""},
          {"status_history", json::array()},
          {"crm", crmState(s)}};
}

json statusItem(const StoredEvent& s) {
  json item = {{"status", s.event.status}, {"timestamp", s.event.timestamp}, {"crm", crmState(s)}};
  if (s.event.details.contains("errors")) item["errors"] = s.event.details["errors"];
  return item;
}

void applyStatus(json& entry, const StoredEvent& s) {
  entry["status_history"].push_back(statusItem(s));
  const std::string current = entry["status"].get<std::string>();
  if (statusRank(s.event.status) >= statusRank(current)) entry["status"] = s.event.status;
}

}  // namespace

json timelineJson(const std::vector<StoredEvent>& events) {
  json out = json::array();
  std::map<std::string, std::size_t> messageIndex;  // provider id -> position in out
  for (const auto& s : events) {
    if (s.event.kind == EventKind::kMessage) {
      messageIndex[s.event.providerId] = out.size();
      out.push_back(messageEntry(s));
    }
  }
  for (const auto& s : events) {
    if (s.event.kind != EventKind::kStatus) continue;
    auto it = messageIndex.find(s.event.providerId);
    if (it != messageIndex.end()) {
      applyStatus(out[it->second], s);
      continue;
    }
    // A status for a message sent outside crmsync: shown on its own, so nothing is hidden.
    json entry = {{"kind", "status"}, {"provider_id", s.event.providerId}, {"channel", s.event.channel},
                  {"business_number", s.event.businessNumber}, {"direction", "outbound"},
                  {"timestamp", s.event.timestamp}, {"status", ""}, {"status_history", json::array()},
                  {"crm", crmState(s)}};
    applyStatus(entry, s);
    messageIndex[s.event.providerId] = out.size();
    out.push_back(entry);
  }
  return out;
}

json eventStateJson(const StoredEvent& s) {
  json j = {{"id", s.id},
            {"kind", toString(s.event.kind)},
            {"provider_id", s.event.providerId},
            {"dedupe_key", s.event.dedupeKey()},
            {"state", toString(s.state)},
            {"attempts", s.attempts},
            {"next_attempt_at_ms", s.nextAttemptAtMs},
            {"last_error", s.lastError},
            {"received_at_ms", s.receivedAtMs},
            {"updated_at_ms", s.updatedAtMs},
            {"crm_record_id", s.crmRecordId},
            {"crm_activity_id", s.crmActivityId},
            {"event", s.event}};
  j["person_id"] = s.personId ? json(*s.personId) : json(nullptr);
  if (s.event.kind == EventKind::kStatus) j["status"] = s.event.status;
  return j;
}

json personJson(const Person& p) {
  json ids = json::array();
  for (const auto& l : p.identifiers) {
    ids.push_back({{"kind", toString(l.identifier.kind)}, {"value", l.identifier.value}, {"source", l.source},
                   {"reason", l.reason}, {"first_seen_ms", l.firstSeenMs}});
  }
  json links = json::array();
  for (const auto& l : p.crmLinks) {
    links.push_back({{"connector", l.connector}, {"object_type", l.objectType}, {"record_id", l.recordId},
                     {"rule", l.rule}, {"reason", l.reason}, {"linked_at_ms", l.linkedAtMs}});
  }
  return {{"id", p.id}, {"display_name", p.displayName}, {"created_at_ms", p.createdAtMs},
          {"identifiers", ids}, {"crm_records", links}};
}

}  // namespace crmsync::http
