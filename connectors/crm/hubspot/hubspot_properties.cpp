#include "crm/hubspot/hubspot_properties.h"

#include <ostream>

#include "crm/hubspot/hubspot_connector.h"
#include "crm/hubspot/hubspot_contacts.h"
#include "crm/hubspot/hubspot_schema.h"

namespace crmsync::connectors::hubspot {

using nlohmann::json;

namespace {

// The default property group of each object (❓ for communications: see docs/connectors/hubspot.md).
constexpr const char* kContactGroup = "contactinformation";
constexpr const char* kCommunicationGroup = "communicationinformation";

}  // namespace

const std::vector<PropertyDefinition>& requiredProperties() {
  static const std::vector<PropertyDefinition> kProperties = {
      {"contacts", kPersonKeyProperty, "crmsync person key", kContactGroup, true},
      {"contacts", kBsuidProperty, "WhatsApp BSUID (crmsync)", kContactGroup, false},
      {"communications", kKeyProperty, "crmsync idempotency key", kCommunicationGroup, true},
      {"communications", kStatusProperty, "WhatsApp status (crmsync)", kCommunicationGroup, false},
      {"communications", "crmsync_whatsapp_message_id", "WhatsApp message id (crmsync)", kCommunicationGroup, false},
      {"communications", "crmsync_whatsapp_direction", "WhatsApp direction (crmsync)", kCommunicationGroup, false},
      {"communications", "crmsync_whatsapp_status_detail", "WhatsApp status detail (crmsync)", kCommunicationGroup, false},
  };
  return kProperties;
}

HttpRequest readPropertyRequest(const PropertyDefinition& property) {
  HttpRequest request;
  request.method = "GET";
  request.target = "/crm/v3/properties/" + urlEncode(property.objectType) + "/" + urlEncode(property.name);
  return request;
}

HttpRequest createPropertyRequest(const PropertyDefinition& property) {
  HttpRequest request;
  request.method = "POST";
  request.target = "/crm/v3/properties/" + urlEncode(property.objectType);
  request.body = json{{"name", property.name},          {"label", property.label},   {"type", "string"},
                      {"fieldType", "text"},            {"groupName", property.groupName},
                      {"hasUniqueValue", property.unique}}
                     .dump();
  return request;
}

std::vector<PropertyResult> HubspotConnector::ensureProperties() {
  std::vector<PropertyResult> results;
  for (const PropertyDefinition& property : requiredProperties()) {
    PropertyResult r{property, "failed", ""};
    Result<HttpResponse> read = send(readPropertyRequest(property));
    if (read.isOk() && read.value.status == 200) {
      json existing = json::parse(read.value.body, nullptr, false);
      const bool unique = existing.is_object() && existing.value("hasUniqueValue", false);
      r.state = "present";
      if (property.unique && !unique) r.detail = "exists without hasUniqueValue: crmsync needs it unique; recreate it";
    } else if (read.isOk() && read.value.status == 404) {
      Result<HttpResponse> made = send(createPropertyRequest(property));
      if (made.isOk() && made.value.status / 100 == 2) r.state = "created";
      else if (made.isOk() && made.value.status == 409) r.state = "present";  // created meanwhile
      else r.detail = made.isOk() ? classify(made.value, nowMs()).reason : made.outcome.reason;
    } else {
      r.detail = read.isOk() ? classify(read.value, nowMs()).reason : read.outcome.reason;
    }
    if (r.state == "present" && property.unique && !r.detail.empty()) r.state = "failed";
    results.push_back(std::move(r));
  }
  return results;
}

int runCreateProperties(const nlohmann::json& section, const ConnectorEnvironment& env, std::ostream& out) {
  std::unique_ptr<CrmConnector> connector = HubspotConnectorFactory().create(section, env);
  int failed = 0;
  for (const PropertyResult& r : static_cast<HubspotConnector&>(*connector).ensureProperties()) {
    out << r.property.objectType << "." << r.property.name << ": " << r.state << (r.detail.empty() ? "" : " (" + r.detail + ")")
        << '\n';
    failed += r.state == "failed" ? 1 : 0;
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace crmsync::connectors::hubspot
