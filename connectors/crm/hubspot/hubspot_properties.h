#pragma once
// The custom properties crmsync needs in a HubSpot account (docs/connectors/hubspot.md, "Custom
// properties"), and the requests that create them: `crmsync hubspot create-properties` reads each with
// GET /crm/v3/properties/{objectType}/{name} and creates the missing ones with
// POST /crm/v3/properties/{objectType}. Idempotent: an existing property (or a 409 because another run
// created it meanwhile) is reported as present, not as an error. Pure, except runCreateProperties().

#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crmsync/crm_connector.h"
#include "crmsync/http_client.h"

namespace crmsync::connectors::hubspot {

struct PropertyDefinition {
  std::string objectType;  // "contacts", "communications"
  std::string name;
  std::string label;
  std::string groupName;
  bool unique = false;  // hasUniqueValue (cannot be changed once created)
};

// What crmsync writes: contacts crmsync_person_key (unique), crmsync_whatsapp_bsuid; communications
// crmsync_idempotency_key (unique), crmsync_whatsapp_status, _message_id, _direction, _status_detail.
const std::vector<PropertyDefinition>& requiredProperties();

HttpRequest readPropertyRequest(const PropertyDefinition& property);
HttpRequest createPropertyRequest(const PropertyDefinition& property);  // single-line text

struct PropertyResult {
  PropertyDefinition property;
  std::string state;   // "created", "present" or "failed"
  std::string detail;  // why it failed, or a warning about an existing one
};

// Creates the connector for `section` with the factory and ensures every required property; writes one
// line per property to `out`. Returns 0 when all are present or created, 1 otherwise. Throws
// ConfigError for a bad section.
int runCreateProperties(const nlohmann::json& section, const ConnectorEnvironment& env, std::ostream& out);

}  // namespace crmsync::connectors::hubspot
