#pragma once
// Timeline writes as HubSpot Communications (hs_communication_channel_type WHATS_APP, logged from CRM),
// associated to the contact. Every communication carries its message's idempotency key in the unique
// property crmsync_idempotency_key and is written with batch/upsert keyed on it, so a write retried
// after a timeout updates the communication the first attempt made instead of adding one. A delivery
// status updates its message's communication in place (crmsync_whatsapp_status, highest rank wins); a
// status for a message crmsync never wrote creates a placeholder communication under that message's key,
// which the message fills in when it arrives. Pure: properties and request bodies, no I/O.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crm/hubspot/hubspot_batch.h"
#include "crm/hubspot/hubspot_values.h"
#include "crmsync/crm_connector.h"

namespace crmsync::connectors::hubspot {

// Why `activity` cannot be written at all (a Permanent reason), "" when it can: it needs an idempotency
// key, a contact record, the communications object, and (statuses) the id of the message.
std::string unwritableReason(const Activity& activity);

// The idempotency key of the message a status event is about: its communication's key.
std::string messageKeyOf(const Event& status);

// A mapping document's fields as HubSpot properties: null values are left out; "body" is accepted as
// an alias of hs_communication_body.
Properties mappedProperties(const nlohmann::json& fields);

// Every property of a message's communication: the mapped fields, and what the connector owns (channel,
// logged-from, key; body and hs_timestamp unless mapped). `nowMs` stands in for a missing event time.
Properties messageProperties(const Activity& message, std::int64_t nowMs);

// What the statuses of one message write onto its communication: their mapped fields and the strongest
// status of `current` and theirs. When the communication does not exist (`exists` false) a placeholder
// message is written as well (channel, body naming the message, timestamp of the first status).
Properties statusProperties(const std::vector<const Activity*>& statuses, const std::string& current, bool exists,
                            std::int64_t nowMs);

// `incoming` when it ranks above `current` (sent < delivered < read < played; failed wins), else `current`.
std::string strongerStatus(const std::string& current, const std::string& incoming);

// The communications of these activities' messages, read by key (statuses need the current status).
HttpRequest readCommunicationsRequest(const std::vector<std::string>& keys);
// batch/upsert of communications keyed on crmsync_idempotency_key.
HttpRequest upsertCommunicationsRequest(const std::vector<UpsertInput>& inputs);
// v4 batch association of communications (id) to contacts (id), type 81.
HttpRequest associateCommunicationsRequest(const std::vector<std::pair<std::string, std::string>>& pairs);

// The requests write() sends for these activities, in order, with placeholders for ids only HubSpot
// knows ("{communication id of <key>}"). Statuses are shown as if their message's communication exists.
std::vector<RequestPreview> previewWrites(const std::vector<Activity>& activities, std::int64_t nowMs);

}  // namespace crmsync::connectors::hubspot
