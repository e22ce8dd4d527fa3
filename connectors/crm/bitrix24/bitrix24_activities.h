#pragma once
// Timeline activities as pure translation. Every message becomes one crm.activity.add on the record
// (default TYPE_ID 2 with DIRECTION 1 incoming / 2 outgoing, COMPLETED Y, the text in DESCRIPTION), marked
// ORIGINATOR_ID "crmsync" + ORIGIN_ID = the message's idempotency key, so a lookup on those two fields
// (crm.activity.list, "@ORIGIN_ID" IN) tells whether a retried write already landed.
//
// Delivery statuses update the message's activity in place (crm.activity.update): the status_update fields
// (by default a SUBJECT naming the status) and ORIGIN_VERSION = the status, which the next status is ranked
// against (sent < delivered < read < played, failed wins) so late or repeated statuses change nothing.
// A status for a message Bitrix24 has no activity for creates a placeholder activity (ORIGIN_VERSION
// "placeholder:<status>") that the message fills in if it arrives later.

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "crm/bitrix24/bitrix24_requests.h"
#include "crmsync/crm_connector.h"

namespace crmsync::connectors::bitrix24 {

// The ORIGIN_ID of the activity an Activity is about: its own key for a message, its message's for a status.
std::string messageKey(const Activity& activity);

// crm.activity.list of crmsync's activities with these ORIGIN_IDs (at most 50 keys).
Call activityLookupCall(const std::vector<std::string>& keys);

// What Bitrix24 holds for one message key.
struct StoredActivity {
  std::string id;
  std::string version;  // ORIGIN_VERSION: "" (no status yet), "<status>" or "placeholder:<status>"
};
// Lookup rows by ORIGIN_ID.
std::map<std::string, StoredActivity> storedByKey(const std::vector<nlohmann::json>& rows);

bool isPlaceholder(const std::string& version);
std::string placeholderVersion(const std::string& status);
std::string statusOfVersion(const std::string& version);

// The crm.activity fields for a message (defaults, then the mapping's fields over them, then the fields
// crmsync manages: owner, communications, origin) or a Permanent reason when the mapping names a field
// crmsync cannot write. `responsibleId` is the default RESPONSIBLE_ID (the webhook's user).
std::variant<nlohmann::json, std::string> messageFields(const Activity& activity, const std::string& responsibleId);
// The fields a status writes onto its message's activity (without owner/origin fields).
std::variant<nlohmann::json, std::string> statusFields(const Activity& activity);
// The fields of a placeholder activity for a status whose message Bitrix24 never saw.
std::variant<nlohmann::json, std::string> placeholderFields(const Activity& status, const std::string& responsibleId);

}  // namespace crmsync::connectors::bitrix24
