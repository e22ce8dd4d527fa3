#pragma once
// Contacts and leads in Bitrix24, as pure translation: the calls that find a person by phone/email
// (crm.duplicate.findbycomm, then crm.<entity>.list by ID), the candidates read back, the fields of a new
// record (idempotent through ORIGINATOR_ID "crmsync" + ORIGIN_ID = creation key) and of a contact_update.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "crm/bitrix24/bitrix24_requests.h"
#include "crmsync/crm_connector.h"

namespace crmsync::connectors::bitrix24 {

// "contact"/"CONTACT" → CONTACT, "lead"/"LEAD" → LEAD; "" → CONTACT; nullopt for anything else.
std::optional<std::string> entityType(const std::string& objectType);
// CONTACT → "contact", LEAD → "lead".
std::string objectTypeOf(const std::string& entityType);
// crm.enum.ownertype: LEAD 1, DEAL 2, CONTACT 3, COMPANY 4; 0 when unknown.
int ownerTypeId(const std::string& entityType);
// "crm.contact" / "crm.lead".
std::string methodPrefix(const std::string& entityType);

// One crm.duplicate.findbycomm call and whom it is for.
struct FindCall {
  std::size_t query;       // index into the queries
  std::string entityType;  // CONTACT, LEAD
  Call call;
};
// Per query and entity type: every phone variant (and phone_raw text) in calls of at most 20 values, and
// the e-mail identifiers in one more. Bitrix24 normalises stored and queried numbers alike, so the
// variants (E.164 digits, national with and without trunk prefix) cover the ways numbers are typed.
std::vector<FindCall> findCalls(const std::vector<LookupQuery>& queries, const std::vector<std::string>& entityTypes);
// The ids of `entityType` in a findbycomm result ({"CONTACT":[275,2297]}, or [] when nothing matched).
std::vector<std::string> foundIds(const nlohmann::json& result, const std::string& entityType);
// crm.<entity>.list of these ids (at most 50) with the fields a candidate needs.
Call listByIdsCall(const std::string& entityType, const std::vector<std::string>& ids);
// A list row as a candidate: phones exactly as stored, e-mails as identifiers, owner, DATE_MODIFY.
CrmCandidate toCandidate(const nlohmann::json& row, const std::string& entityType);

// crm.<entity>.list filtered on ORIGINATOR_ID "crmsync" + ORIGIN_ID = the creation key.
Call originLookupCall(const std::string& entityType, const std::string& creationKey);
// crm.<entity>.add for the draft: the mapping's fields (null ones left out) over the defaults (NAME, and
// TITLE for a lead, from the display name), PHONE/EMAIL from the identifiers, ORIGINATOR_ID/ORIGIN_ID.
// A field name that is not a Bitrix24 field, or one crmsync manages itself, is an error (the message).
std::variant<Call, std::string> addCall(const std::string& entityType, const ContactDraft& draft);

// contact_update: the fields to write given the record's current values (`current` may be null when no
// field is only_if_empty). Policy never and null values are skipped; only_if_empty writes only into an
// empty field. A bad field name is an error (the message).
std::variant<nlohmann::json, std::string> updateFields(const ContactUpdate& change, const nlohmann::json& current);
// True when any field of the change needs the record's current values.
bool needsCurrentValues(const ContactUpdate& change);

}  // namespace crmsync::connectors::bitrix24
