#include "http/budgeted_http_client.h"
#include "service/mapping_cli.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "crmsync/model_json.h"
#include "crmsync/phone.h"
#include "pipeline/mapped_writes.h"
#include "service/cli.h"
#include "service/config.h"
#include "store/sqlite_store.h"

namespace crmsync {

using nlohmann::json;

namespace {

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string option(std::vector<std::string>& args, const std::string& name) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == name) {
      std::string value = args[i + 1];
      args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
      return value;
    }
  }
  return {};
}

std::map<std::string, std::vector<std::string>> requiredFor(const std::string& text, const Registry& registry) {
  json doc = json::parse(text, nullptr, false);
  if (!doc.is_object() || !doc.contains("connector") || !doc["connector"].is_string()) return {};
  try {
    return registry.connector(doc["connector"].get<std::string>()).requiredMappingFields();
  } catch (const std::exception&) {
    return {};  // an unknown connector name is reported by compile() itself
  }
}

std::shared_ptr<const mapping::MappingDocument> compileFile(const std::string& file, const Registry& registry) {
  std::string text = readAll(file);
  std::vector<mapping::MappingError> errors;
  auto doc = mapping::MappingDocument::compile(text, file, errors, requiredFor(text, registry));
  for (const auto& e : errors) std::cerr << e.toString() << '\n';
  return doc;
}

int validate(const std::vector<std::string>& args, const Registry& registry) {
  if (args.size() != 1) {
    std::cerr << "usage: crmsync mappings validate FILE\n";
    return kExitUsage;
  }
  if (!compileFile(args[0], registry)) return kExitFailure;
  std::cout << args[0] << ": ok\n";
  return kExitOk;
}

// Events from a file: a WhatsApp webhook body (parsed by the channel) or canonical event JSON (one or an array).
std::vector<Event> eventsFrom(const std::string& path, const Config& config, const Registry& registry) {
  std::string text = readAll(path);
  json doc = json::parse(text);
  if (doc.is_object() && doc.value("object", "") == "whatsapp_business_account") {
    auto channel = registry.channels().at("whatsapp")(config);
    ParseResult parsed = channel->parse(text);
    if (!parsed.ok) throw std::runtime_error(path + ": " + parsed.error);
    for (auto& e : parsed.events) phone::normaliseIdentifiers(e, config.defaultRegion);
    return parsed.events;
  }
  if (doc.is_array()) return doc.get<std::vector<Event>>();
  return {doc.get<Event>()};
}

int preview(std::vector<std::string> args, const Registry& registry) {
  std::string eventFile = option(args, "--event");
  std::string providerId = option(args, "--provider-id");
  std::string configPath = option(args, "--config");
  if (args.size() != 1 || (eventFile.empty() == providerId.empty())) {
    std::cerr << "usage: crmsync mappings preview FILE (--event EVENT.json | --provider-id ID) [--config FILE]\n";
    return kExitUsage;
  }
  auto doc = compileFile(args[0], registry);
  if (!doc) return kExitFailure;
  Config config = loadConfig(configPath.empty() ? defaultConfigPath() : configPath);
  static SystemClock clock;
  ConnectorEnvironment env{config.defaultRegion, config.file.parent_path().string(), &clock,
                           makeHttpClientFactory(clock, nullptr, config.crmConnector)};
  auto connector = registry.connector(doc->connector()).create(config.crmSection, env);
  std::vector<std::pair<Event, std::optional<Person>>> events;
  if (!providerId.empty()) {
    SqliteStore store(config.storePath);
    for (const auto& stored : store.eventsByProviderId(providerId)) {
      events.emplace_back(stored.event, stored.personId ? store.person(*stored.personId) : std::nullopt);
    }
    if (events.empty()) throw std::runtime_error("no event with provider id " + providerId + " in " + config.storePath.string());
  } else {
    for (auto& e : eventsFrom(eventFile, config, registry)) events.emplace_back(std::move(e), std::nullopt);
  }
  json out = json::array();
  for (const auto& [event, person] : events) {
    Activity a = mapActivity(event, person ? &*person : nullptr, nullptr, {"contact", "<record id>"}, doc.get());
    for (const auto& r : connector->describe({a})) out.push_back({{"method", r.method}, {"path", r.path}, {"body", r.body}});
  }
  std::cout << out.dump(2) << '\n';
  return kExitOk;
}

}  // namespace

int runMappingsCommand(std::vector<std::string> args, const Registry& registry) {
  if (args.empty()) {
    std::cerr << "usage: crmsync mappings validate FILE | preview FILE (--event EVENT.json | --provider-id ID) [--config FILE]\n";
    return kExitUsage;
  }
  std::string sub = args.front();
  args.erase(args.begin());
  if (sub == "validate") return validate(args, registry);
  if (sub == "preview") return preview(args, registry);
  std::cerr << "crmsync mappings: unknown subcommand '" << sub << "'\n";
  return kExitUsage;
}

}  // namespace crmsync
