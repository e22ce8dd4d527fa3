#include "service/config.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "crmsync/phone.h"

namespace crmsync {

namespace fs = std::filesystem;
using nlohmann::json;

ConfigErrors::ConfigErrors(std::vector<ConfigError> errors)
    : std::runtime_error([&] {
        std::ostringstream out;
        out << errors.size() << " configuration error(s)";
        for (const auto& e : errors) out << "\n  " << e.what();
        return out.str();
      }()),
      errors_(std::move(errors)) {}

namespace {

std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

std::string expandString(const std::string& text, const std::string& key, std::vector<ConfigError>& errors) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 3, "$${") == 0) {
      out += "${";
      i += 3;
    } else if (text.compare(i, 2, "${") == 0) {
      std::size_t end = text.find('}', i + 2);
      if (end == std::string::npos) {
        errors.emplace_back(key, "unterminated ${ in value");
        return text;
      }
      std::string name = text.substr(i + 2, end - i - 2);
      const char* value = std::getenv(name.c_str());
      if (value == nullptr) errors.emplace_back(key, "environment variable " + name + " is not set");
      out += value ? value : "";
      i = end + 1;
    } else {
      out += text[i++];
    }
  }
  return out;
}

// The keys crmsync knows, with their JSON type. crm.<connector> sections are checked by the factory.
enum class Kind { kString, kInt };
struct KeySpec {
  const char* key;
  Kind kind;
  bool required;
};
constexpr KeySpec kKeys[] = {
    {"http.listen", Kind::kString, true},          {"http.threads", Kind::kInt, false},
    {"http.max_body_bytes", Kind::kInt, false},    {"http.port_file", Kind::kString, false},
    {"http.max_queued", Kind::kInt, false},        {"http.timeout_ms", Kind::kInt, false},
    {"http.keep_alive_timeout_ms", Kind::kInt, false}, {"http.header_timeout_ms", Kind::kInt, false},
    {"http.body_timeout_ms", Kind::kInt, false},
    {"store.path", Kind::kString, true},           {"admin.token", Kind::kString, true},
    {"channels.whatsapp.app_secret", Kind::kString, true},
    {"channels.whatsapp.verify_token", Kind::kString, true},
    {"crm.connector", Kind::kString, true},        {"crm.create_unknown", Kind::kString, false},
    {"crm.match_rule", Kind::kString, false},
    {"phone.default_region", Kind::kString, true}, {"sync.workers", Kind::kInt, false},
    {"sync.max_attempts", Kind::kInt, false},      {"sync.backoff_initial_ms", Kind::kInt, false},
    {"sync.backoff_max_ms", Kind::kInt, false},    {"log.level", Kind::kString, false},
    {"log.file", Kind::kString, false},            {"log.max_bytes", Kind::kInt, false},
    {"log.max_files", Kind::kInt, false},          {"mappings.dir", Kind::kString, false},
    {"mappings.reload_ms", Kind::kInt, false},
};

const KeySpec* findSpec(const std::string& key) {
  for (const auto& spec : kKeys) {
    if (key == spec.key) return &spec;
  }
  return nullptr;
}

bool isSectionPrefix(const std::string& key) {
  for (const auto& spec : kKeys) {
    std::string k = spec.key;
    if (k.size() > key.size() && k.compare(0, key.size(), key) == 0 && k[key.size()] == '.') return true;
  }
  return false;
}

// Flattens the document into dotted keys, reporting unknown keys and objects where values belong.
void flatten(const json& node, const std::string& path, std::map<std::string, json>& out,
             std::vector<ConfigError>& errors) {
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string key = join(path, it.key());
    if (path == "crm" && it->is_object()) {
      out[key] = *it;  // a connector's own section
    } else if (findSpec(key) != nullptr) {
      out[key] = *it;
    } else if (isSectionPrefix(key)) {
      if (!it->is_object()) errors.emplace_back(key, "must be an object");
      else flatten(*it, key, out, errors);
    } else {
      errors.emplace_back(key, "unknown key");
    }
  }
}

class Reader {
 public:
  Reader(std::map<std::string, json> values, std::vector<ConfigError>& errors)
      : values_(std::move(values)), errors_(errors) {}

