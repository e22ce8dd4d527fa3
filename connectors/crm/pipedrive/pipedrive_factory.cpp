#include <algorithm>
#include <cctype>
#include <string>

#include "crm/pipedrive/pipedrive_connector.h"
#include "crmsync/config_error.h"

namespace crmsync::connectors::pipedrive {

namespace {

const std::string kSection = "crm.pipedrive";
constexpr const char* kDefaultBaseUrl = "https://api.pipedrive.com";
constexpr int kDefaultTimeoutMs = 30000;
constexpr int kMaxTimeoutMs = 300000;

std::string key(const std::string& name) { return kSection + "." + name; }

// A string member, or "" when absent; throws when present but not a non-empty string.
std::string text(const nlohmann::json& section, const std::string& name, const std::string& what) {
  auto it = section.find(name);
  if (it == section.end()) return "";
  if (!it->is_string() || it->get<std::string>().empty()) throw ConfigError(key(name), "must be " + what);
  return it->get<std::string>();
}

struct Settings {
  std::string apiToken;
  std::string baseUrl;
  int timeoutMs = kDefaultTimeoutMs;
};

bool validDomain(const std::string& domain) {
  return domain.size() <= 63 &&
         std::all_of(domain.begin(), domain.end(), [](unsigned char c) { return std::isalnum(c) != 0 || c == '-'; });
}

bool validBaseUrl(const std::string& url) {
  for (const char* scheme : {"http://", "https://"}) {
    const std::string s = scheme;
    if (url.compare(0, s.size(), s) == 0 && url.size() > s.size() && url[s.size()] != '/') {
      return url.find_first_of(" \t\r\n?#") == std::string::npos;
    }
  }
  return false;
}

Settings settingsOf(const nlohmann::json& section) {
  if (!section.is_object()) throw ConfigError(kSection, "must be an object with at least \"api_token\"");
  for (const auto& item : section.items()) {
    const std::string& k = item.key();
    if (k != "api_token" && k != "company_domain" && k != "base_url" && k != "timeout_ms") {
      throw ConfigError(key(k), "unknown key");
    }
  }
  Settings s;
  // Never echo the token's value: a ConfigError is printed and logged.
  s.apiToken = text(section, "api_token", "the API token as a non-empty string (e.g. \"${PIPEDRIVE_API_TOKEN}\")");
  if (s.apiToken.empty()) {
    throw ConfigError(
        key("api_token"),
        "required: the API token (Pipedrive: Personal preferences > API), e.g. \"${PIPEDRIVE_API_TOKEN}\"");
  }
  std::string domain = text(section, "company_domain", "the company's subdomain as text, e.g. \"acme\"");
  std::string base = text(section, "base_url", "an http:// or https:// URL as text");
  if (!domain.empty() && !validDomain(domain)) {
    throw ConfigError(key("company_domain"), "must be the subdomain only (letters, digits, '-'), e.g. \"acme\"");
  }
  if (!domain.empty() && !base.empty()) {
    throw ConfigError(key("base_url"), "set either base_url or company_domain, not both");
  }
  if (!base.empty() && !validBaseUrl(base)) {
    throw ConfigError(key("base_url"),
                      "must be an http:// or https:// URL without query, e.g. \"https://api.pipedrive.com\"");
  }
  s.baseUrl = !base.empty() ? base : !domain.empty() ? "https://" + domain + ".pipedrive.com" : kDefaultBaseUrl;
  while (s.baseUrl.size() > 1 && s.baseUrl.back() == '/') s.baseUrl.pop_back();
  if (auto it = section.find("timeout_ms"); it != section.end()) {
    if (!it->is_number_integer() || it->get<long long>() < 1 || it->get<long long>() > kMaxTimeoutMs) {
      throw ConfigError(key("timeout_ms"),
                        "must be a whole number of milliseconds from 1 to " + std::to_string(kMaxTimeoutMs));
    }
    s.timeoutMs = it->get<int>();
  }
  return s;
}

}  // namespace

std::map<std::string, std::vector<std::string>> PipedriveConnectorFactory::requiredMappingFields() const {
  return {{"message_activity", {"content"}}};
}

void PipedriveConnectorFactory::validate(const nlohmann::json& section, const ConnectorEnvironment&) const {
  settingsOf(section);
}

std::unique_ptr<CrmConnector> PipedriveConnectorFactory::create(const nlohmann::json& section,
                                                                const ConnectorEnvironment& env) const {
  Settings s = settingsOf(section);
  if (!env.httpClient) throw ConfigError(kSection, "crmsync offers no HTTP client to this connector");
  std::unique_ptr<HttpClient> http;
  try {
    http = env.httpClient(s.baseUrl, PipedriveConnector::budgets(), s.timeoutMs);
  } catch (const ConfigError& e) {
    throw ConfigError(key("base_url"), e.reason());
  }
  return std::make_unique<PipedriveConnector>(s.apiToken, std::move(http), env.clock);
}

}  // namespace crmsync::connectors::pipedrive
