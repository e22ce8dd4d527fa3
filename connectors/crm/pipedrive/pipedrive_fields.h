#pragma once
// The mapping document's field names, translated into Pipedrive request bodies (pure, no I/O).
//
// Person (contact_create / contact_update, object "person", POST/PATCH /api/v2/persons):
//   name; owner_id, org_id, visible_to (whole numbers, or text of digits); phone / phones, email / emails
//   (text; the plural forms take a comma-separated list; the first is primary); any 40-character hex key
//   is a custom field (Pipedrive keys custom fields by such hashes, see GET /api/v1/personFields).
// Note (message_activity / status_update, object "note", POST /api/v1/notes):
//   content (alias body): the text, HTML-escaped by the connector; subject: a bold first line;
//   add_time ("YYYY-MM-DD HH:MM:SS", UTC; default: the event's time); deal_id, org_id, project_id,
//   user_id (whole numbers); lead_id (text); pinned_to_{person,deal,organization,lead,project}_flag (true/false).
// Any other name is refused with a Permanent outcome naming it and the names allowed.
// Null values are left out (nothing to write).

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "crm/pipedrive/pipedrive_requests.h"
#include "crmsync/crm_connector.h"

namespace crmsync::connectors::pipedrive {

// The person custom fields crmsync uses, by key ("" when the CRM has none).
struct PersonFieldKeys {
  std::string creationKey;  // "crmsync key": the draft's creationKey, for an idempotent create
  std::string bsuid;        // "WhatsApp BSUID": the client's business-scoped user id, when the admin made one
};
inline constexpr const char* kCreationKeyFieldName = "crmsync key";
inline constexpr const char* kBsuidFieldName = "WhatsApp BSUID";

bool isCustomFieldKey(const std::string& field);

// Body of POST /api/v2/persons for a draft: mapped fields, else the draft's name and phones, plus the
// custom fields crmsync keeps.
Result<nlohmann::json> personCreateBody(const ContactDraft& draft, const PersonFieldKeys& keys);
// Body of PATCH /api/v2/persons/{id}: the writes whose policy allows them given `current` (needed only
// when a write is only_if_empty). An empty object means there is nothing to change.
Result<nlohmann::json> personPatchBody(const std::vector<mapping::FieldWrite>& writes, const PersonRecord* current);
bool needsCurrentPerson(const std::vector<mapping::FieldWrite>& writes);

// "YYYY-MM-DD HH:MM:SS" (UTC) of unix seconds; "" for 0.
std::string addTime(std::int64_t unixSeconds);
// The add_time window (YYYY-MM-DD, one day either side, since Pipedrive may read the dates in the
// company's time zone) that holds every one of these add_times; nullopt when one is missing or unreadable.
std::optional<std::pair<std::string, std::string>> dateWindow(const std::vector<std::string>& addTimes);
// The note text for an activity: the mapped content (or body), else the event's text, else "[<type>]".
std::string noteText(const Activity& activity);
// Body of POST /api/v1/notes for a message (content with its marker) or for a status the CRM has no
// message note for (a placeholder carrying the status).
Result<nlohmann::json> messageNoteBody(const Activity& activity);
Result<nlohmann::json> placeholderNoteBody(const Activity& status);
// The paragraph a status appends to its message's note.
std::string statusText(const Activity& status);

}  // namespace crmsync::connectors::pipedrive