  template <typename T>
  void get(const char* key, T& target) {
    const KeySpec* spec = findSpec(key);
    auto it = values_.find(key);
    if (it == values_.end()) {
      if (spec->required) errors_.emplace_back(key, "required");
      return;
    }
    if (spec->kind == Kind::kString && !it->second.is_string()) {
      errors_.emplace_back(key, "must be a string");
    } else if (spec->kind == Kind::kInt && !it->second.is_number_integer()) {
      errors_.emplace_back(key, "must be an integer");
    } else {
      target = it->second.get<T>();
    }
  }
  const std::map<std::string, json>& values() const { return values_; }

 private:
  std::map<std::string, json> values_;
  std::vector<ConfigError>& errors_;
};

std::string readText(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigErrors({ConfigError(file.string(), "cannot open the configuration file")});
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

json parseJson(const std::string& text, const fs::path& file) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for numbers like 1E999
    throw ConfigErrors({ConfigError(file.string(), std::string("not valid JSON: ") + e.what())});
  }
}

fs::path resolvePath(const fs::path& base, const std::string& value) {
  if (value.empty()) return {};
  fs::path p(value);
  return p.is_absolute() ? p : (base / p).lexically_normal();
}

void parseListen(const std::string& listen, Config& cfg, std::vector<ConfigError>& errors) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) {
    errors.emplace_back("http.listen", "must be host:port, e.g. \"127.0.0.1:8080\"");
    return;
  }
  cfg.listenHost = listen.substr(0, colon);
  try {
    std::size_t used = 0;
    int port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1 || port < 0 || port > 65535) throw std::out_of_range("port");
    cfg.listenPort = port;
  } catch (const std::exception&) {
    errors.emplace_back("http.listen", "port must be a number from 0 to 65535");
  }
}

void checkRanges(const Config& cfg, std::vector<ConfigError>& errors) {
  if (cfg.adminToken.size() < 16) errors.emplace_back("admin.token", "must be at least 16 characters");
  if (cfg.whatsappAppSecret.empty()) errors.emplace_back("channels.whatsapp.app_secret", "must not be empty");
  if (cfg.whatsappVerifyToken.empty()) errors.emplace_back("channels.whatsapp.verify_token", "must not be empty");
  if (cfg.createUnknown != "contact" && cfg.createUnknown != "none")
    errors.emplace_back("crm.create_unknown", "must be \"contact\" or \"none\"");
  if (cfg.matchRule != "most_recently_updated" && cfg.matchRule != "owner_set" && cfg.matchRule != "ambiguous")
    errors.emplace_back("crm.match_rule", "must be \"most_recently_updated\", \"owner_set\" or \"ambiguous\"");
  if (!cfg.defaultRegion.empty() && !phone::isKnownRegion(cfg.defaultRegion))
    errors.emplace_back("phone.default_region", "unknown region code '" + cfg.defaultRegion + "' (ISO 3166, e.g. \"RU\")");
  if (cfg.syncWorkers < 1 || cfg.syncWorkers > 64) errors.emplace_back("sync.workers", "must be from 1 to 64");
  if (cfg.syncMaxAttempts < 1) errors.emplace_back("sync.max_attempts", "must be at least 1");
  if (cfg.backoffInitialMs < 1) errors.emplace_back("sync.backoff_initial_ms", "must be positive");
  if (cfg.backoffMaxMs < cfg.backoffInitialMs) errors.emplace_back("sync.backoff_max_ms", "must be >= sync.backoff_initial_ms");
  if (cfg.httpThreads < 1 || cfg.httpThreads > 1024) errors.emplace_back("http.threads", "must be from 1 to 1024");
  if (cfg.mappingsReloadMs < 0) errors.emplace_back("mappings.reload_ms", "must be 0 (off) or positive");
  if (cfg.maxBodyBytes < 1024) errors.emplace_back("http.max_body_bytes", "must be at least 1024");
  if (cfg.httpMaxQueued < 1) errors.emplace_back("http.max_queued", "must be at least 1");
  const std::pair<const char*, std::int64_t> timeouts[] = {{"http.timeout_ms", cfg.httpTimeoutMs},
                                                           {"http.keep_alive_timeout_ms", cfg.httpKeepAliveTimeoutMs},
                                                           {"http.header_timeout_ms", cfg.httpHeaderTimeoutMs},
                                                           {"http.body_timeout_ms", cfg.httpBodyTimeoutMs}};
  for (const auto& [name, ms] : timeouts) {
    if (ms < 100 || ms > 3600000) errors.emplace_back(name, "must be from 100 to 3600000 milliseconds");
  }
  static const char* kLevels[] = {"trace", "debug", "info", "warn", "error", "critical", "off"};
  bool levelOk = false;
  for (const char* l : kLevels) levelOk = levelOk || cfg.logLevel == l;
  if (!levelOk) errors.emplace_back("log.level", "must be one of trace, debug, info, warn, error, critical, off");
}

}  // namespace

