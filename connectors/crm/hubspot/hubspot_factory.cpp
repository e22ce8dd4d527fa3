#include <set>
#include <string>

#include "crm/hubspot/hubspot_connector.h"
#include "crm/hubspot/hubspot_schema.h"
#include "crmsync/config_error.h"

namespace crmsync::connectors::hubspot {

namespace {

const std::string kSection = "crm.hubspot";
constexpr int kDefaultTimeoutMs = 30000;
constexpr int kMaxTimeoutMs = 600000;
const std::set<std::string> kKeys = {"token", "base_url", "timeout_ms", "requests_per_10s", "associate_open_deal"};

struct Settings {
  std::string token;
  std::string baseUrl = kDefaultBaseUrl;
  int timeoutMs = kDefaultTimeoutMs;
  HubspotOptions options;
};

std::string key(const std::string& name) { return kSection + "." + name; }

std::string tokenOf(const nlohmann::json& section) {
  auto it = section.find("token");
  if (it == section.end()) {
    throw ConfigError(key("token"), "required: the private app's access token (e.g. \"${HUBSPOT_TOKEN}\")");
  }
  // The value is a secret: the reason describes it, never quotes it.
  if (!it->is_string() || it->get<std::string>().empty()) throw ConfigError(key("token"), "must be a non-empty string");
  const std::string token = it->get<std::string>();
  if (token.find_first_of(" \t\r\n") != std::string::npos) throw ConfigError(key("token"), "must not contain whitespace");
  return token;
}

std::string baseUrlOf(const nlohmann::json& section) {
  auto it = section.find("base_url");
  if (it == section.end()) return kDefaultBaseUrl;
  const std::string url = it->is_string() ? it->get<std::string>() : std::string{};
  const bool http = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
  const std::size_t hostStart = url.find("://") + 3;
  if (!http || url.size() <= hostStart || url[hostStart] == '/' || url[hostStart] == ':') {
    throw ConfigError(key("base_url"), "must be an http:// or https:// URL such as " + std::string(kDefaultBaseUrl));
  }
  return url;
}

int timeoutOf(const nlohmann::json& section) {
  auto it = section.find("timeout_ms");
  if (it == section.end()) return kDefaultTimeoutMs;
  if (!it->is_number_integer() || it->get<long long>() < 1 || it->get<long long>() > kMaxTimeoutMs) {
    throw ConfigError(key("timeout_ms"), "must be a whole number of milliseconds from 1 to " + std::to_string(kMaxTimeoutMs));
  }
  return it->get<int>();
}

int requestsPer10sOf(const nlohmann::json& section) {
  auto it = section.find("requests_per_10s");
  if (it == section.end()) return kDefaultRequestsPer10s;
  if (!it->is_number_integer() || it->get<long long>() < 1 || it->get<long long>() > kMaxRequestsPer10s) {
    throw ConfigError(key("requests_per_10s"),
                      "must be a whole number from 1 to " + std::to_string(kMaxRequestsPer10s) +
                          " (HubSpot's limit per 10 s: 100 Free/Starter, 190 Professional/Enterprise, 250 with the "
                          "API limit increase pack)");
  }
  return it->get<int>();
}

Settings settingsOf(const nlohmann::json& section) {
  if (!section.is_object()) throw ConfigError(kSection, "must be an object with at least \"token\"");
  for (const auto& item : section.items()) {
    if (kKeys.count(item.key()) == 0) {
      throw ConfigError(key(item.key()), "unknown key");
    }
  }
  Settings s;
  s.token = tokenOf(section);
  s.baseUrl = baseUrlOf(section);
  s.timeoutMs = timeoutOf(section);
  s.options.requestsPer10s = requestsPer10sOf(section);
  if (auto it = section.find("associate_open_deal"); it != section.end()) {
    if (!it->is_boolean()) throw ConfigError(key("associate_open_deal"), "must be true or false");
    s.options.associateOpenDeal = it->get<bool>();
  }
  return s;
}

}  // namespace

std::map<std::string, std::vector<std::string>> HubspotConnectorFactory::requiredMappingFields() const {
  return {{"message_activity", {"hs_communication_body"}}};
}

void HubspotConnectorFactory::validate(const nlohmann::json& section, const ConnectorEnvironment& /*env*/) const {
  settingsOf(section);
}

std::unique_ptr<CrmConnector> HubspotConnectorFactory::create(const nlohmann::json& section,
                                                              const ConnectorEnvironment& env) const {
  Settings s = settingsOf(section);
  if (!env.httpClient) throw ConfigError(kSection, "crmsync built this connector without an HTTP client");
  std::unique_ptr<HttpClient> http;
  try {
    http = env.httpClient(s.baseUrl, HubspotConnector::budgets(s.options.requestsPer10s), s.timeoutMs);
  } catch (const ConfigError& e) {
    throw ConfigError(key("base_url"), e.reason());
  }
  return std::make_unique<HubspotConnector>(std::move(http), std::move(s.token), env.clock, std::move(s.options));
}

}  // namespace crmsync::connectors::hubspot
