#pragma once
// Builds the Bitrix24 connector from crm.bitrix24 (keys in bitrix24_config.h). validate() and create()
// throw ConfigError naming "crm.bitrix24.<key>"; the webhook URL never appears in a message.

#include "crmsync/crm_connector.h"

namespace crmsync::connectors::bitrix24 {

class Bitrix24ConnectorFactory final : public CrmConnectorFactory {
 public:
  std::string name() const override { return "bitrix24"; }
  // message_activity needs DESCRIPTION (the message text on the activity).
  std::map<std::string, std::vector<std::string>> requiredMappingFields() const override;
  void validate(const nlohmann::json& section, const ConnectorEnvironment& env) const override;
  std::unique_ptr<CrmConnector> create(const nlohmann::json& section, const ConnectorEnvironment& env) const override;
};

}  // namespace crmsync::connectors::bitrix24
