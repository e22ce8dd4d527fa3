#include <filesystem>
#include <stdexcept>
#include <string>

#include "crm/local/local_connector.h"
#include "crmsync/config_error.h"

namespace crmsync::connectors::local {

namespace {

namespace fs = std::filesystem;

const std::string kSection = "crm.local";
const std::string kPathKey = kSection + ".path";

// The database file named by the section, relative paths taken from the config file's directory.
fs::path databasePath(const nlohmann::json& section, const ConnectorEnvironment& env) {
  if (!section.is_object()) throw ConfigError(kSection, "must be an object");
  for (const auto& item : section.items()) {
    if (item.key() != "path") throw ConfigError(kSection + "." + item.key(), "unknown key");
  }
  auto it = section.find("path");
  if (it == section.end()) throw ConfigError(kPathKey, "required");
  if (!it->is_string() || it->get<std::string>().empty()) {
    throw ConfigError(kPathKey, "must be a non-empty string (the SQLite file of the local CRM)");
  }
  fs::path path = it->get<std::string>();
  if (path.is_relative() && !env.configDir.empty()) path = fs::path(env.configDir) / path;
  return path;
}

}  // namespace

std::map<std::string, std::vector<std::string>> LocalConnectorFactory::requiredMappingFields() const {
  return {{"message_activity", {"body"}}};
}

void LocalConnectorFactory::validate(const nlohmann::json& section, const ConnectorEnvironment& env) const {
  const fs::path path = databasePath(section, env);
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw ConfigError(kPathKey, "directory " + dir.string() + " does not exist");
  if (fs::is_directory(path, ec)) throw ConfigError(kPathKey, path.string() + " is a directory, not a file");
}

std::unique_ptr<CrmConnector> LocalConnectorFactory::create(const nlohmann::json& section,
                                                            const ConnectorEnvironment& env) const {
  validate(section, env);
  try {
    return std::make_unique<LocalConnector>(databasePath(section, env), env.defaultRegion, env.clock);
  } catch (const std::runtime_error& e) {
    throw ConfigError(kPathKey, e.what());
  }
}

}  // namespace crmsync::connectors::local
