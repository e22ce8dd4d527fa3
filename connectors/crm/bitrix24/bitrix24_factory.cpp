#include "crm/bitrix24/bitrix24_factory.h"

#include "crm/bitrix24/bitrix24_config.h"
#include "crm/bitrix24/bitrix24_connector.h"
#include "crmsync/config_error.h"
#include "crmsync/http_client.h"

namespace crmsync::connectors::bitrix24 {

std::map<std::string, std::vector<std::string>> Bitrix24ConnectorFactory::requiredMappingFields() const {
  return {{"message_activity", {"DESCRIPTION"}}};
}

void Bitrix24ConnectorFactory::validate(const nlohmann::json& section, const ConnectorEnvironment& /*env*/) const {
  parseConfig(section);
}

std::unique_ptr<CrmConnector> Bitrix24ConnectorFactory::create(const nlohmann::json& section,
                                                               const ConnectorEnvironment& env) const {
  Bitrix24Config config = parseConfig(section);
  if (!env.httpClient) throw ConfigError("crm.bitrix24", "no HTTP client available to the connector");
  static const SystemClock systemClock;
  const Clock& clock = env.clock != nullptr ? *env.clock : systemClock;
  std::unique_ptr<HttpClient> http;
  try {
    http = env.httpClient(config.baseUrl(), Bitrix24Connector::budgets(), config.timeoutMs);
  } catch (const ConfigError&) {
    // The client's message would quote the URL, and the URL holds the webhook's secret code.
    throw ConfigError(section.contains("base_url") ? "crm.bitrix24.base_url" : "crm.bitrix24.webhook_url",
                      "is not a URL the HTTP client accepts (value not shown: it is a secret)");
  }
  return std::make_unique<Bitrix24Connector>(std::move(config), std::move(http), clock);
}

}  // namespace crmsync::connectors::bitrix24
