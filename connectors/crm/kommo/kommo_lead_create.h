#pragma once
// Unknown clients as Kommo leads (mapping contact_create.object "leads"): one POST /api/v4/leads/complex
// creates the lead together with its new contact (the same contact POST /api/v4/contacts would create,
// CRMSYNC_KEY included), so the contact exists exactly when the lead does. A retry looks the contact up
// by its creation key first, as for plain contacts. Mapping fields named "lead.<field>" go on the lead:
// lead.name (default "WhatsApp: <name>"), lead.pipeline_id, lead.status_id, lead.responsible_user_id,
// lead.price (whole numbers) and lead.tags (a name or a list of names); the others on the contact.
// Pure: bodies in, parsed answers out.

#include <string>

#include <nlohmann/json.hpp>

#include "crmsync/crm_connector.h"
#include "crmsync/result.h"

namespace crmsync::connectors::kommo {

// contact_create.object names a lead ("leads", "lead").
bool isLeadObject(const std::string& object);
// The POST /api/v4/leads/complex body (an array of one lead with its contact in _embedded.contacts);
// Permanent for an unknown or ill-typed lead field.
Result<nlohmann::json> complexLeadBody(const ContactDraft& draft);
// The new contact's id from the complex answer ([{"id", "contact_id", …}]), "" when absent.
std::string complexContactId(const nlohmann::json& answer);

}  // namespace crmsync::connectors::kommo
