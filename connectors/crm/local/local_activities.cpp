#include "crm/local/local_activities.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <optional>

#include "crmsync/model_json.h"

namespace crmsync::connectors::local {

namespace {

using nlohmann::json;

constexpr const char* kPlaceholderType = "placeholder";

std::string textField(const Activity& a, const char* name, const std::string& fallback) {
  auto it = a.fields.find(name);
  return (it != a.fields.end() && it->is_string()) ? it->get<std::string>() : fallback;
}

json historyEntry(const Activity& a) {
  return {{"status", a.event.status}, {"timestamp", a.event.timestamp}, {"key", a.idempotencyKey}};
}

ActivityResult ok(std::int64_t id) { return {Outcome::ok(), std::to_string(id)}; }

std::optional<std::int64_t> activityByKey(SQLite::Database& db, const std::string& key) {
  SQLite::Statement stmt(db, "SELECT id FROM activities WHERE idempotency_key = ?");
  stmt.bind(1, key);
  if (!stmt.executeStep()) return std::nullopt;
  return stmt.getColumn(0).getInt64();
}

struct MessageRow {
  std::int64_t id = 0;
  std::string status;
  json history;
  bool placeholder = false;
};

std::optional<MessageRow> messageRow(SQLite::Database& db, std::int64_t contactId, const std::string& providerId) {
  SQLite::Statement stmt(db,
                         "SELECT id, status, status_history_json, placeholder FROM activities "
                         "WHERE contact_id = ? AND provider_message_id = ? ORDER BY id LIMIT 1");
  stmt.bind(1, contactId);
  stmt.bind(2, providerId);
  if (!stmt.executeStep()) return std::nullopt;
  return MessageRow{stmt.getColumn(0).getInt64(), stmt.getColumn(1).getString(),
                    json::parse(stmt.getColumn(2).getString()), stmt.getColumn(3).getInt() != 0};
}

// Binds the message content columns at ?1..?9 (key, provider id, channel, direction, type, subject, body,
// media, business number) and ?10 occurred_at.
void bindContent(SQLite::Statement& stmt, const Activity& a) {
  const Event& e = a.event;
  stmt.bind(1, a.idempotencyKey);
  stmt.bind(2, e.providerId);
  stmt.bind(3, e.channel);
  stmt.bind(4, toString(e.direction));
  stmt.bind(5, e.type);
  stmt.bind(6, textField(a, "subject", ""));
  stmt.bind(7, textField(a, "body", e.text));
  stmt.bind(8, json(e.media).dump());
  stmt.bind(9, e.businessNumber);
  stmt.bind(10, e.timestamp);
}

void fillPlaceholder(SQLite::Database& db, const MessageRow& row, const Activity& a, std::int64_t nowMs) {
  SQLite::Statement stmt(db,
                         "UPDATE activities SET idempotency_key = ?1, provider_message_id = ?2, channel = ?3, "
                         "direction = ?4, type = ?5, subject = ?6, body = ?7, media_json = ?8, business_number = ?9, "
                         "occurred_at = ?10, status = ?11, placeholder = 0, updated_at_ms = ?12 WHERE id = ?13");
  bindContent(stmt, a);
  stmt.bind(11, strongerStatus(row.status, a.event.status));
  stmt.bind(12, nowMs);
  stmt.bind(13, row.id);
  stmt.exec();
}

std::int64_t insertActivity(SQLite::Database& db, std::int64_t contactId, const Activity& a, const json& history,
                            bool placeholder, std::int64_t nowMs) {
  SQLite::Statement stmt(db,
                         "INSERT INTO activities(idempotency_key, provider_message_id, channel, direction, type, "
                         "subject, body, media_json, business_number, occurred_at, status, status_history_json, "
                         "placeholder, contact_id, created_at_ms, updated_at_ms) "
                         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)");
  bindContent(stmt, a);
  stmt.bind(11, a.event.status);
  stmt.bind(12, history.dump());
  stmt.bind(13, placeholder ? 1 : 0);
  stmt.bind(14, contactId);
  stmt.bind(15, nowMs);
  stmt.exec();
  return db.getLastInsertRowid();
}

ActivityResult writeMessage(SQLite::Database& db, std::int64_t contactId, const Activity& a, std::int64_t nowMs) {
  if (std::optional<std::int64_t> existing = activityByKey(db, a.idempotencyKey)) return ok(*existing);
  if (!a.event.providerId.empty()) {
    std::optional<MessageRow> row = messageRow(db, contactId, a.event.providerId);
    if (row && row->placeholder) {
      fillPlaceholder(db, *row, a, nowMs);
      return ok(row->id);
    }
  }
  return ok(insertActivity(db, contactId, a, json::array(), false, nowMs));
}

bool hasKey(const json& history, const std::string& key) {
  for (const json& entry : history) {
    if (entry.value("key", "") == key) return true;
  }
  return false;
}

// A status of a message sent by another tool: an outbound activity that holds only its statuses.
ActivityResult insertPlaceholder(SQLite::Database& db, std::int64_t contactId, const Activity& a, std::int64_t nowMs) {
  Activity placeholder = a;
  placeholder.event.direction = Direction::kOutbound;
  placeholder.event.type = kPlaceholderType;
  placeholder.event.text = "";
  placeholder.event.media.clear();
  placeholder.fields = json::object();
  return ok(insertActivity(db, contactId, placeholder, json::array({historyEntry(a)}), true, nowMs));
}

ActivityResult writeStatus(SQLite::Database& db, std::int64_t contactId, const Activity& a, std::int64_t nowMs) {
  if (a.event.providerId.empty()) return {Outcome::permanent("status event without a message id"), ""};
  std::optional<MessageRow> row = messageRow(db, contactId, a.event.providerId);
  if (!row) {
    if (std::optional<std::int64_t> existing = activityByKey(db, a.idempotencyKey)) return ok(*existing);
    return insertPlaceholder(db, contactId, a, nowMs);
  }
  if (hasKey(row->history, a.idempotencyKey)) return ok(row->id);
  row->history.push_back(historyEntry(a));
  SQLite::Statement stmt(db,
                         "UPDATE activities SET status = ?, status_history_json = ?, updated_at_ms = ? WHERE id = ?");
  stmt.bind(1, strongerStatus(row->status, a.event.status));
  stmt.bind(2, row->history.dump());
  stmt.bind(3, nowMs);
  stmt.bind(4, row->id);
  stmt.exec();
  return ok(row->id);
}

StoredActivity readActivity(SQLite::Statement& s) {
  StoredActivity a;
  a.id = std::to_string(s.getColumn(0).getInt64());
  a.contactId = std::to_string(s.getColumn(1).getInt64());
  a.idempotencyKey = s.getColumn(2).getString();
  a.providerMessageId = s.getColumn(3).getString();
  a.channel = s.getColumn(4).getString();
  a.direction = s.getColumn(5).getString();
  a.type = s.getColumn(6).getString();
  a.subject = s.getColumn(7).getString();
  a.body = s.getColumn(8).getString();
  a.media = json::parse(s.getColumn(9).getString());
  a.businessNumber = s.getColumn(10).getString();
  a.occurredAt = s.getColumn(11).getInt64();
  a.status = s.getColumn(12).getString();
  a.statusHistory = json::parse(s.getColumn(13).getString());
  a.createdAtMs = s.getColumn(14).getInt64();
  a.updatedAtMs = s.getColumn(15).getInt64();
  return a;
}

}  // namespace

std::string strongerStatus(const std::string& current, const std::string& incoming) {
  if (current.empty()) return incoming;
  return statusRank(incoming) > statusRank(current) ? incoming : current;
}

ActivityResult writeActivity(SQLite::Database& db, std::int64_t contactId, const Activity& activity,
                             std::int64_t nowMs) {
  if (activity.idempotencyKey.empty()) return {Outcome::permanent("activity without an idempotency key"), ""};
  if (activity.event.kind == EventKind::kStatus) return writeStatus(db, contactId, activity, nowMs);
  return writeMessage(db, contactId, activity, nowMs);
}

std::vector<StoredActivity> loadActivities(SQLite::Database& db, std::int64_t contactId) {
  SQLite::Statement stmt(db,
                         "SELECT id, contact_id, idempotency_key, provider_message_id, channel, direction, type, "
                         "subject, body, media_json, business_number, occurred_at, status, status_history_json, "
                         "created_at_ms, updated_at_ms FROM activities WHERE contact_id = ? ORDER BY occurred_at, id");
  stmt.bind(1, contactId);
  std::vector<StoredActivity> out;
  while (stmt.executeStep()) out.push_back(readActivity(stmt));
  return out;
}

}  // namespace crmsync::connectors::local
