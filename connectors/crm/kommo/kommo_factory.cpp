#include <cctype>
#include <string>

#include "crm/kommo/kommo_connector.h"
#include "crmsync/config_error.h"
#include "crmsync/http_client.h"

namespace crmsync::connectors::kommo {

namespace {

const std::string kSection = "crm.kommo";
constexpr int kDefaultTimeoutMs = 30000;
constexpr int kMaxTimeoutMs = 600000;

std::string key(const std::string& name) { return kSection + "." + name; }

const nlohmann::json* member(const nlohmann::json& section, const char* name) {
  auto it = section.find(name);
  return it == section.end() ? nullptr : &*it;
}

std::string nonEmptyString(const nlohmann::json& section, const char* name, const std::string& what) {
  const nlohmann::json* v = member(section, name);
  if (v == nullptr) return {};
  if (!v->is_string() || v->get<std::string>().empty()) throw ConfigError(key(name), "must be a non-empty string (" + what + ")");
  return v->get<std::string>();
}

void checkKeys(const nlohmann::json& section) {
  if (!section.is_object()) throw ConfigError(kSection, "must be an object");
  for (const auto& item : section.items()) {
    const std::string& k = item.key();
    if (k != "subdomain" && k != "base_url" && k != "token" && k != "timeout_ms") throw ConfigError(key(k), "unknown key");
  }
}

// The token goes into a header: refuse what would break it, without ever echoing it.
std::string token(const nlohmann::json& section) {
  if (member(section, "token") == nullptr) throw ConfigError(key("token"), "required (the Kommo long-lived token)");
  std::string t = nonEmptyString(section, "token", "the Kommo long-lived token");
  for (unsigned char c : t) {
    if (std::isspace(c) || std::iscntrl(c)) throw ConfigError(key("token"), "must not contain spaces or line breaks");
  }
  return t;
}

bool validSubdomain(const std::string& s) {
  if (s.size() > 63 || s.front() == '-' || s.back() == '-') return false;
  for (unsigned char c : s) {
    if (!std::isalnum(c) && c != '-') return false;
  }
  return true;
}

bool validBaseUrl(const std::string& url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string::npos) return false;
  std::string s = url.substr(0, scheme);
  std::string rest = url.substr(scheme + 3);
  return (s == "http" || s == "https") && !rest.empty() && rest.front() != '/' &&
         rest.find_first_of(" ?#") == std::string::npos;
}

int timeoutMs(const nlohmann::json& section) {
  const nlohmann::json* v = member(section, "timeout_ms");
  if (v == nullptr) return kDefaultTimeoutMs;
  if (!v->is_number_integer() || v->get<std::int64_t>() < 1 || v->get<std::int64_t>() > kMaxTimeoutMs) {
    throw ConfigError(key("timeout_ms"), "must be a whole number of milliseconds from 1 to " + std::to_string(kMaxTimeoutMs));
  }
  return v->get<int>();
}

}  // namespace

std::string kommoBaseUrl(const nlohmann::json& section) {
  checkKeys(section);
  std::string subdomain = nonEmptyString(section, "subdomain", "the account's subdomain, as in acme.kommo.com");
  std::string baseUrl = nonEmptyString(section, "base_url", "e.g. https://acme.kommo.com");
  if (subdomain.empty() && baseUrl.empty()) {
    throw ConfigError(key("subdomain"), "required: the account's subdomain (acme for acme.kommo.com), or set base_url");
  }
  if (!subdomain.empty() && !baseUrl.empty()) {
    throw ConfigError(key("base_url"), "set either subdomain or base_url, not both");
  }
  if (!subdomain.empty()) {
    if (!validSubdomain(subdomain)) {
      throw ConfigError(key("subdomain"), "must be the subdomain only (letters, digits, '-'), like acme for acme.kommo.com");
    }
    return "https://" + subdomain + ".kommo.com";
  }
  if (!validBaseUrl(baseUrl)) throw ConfigError(key("base_url"), "must be an http:// or https:// URL, not '" + baseUrl + "'");
  while (baseUrl.back() == '/') baseUrl.pop_back();
  return baseUrl;
}

std::map<std::string, std::vector<std::string>> KommoConnectorFactory::requiredMappingFields() const {
  return {{"message_activity", {"text"}}};
}

void KommoConnectorFactory::validate(const nlohmann::json& section, const ConnectorEnvironment&) const {
  kommoBaseUrl(section);
  token(section);
  timeoutMs(section);
}

std::unique_ptr<CrmConnector> KommoConnectorFactory::create(const nlohmann::json& section,
                                                            const ConnectorEnvironment& env) const {
  validate(section, env);
  if (!env.httpClient) throw ConfigError(kSection, "no HTTP client available to the connector");
  static const SystemClock kSystemClock;
  const Clock& clock = env.clock != nullptr ? *env.clock : kSystemClock;
  std::unique_ptr<HttpClient> http;
  try {
    http = env.httpClient(kommoBaseUrl(section), kommoBudgets(), timeoutMs(section));
  } catch (const ConfigError& e) {
    throw ConfigError(key("base_url"), e.reason());
  }
  return std::make_unique<KommoConnector>(std::make_unique<KommoApi>(std::move(http), token(section), clock));
}

}  // namespace crmsync::connectors::kommo
