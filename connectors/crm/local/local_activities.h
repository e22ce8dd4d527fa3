#pragma once
// Timeline writes of the local CRM: messages keyed by idempotency key, delivery statuses applied in place.
// Internal to the local connector: callers hold the connector's mutex and a write transaction. SQLite
// errors propagate as SQLite::Exception.

#include <cstdint>
#include <string>
#include <vector>

#include "crm/local/local_connector.h"
#include "crmsync/crm_connector.h"

namespace SQLite {
class Database;
}

namespace crmsync::connectors::local {

// The status an activity shows after `incoming` arrives, by crmsync::statusRank: sent < delivered < read
// < played, never downgraded; "failed" always wins and stays; any other status (deleted, warning, ...) only
// fills an empty status. Every status is recorded in the history regardless.
std::string strongerStatus(const std::string& current, const std::string& incoming);

// Writes one activity of an existing contact. A message is inserted once per idempotency key (again: the
// existing id, nothing changed); a placeholder created earlier by its statuses is filled in instead. A status
// updates the message's activity (same contact and provider message id), or creates an outbound
// placeholder for a message this CRM never saw. Item-level problems come back as a Permanent outcome.
ActivityResult writeActivity(SQLite::Database& db, std::int64_t contactId, const Activity& activity,
                             std::int64_t nowMs);

std::vector<StoredActivity> loadActivities(SQLite::Database& db, std::int64_t contactId);

}  // namespace crmsync::connectors::local
