#include "crm/bitrix24/bitrix24_config.h"

#include <algorithm>
#include <cctype>

#include "crmsync/config_error.h"

namespace crmsync::connectors::bitrix24 {

using nlohmann::json;

namespace {

const std::string kSection = "crm.bitrix24";

std::string key(const std::string& name) { return kSection + "." + name; }

bool allDigits(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

struct UrlParts {
  std::string scheme;
  std::string authority;  // host[:port]
  std::string path;
};

// scheme://authority/path, without query or fragment; false when the text is not shaped like that.
bool splitUrl(const std::string& url, UrlParts& parts) {
  const std::size_t schemeEnd = url.find("://");
  if (schemeEnd == std::string::npos) return false;
  parts.scheme = url.substr(0, schemeEnd);
  std::transform(parts.scheme.begin(), parts.scheme.end(), parts.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const std::size_t hostStart = schemeEnd + 3;
  const std::size_t pathStart = url.find('/', hostStart);
  parts.authority = url.substr(hostStart, pathStart == std::string::npos ? std::string::npos : pathStart - hostStart);
  parts.path = pathStart == std::string::npos ? "" : url.substr(pathStart);
  const bool plain = url.find_first_of("?# \t") == std::string::npos;
  return plain && !parts.authority.empty() && parts.authority.find('@') == std::string::npos;
}

const std::string& stringValue(const json& section, const std::string& name) {
  const json& value = section.at(name);
  if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
    throw ConfigError(key(name), "must be a non-empty string");
  }
  return value.get_ref<const std::string&>();
}

// https://<portal>/rest/<user id>/<code>/ : origin, path and user; the value itself never goes into a message.
void readWebhook(const json& section, Bitrix24Config& config) {
  if (!section.contains("webhook_url")) {
    throw ConfigError(key("webhook_url"),
                      "required (the inbound webhook URL https://<portal>/rest/<user id>/<code>/; "
                      "use \"${BITRIX24_WEBHOOK_URL}\" to take it from the environment)");
  }
  const std::string shape = "must look like https://<portal>/rest/<user id>/<code>/ (value not shown: it is a secret)";
  UrlParts parts;
  if (!splitUrl(stringValue(section, "webhook_url"), parts) || parts.scheme != "https") {
    throw ConfigError(key("webhook_url"), shape);
  }
  std::string path = parts.path;
  while (!path.empty() && path.back() == '/') path.pop_back();
  // "/rest/<user>/<code>"
  const std::string prefix = "/rest/";
  const std::size_t userEnd = path.find('/', prefix.size());
  if (path.compare(0, prefix.size(), prefix) != 0 || userEnd == std::string::npos) {
    throw ConfigError(key("webhook_url"), shape);
  }
  const std::string user = path.substr(prefix.size(), userEnd - prefix.size());
  const std::string code = path.substr(userEnd + 1);
  if (!allDigits(user) || code.empty() || code.find('/') != std::string::npos) {
    throw ConfigError(key("webhook_url"), shape);
  }
  config.origin = parts.scheme + "://" + parts.authority;
  config.webhookPath = path;
  config.userId = user;
}

void readBaseUrl(const json& section, Bitrix24Config& config) {
  if (!section.contains("base_url")) return;
  const std::string& url = stringValue(section, "base_url");
  UrlParts parts;
  std::string path;
  if (splitUrl(url, parts)) path = parts.path;
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (parts.authority.empty() || (parts.scheme != "http" && parts.scheme != "https") || !path.empty()) {
    // Not quoted: a webhook URL pasted here by mistake would show its secret.
    throw ConfigError(key("base_url"), "must be http(s)://host[:port] without a path");
  }
  config.origin = parts.scheme + "://" + parts.authority;
}

void readTimeout(const json& section, Bitrix24Config& config) {
  if (!section.contains("timeout_ms")) return;
  const json& value = section.at("timeout_ms");
  if (!value.is_number_integer() || value.get<long long>() < 1 || value.get<long long>() > 600000) {
    throw ConfigError(key("timeout_ms"), "must be a whole number of milliseconds between 1 and 600000");
  }
  config.timeoutMs = value.get<int>();
}

void readEntityTypes(const json& section, Bitrix24Config& config) {
  if (!section.contains("entity_types")) return;
  const json& value = section.at("entity_types");
  const std::string rule = "must be a non-empty list of \"CONTACT\" and/or \"LEAD\"";
  if (!value.is_array() || value.empty()) throw ConfigError(key("entity_types"), rule);
  config.entityTypes.clear();
  for (const json& item : value) {
    if (!item.is_string() || (item != "CONTACT" && item != "LEAD")) throw ConfigError(key("entity_types"), rule);
    const std::string type = item.get<std::string>();
    if (std::find(config.entityTypes.begin(), config.entityTypes.end(), type) == config.entityTypes.end()) {
      config.entityTypes.push_back(type);
    }
  }
}

}  // namespace

Bitrix24Config parseConfig(const json& section) {
  if (!section.is_object()) throw ConfigError(kSection, "must be an object");
  for (const auto& item : section.items()) {
    static const std::vector<std::string> kKeys = {"webhook_url", "base_url", "timeout_ms", "entity_types"};
    if (std::find(kKeys.begin(), kKeys.end(), item.key()) == kKeys.end()) {
      throw ConfigError(key(item.key()), "unknown key");
    }
  }
  Bitrix24Config config;
  readWebhook(section, config);
  readBaseUrl(section, config);
  readTimeout(section, config);
  readEntityTypes(section, config);
  return config;
}

}  // namespace crmsync::connectors::bitrix24
