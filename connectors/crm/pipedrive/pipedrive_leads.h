#pragma once
// Unknown clients as Pipedrive leads (mapping contact_create.object "lead"): the person is created as
// usual (idempotent on the "crmsync key" custom field), then one lead on it with POST /api/v1/leads.
// Leads have no external id, so the connector looks before it writes: GET /api/v1/leads?person_id=…
// (a person crmsync just created that already has a lead got it from an earlier attempt whose answer
// was lost). Mapping fields named "lead.<field>" go on the lead: lead.title (default "WhatsApp: <name>"),
// lead.owner_id (user id), lead.label_ids (lead label UUIDs, an array or one id); the others on the
// person. Pure: requests in, parsed answers out.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "crmsync/crm_connector.h"
#include "crmsync/http_client.h"
#include "crmsync/result.h"

namespace crmsync::connectors::pipedrive {

// contact_create.object names a lead ("lead", "leads").
bool isLeadObject(const std::string& object);
// The draft without its "lead.*" fields: what the person is created from.
ContactDraft personDraftOf(const ContactDraft& draft);
// POST /api/v1/leads body: title, person_id and the mapped lead fields; Permanent for an unknown or
// ill-typed lead field.
Result<nlohmann::json> leadCreateBody(const ContactDraft& draft, const std::string& personId);

HttpRequest listPersonLeads(const std::string& personId);  // GET /api/v1/leads?person_id=…&limit=1
HttpRequest createLead(const nlohmann::json& body);        // POST /api/v1/leads
// Whether a lead list answer ({"success":true,"data":[…]|null}) holds any lead; nullopt when unreadable.
std::optional<bool> hasLeads(const std::string& body);

}  // namespace crmsync::connectors::pipedrive
