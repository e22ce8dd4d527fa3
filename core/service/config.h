#pragma once
// crmsync's configuration: one JSON file. `${NAME}` inside a string value is replaced from the
// environment (for secrets). Relative paths are resolved against the config file's directory, because a
// service's working directory is "/" (daemon) or system32 (Windows service).
//
// load() throws ConfigErrors (every problem found, each naming its key); validate() collects them.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crmsync/config_error.h"

namespace crmsync {

struct Config {
  std::filesystem::path file;  // where it was read from

  // http
  std::string listenHost = "127.0.0.1";
  int listenPort = 8080;
  int httpThreads = 64;
  std::size_t maxBodyBytes = 3 * 1024 * 1024;  // Meta's documented maximum payload
  int httpMaxQueued = 256;                      // accepted connections waiting for a free thread
  std::int64_t httpTimeoutMs = 10000;           // one socket read or write
  std::int64_t httpKeepAliveTimeoutMs = 5000;   // idle wait for the next request on a kept-alive connection
  std::int64_t httpHeaderTimeoutMs = 10000;     // a request's headers, in total (slow-loris cut-off)
  std::int64_t httpBodyTimeoutMs = 30000;       // a webhook body, in total
  std::filesystem::path portFile;  // optional: the bound port is written here once listening

  std::filesystem::path storePath;
  std::string adminToken;
  std::string whatsappAppSecret;
  std::string whatsappVerifyToken;

  std::string crmConnector = "local";
  nlohmann::json crmSection = nlohmann::json::object();  // crm.<connector>, validated by its factory
  std::string createUnknown = "contact";                 // "contact" | "none"
  std::string matchRule = "most_recently_updated";       // "most_recently_updated" | "owner_set" | "ambiguous"

  std::string defaultRegion;  // phone.default_region

  int syncWorkers = 2;
  int syncMaxAttempts = 20;
  std::int64_t backoffInitialMs = 1000;
  std::int64_t backoffMaxMs = 10 * 60 * 1000;

  std::filesystem::path mappingsDir;  // mappings.dir: <connector>.json documents (default: "mappings" beside the config)
  std::int64_t mappingsReloadMs = 1000;  // how often changed files are picked up; 0 = never

  std::string logLevel = "info";
  std::filesystem::path logFile;  // empty: next to the store
  std::size_t logMaxBytes = 10 * 1024 * 1024;
  int logMaxFiles = 5;
};

// Thrown by loadConfig with every error found.
class ConfigErrors : public std::runtime_error {
 public:
  explicit ConfigErrors(std::vector<ConfigError> errors);
  const std::vector<ConfigError>& errors() const { return errors_; }

 private:
  std::vector<ConfigError> errors_;
};

// Reads, expands ${ENV} references, validates. Throws ConfigErrors. Connector sections are checked by
// the caller with the connector registry (see service/registry.h).
Config loadConfig(const std::filesystem::path& file);

// The same for configuration text already in memory; `file` is where it came from (names it in errors,
// and relative paths are resolved against its directory). Reads no files.
Config parseConfig(const std::string& text, const std::filesystem::path& file);

// Replaces ${NAME} in every string of `doc` from the environment. An unset variable is an error naming
// the key that referenced it; "$${" escapes a literal "${".
void expandEnvironment(nlohmann::json& doc, std::vector<ConfigError>& errors, const std::string& path = "");

}  // namespace crmsync
