#include "crm/local/local_mapping.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>

#include "crmsync/model_json.h"

namespace crmsync::connectors::local {

using nlohmann::json;

namespace {

bool isColumnField(const std::vector<std::string>& columns, const std::string& name) {
  return std::find(columns.begin(), columns.end(), name) != columns.end();
}

bool isEmpty(const json& value) { return value.is_null() || (value.is_string() && value.get<std::string>().empty()); }

json extraFields(SQLite::Database& db, const char* table, std::int64_t id) {
  SQLite::Statement q(db, std::string("SELECT fields_json FROM ") + table + " WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return json::object();
  json stored = json::parse(q.getColumn(0).getString(), nullptr, false);
  return stored.is_object() ? stored : json::object();
}

void saveExtraFields(SQLite::Database& db, const char* table, std::int64_t id, const json& fields) {
  SQLite::Statement q(db, std::string("UPDATE ") + table + " SET fields_json = ? WHERE id = ?");
  q.bind(1, fields.dump());
  q.bind(2, id);
  q.exec();
}

// The contact columns a mapping may name, and the SQL column behind each.
const char* contactColumn(const std::string& field) {
  if (field == "name") return "name";
  if (field == "owner" || field == "owner_id") return "owner_id";
  if (field == "source") return "source";
  return nullptr;
}

}  // namespace

void mergeExtraFields(SQLite::Database& db, const char* table, std::int64_t id, const json& fields,
                      const std::vector<std::string>& columnFields) {
  json extra = extraFields(db, table, id);
  bool changed = false;
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    if (isColumnField(columnFields, it.key())) continue;
    extra[it.key()] = *it;
    changed = true;
  }
  if (changed) saveExtraFields(db, table, id, extra);
}

bool applyContactUpdate(SQLite::Database& db, std::int64_t contactId, const std::vector<mapping::FieldWrite>& fields,
                        std::int64_t nowMs) {
  SQLite::Statement exists(db, "SELECT name, owner_id, source FROM contacts WHERE id = ?");
  exists.bind(1, contactId);
  if (!exists.executeStep()) return false;
  json current = {{"name", exists.getColumn(0).getString()},
                  {"owner_id", exists.getColumn(1).getString()},
                  {"source", exists.getColumn(2).getString()}};
  json extra = extraFields(db, "contacts", contactId);
  for (const auto& f : fields) {
    if (f.policy == mapping::WritePolicy::kNever || f.value.is_null()) continue;
    const char* column = contactColumn(f.field);
    const json& now = column ? current[column] : (extra.contains(f.field) ? extra[f.field] : json());
    if (f.policy == mapping::WritePolicy::kOnlyIfEmpty && !isEmpty(now)) continue;
    if (column) {
      SQLite::Statement set(db, std::string("UPDATE contacts SET ") + column + " = ?, updated_at_ms = ? WHERE id = ?");
      set.bind(1, f.value.is_string() ? f.value.get<std::string>() : f.value.dump());
      set.bind(2, nowMs);
      set.bind(3, contactId);
      set.exec();
    } else {
      extra[f.field] = f.value;
    }
  }
  saveExtraFields(db, "contacts", contactId, extra);
  return true;
}

std::vector<RequestPreview> describeActivities(const std::vector<Activity>& activities) {
  std::vector<RequestPreview> out;
  for (const Activity& a : activities) {
    json body = a.fields;
    body["contact_id"] = a.record.id;
    body["idempotency_key"] = a.idempotencyKey;
    body["provider_message_id"] = a.event.providerId;
    if (a.event.kind == EventKind::kMessage) {
      body["direction"] = toString(a.event.direction);
      body["type"] = a.event.type;
      body["media"] = a.event.media;
      out.push_back({"INSERT", "activities", body});
    } else {
      out.push_back({"UPDATE", "activities?contact_id=" + a.record.id + "&provider_message_id=" + a.event.providerId, body});
    }
  }
  return out;
}

}  // namespace crmsync::connectors::local
