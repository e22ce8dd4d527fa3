#pragma once
// Kommo contacts, translated without I/O: the searches find() sends, what a found contact becomes, the
// bodies of create (POST /api/v4/contacts, an array) and update (PATCH /api/v4/contacts/{id}), and the
// two custom fields crmsync keeps on contacts. Pure; thread-safe.
//
// Search (GET /api/v4/contacts?query=): a substring search over the contact's field values (✅); whether
// Kommo compares phone digits or the text as typed is unconfirmed (❓). The terms below find every
// spelling if Kommo compares digits, and the common formatted spellings if it compares text.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crmsync/crm_connector.h"

namespace crmsync::connectors::kommo {

// Custom text fields on contacts, created by crmsync when missing (kommo_connector.h).
inline constexpr const char* kKeyFieldCode = "CRMSYNC_KEY";       // ContactDraft::creationKey
inline constexpr const char* kBsuidFieldCode = "WHATSAPP_BSUID";  // WhatsApp business-scoped user id

// Per phone: the national significant number (a digit substring of every spelling), then the
// international and national spellings libphonenumber writes; other identifiers as they are. Distinct,
// in that order.
std::vector<std::string> searchTerms(const LookupQuery& query);
// GET target of one search (KommoApi adds limit and page).
std::string searchTarget(const std::string& term);

// A contact from any list or GET answer: phones exactly as stored in PHONE, emails and BSUIDs as
// other identifiers, owner, updated_at.
CrmCandidate toCandidate(const nlohmann::json& contact);
// The contacts of a list page.
std::vector<CrmCandidate> candidatesOf(const nlohmann::json& page);
// The contact on `page` whose CRMSYNC_KEY field holds exactly `key` (search is substring: "…-4" finds "…-42").
std::optional<std::string> contactWithKey(const nlohmann::json& page, const std::string& key);

// POST /api/v4/contacts body (an array of one contact): the mapping's contact_create fields (kommo_fields.h)
// over the draft's defaults (name, source tag), every phone in PHONE as given, emails in EMAIL, the BSUID
// and the creation key in crmsync's fields.
nlohmann::json createBody(const ContactDraft& draft);
// The new contact's id from the POST answer (_embedded.contacts[0].id), "" when absent.
std::string createdId(const nlohmann::json& answer);

std::string contactTarget(const std::string& id, bool withLeads);
// PATCH /api/v4/contacts/{id} body for a contact_update against the contact as it is now; nullopt when
// nothing is to be written (never, null values, only_if_empty over a filled field).
std::optional<nlohmann::json> updateBody(const nlohmann::json& current, const std::vector<mapping::FieldWrite>& fields);
// True when any write needs the current contact (only_if_empty with a value).
bool needsCurrent(const std::vector<mapping::FieldWrite>& fields);

// GET /api/v4/contacts/custom_fields (paged), and which of crmsync's field codes a page holds.
std::string customFieldsTarget();
std::vector<std::string> fieldCodesOf(const nlohmann::json& page);
// POST /api/v4/contacts/custom_fields body creating the text fields with these codes.
nlohmann::json customFieldsBody(const std::vector<std::string>& codes);

// A Kommo id is a positive integer; anything else cannot name a Kommo record.
bool isKommoId(const std::string& id);

}  // namespace crmsync::connectors::kommo
