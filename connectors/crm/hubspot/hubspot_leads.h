#pragma once
// Unknown clients as HubSpot leads (mapping contact_create.object "leads"): the contact is created as
// usual (batch/upsert on crmsync_person_key), then one lead associated to it as its primary contact.
// POST /crm/v3/objects/leads has no idempotency key, so the connector looks before it writes: a contact
// crmsync just created that already has a lead got it from an earlier attempt whose answer was lost.
// Mapping fields named "lead.<property>" go on the lead (e.g. "lead.hs_pipeline_stage"); the others on
// the contact. Pure: requests in, parsed answers out.

#include <string>

#include "crm/hubspot/hubspot_values.h"
#include "crmsync/crm_connector.h"

namespace crmsync::connectors::hubspot {

inline constexpr const char* kLeadFieldPrefix = "lead.";
inline constexpr const char* kDefaultLeadPipeline = "lead-pipeline-id";
inline constexpr const char* kDefaultLeadStage = "new-stage-id";
// lead -> contact, HUBSPOT_DEFINED ("lead_to_primary_contact"); a lead must have one when created.
inline constexpr int kLeadToPrimaryContact = 578;

// contact_create.object names a lead ("leads", "lead").
bool isLeadsObject(const std::string& object);
// True for a mapping field that belongs on the lead ("lead.<property>").
bool isLeadField(const std::string& name);

// The lead's properties: the mapping's "lead.*" fields, and where it leaves them out hs_lead_name
// ("WhatsApp: <display name>"), hs_pipeline (lead-pipeline-id) and hs_pipeline_stage (new-stage-id).
Properties leadProperties(const ContactDraft& draft);
// POST /crm/v3/objects/leads {"properties": ..., "associations": [to the contact, type 578]}.
HttpRequest createLeadRequest(const std::string& contactId, const Properties& properties);
// GET /crm/v4/objects/contacts/<id>/associations/leads?limit=1: does the contact have a lead already.
HttpRequest contactLeadsRequest(const std::string& contactId);

}  // namespace crmsync::connectors::hubspot
