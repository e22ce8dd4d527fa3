#pragma once
// How the local CRM takes its field choices from the mapping document: fixed columns for the fields it
// knows (contact: name, owner, source; activity: subject, body), everything else in a JSON column, and
// write policies for updates. Also the request preview. Internal to the local connector; callers hold the
// connector's mutex and a transaction.

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <vector>

#include "crmsync/crm_connector.h"

namespace crmsync::connectors::local {

// Stores the mapped fields that have no column of their own, merged into the row's fields_json.
void mergeExtraFields(SQLite::Database& db, const char* table, std::int64_t id, const nlohmann::json& fields,
                      const std::vector<std::string>& columnFields);

// Applies a contact_update with its policies. Returns false when the contact does not exist.
bool applyContactUpdate(SQLite::Database& db, std::int64_t contactId, const std::vector<mapping::FieldWrite>& fields,
                        std::int64_t nowMs);

// What write() would do, as requests: INSERT activities / UPDATE activities.
std::vector<RequestPreview> describeActivities(const std::vector<Activity>& activities);

}  // namespace crmsync::connectors::local