void expandEnvironment(json& doc, std::vector<ConfigError>& errors, const std::string& path) {
  if (doc.is_string()) {
    doc = expandString(doc.get<std::string>(), path, errors);
  } else if (doc.is_object()) {
    for (auto it = doc.begin(); it != doc.end(); ++it) expandEnvironment(*it, errors, join(path, it.key()));
  } else if (doc.is_array()) {
    for (std::size_t i = 0; i < doc.size(); ++i) expandEnvironment(doc[i], errors, path + "[" + std::to_string(i) + "]");
  }
}

Config loadConfig(const fs::path& file) { return parseConfig(readText(file), file); }

Config parseConfig(const std::string& text, const fs::path& file) {
  json doc = parseJson(text, file);
  std::vector<ConfigError> errors;
  if (!doc.is_object()) throw ConfigErrors({ConfigError(file.string(), "the top level must be a JSON object")});
  expandEnvironment(doc, errors);

  std::map<std::string, json> flat;
  flatten(doc, "", flat, errors);
  Reader r(flat, errors);
  Config cfg;
  cfg.file = fs::absolute(file);
  fs::path base = cfg.file.parent_path();

  std::string listen, store, logFile, portFile, mappingsDir = "mappings";
  std::int64_t maxBody = static_cast<std::int64_t>(cfg.maxBodyBytes), logMax = static_cast<std::int64_t>(cfg.logMaxBytes);
  r.get("http.listen", listen);
  r.get("http.threads", cfg.httpThreads);
  r.get("http.max_body_bytes", maxBody);
  r.get("http.port_file", portFile);
  r.get("http.max_queued", cfg.httpMaxQueued);
  r.get("http.timeout_ms", cfg.httpTimeoutMs);
  r.get("http.keep_alive_timeout_ms", cfg.httpKeepAliveTimeoutMs);
  r.get("http.header_timeout_ms", cfg.httpHeaderTimeoutMs);
  r.get("http.body_timeout_ms", cfg.httpBodyTimeoutMs);
  r.get("store.path", store);
  r.get("admin.token", cfg.adminToken);
  r.get("channels.whatsapp.app_secret", cfg.whatsappAppSecret);
  r.get("channels.whatsapp.verify_token", cfg.whatsappVerifyToken);
  r.get("crm.connector", cfg.crmConnector);
  r.get("crm.create_unknown", cfg.createUnknown);
  r.get("crm.match_rule", cfg.matchRule);
  r.get("phone.default_region", cfg.defaultRegion);
  r.get("sync.workers", cfg.syncWorkers);
  r.get("sync.max_attempts", cfg.syncMaxAttempts);
  r.get("sync.backoff_initial_ms", cfg.backoffInitialMs);
  r.get("sync.backoff_max_ms", cfg.backoffMaxMs);
  r.get("log.level", cfg.logLevel);
  r.get("log.file", logFile);
  r.get("log.max_bytes", logMax);
  r.get("log.max_files", cfg.logMaxFiles);
  r.get("mappings.dir", mappingsDir);
  r.get("mappings.reload_ms", cfg.mappingsReloadMs);

  if (!listen.empty()) parseListen(listen, cfg, errors);
  if (flat.count("store.path") && store.empty()) errors.emplace_back("store.path", "must not be empty");
  cfg.maxBodyBytes = static_cast<std::size_t>(std::max<std::int64_t>(maxBody, 0));
  cfg.logMaxBytes = static_cast<std::size_t>(std::max<std::int64_t>(logMax, 0));
  cfg.storePath = resolvePath(base, store);
  cfg.portFile = resolvePath(base, portFile);
  cfg.logFile = resolvePath(base, logFile);
  cfg.mappingsDir = resolvePath(base, mappingsDir);
  auto section = flat.find("crm." + cfg.crmConnector);
  if (section != flat.end()) cfg.crmSection = section->second;
  checkRanges(cfg, errors);
  if (!errors.empty()) throw ConfigErrors(std::move(errors));
  return cfg;
}

}  // namespace crmsync
