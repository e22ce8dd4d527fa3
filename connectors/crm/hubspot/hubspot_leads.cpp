#include "crm/hubspot/hubspot_leads.h"

#include "crm/hubspot/hubspot_contacts.h"

namespace crmsync::connectors::hubspot {

using nlohmann::json;

bool isLeadsObject(const std::string& object) { return object == "leads" || object == "lead"; }

bool isLeadField(const std::string& name) { return name.rfind(kLeadFieldPrefix, 0) == 0; }

Properties leadProperties(const ContactDraft& draft) {
  Properties p;
  for (const auto& [name, value] : fieldProperties(draft.fields)) {
    if (isLeadField(name)) p[name.substr(std::string(kLeadFieldPrefix).size())] = value;
  }
  if (!p.count("hs_lead_name")) p["hs_lead_name"] = "WhatsApp: " + draft.displayName;
  if (!p.count("hs_pipeline")) p["hs_pipeline"] = kDefaultLeadPipeline;
  if (!p.count("hs_pipeline_stage")) p["hs_pipeline_stage"] = kDefaultLeadStage;
  return p;
}

HttpRequest createLeadRequest(const std::string& contactId, const Properties& properties) {
  json association = {{"to", {{"id", contactId}}},
                      {"types", json::array({{{"associationCategory", "HUBSPOT_DEFINED"},
                                              {"associationTypeId", kLeadToPrimaryContact}}})}};
  HttpRequest request;
  request.method = "POST";
  request.target = "/crm/v3/objects/leads";
  request.body = json{{"properties", properties}, {"associations", json::array({association})}}.dump();
  return request;
}

HttpRequest contactLeadsRequest(const std::string& contactId) {
  HttpRequest request;
  request.method = "GET";
  request.target = "/crm/v4/objects/contacts/" + urlEncode(contactId) + "/associations/leads?limit=1";
  return request;
}

}  // namespace crmsync::connectors::hubspot
