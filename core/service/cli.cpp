#include "http/budgeted_http_client.h"
#include "service/cli.h"

#include <cstdlib>
#include <iostream>
#include <vector>

#include "crmsync/store.h"
#include "service/logging.h"
#include "service/mapping_cli.h"
#include "service/ops_args.h"
#include "service/ops_cli.h"
#include "service/server_app.h"
#include "store/sqlite_store.h"

namespace crmsync {

namespace {

constexpr const char* kVersion = "0.1.0";

void usage(std::ostream& out, const Registry& registry) {
  out << "usage: crmsync <command> [options]\n\n"
         "  serve --config FILE [--daemon]      run the service (foreground unless --daemon)\n"
         "  check-config FILE                   validate a configuration file; lists every error\n"
         "  quarantine list [--config FILE] [--limit N]\n"
         "                                      signed webhook bodies that could not be parsed\n"
         "  quarantine show ID [--config FILE]  print one quarantined body as received\n"
         "  mappings validate FILE              check a mapping document (every error with its JSON pointer)\n"
         "  mappings preview FILE (--event EVENT.json | --provider-id ID) [--config FILE]\n"
         "                                      the exact CRM requests the document produces, without calling the CRM\n"
         "  dlq list|show ID|retry ID...|drop ID...\n"
         "                                      dead letters: look, re-queue, drop (docs/operations.md)\n"
         "  replay --since T [--person ID] [--dry-run]\n"
         "                                      re-queue events received since T (no duplicate activities)\n"
         "  reconcile [--json]                  events by channel and state; messages that never reached the CRM\n"
         "  identity show (--person ID | --phone NUMBER)\n"
         "  identity link --person ID --record RECORD_ID [--connector C]\n"
         "                                      an admin's choice of CRM record (e.g. for an ambiguous match)\n";
  for (const auto& u : registry.commandUsages()) out << "  " << u << '\n';
  out << "  version                             print the version\n"
         "\nThe configuration file defaults to $CRMSYNC_CONFIG, then /etc/crmsync/crmsync.json.\n";
}

// Pulls "--config FILE" / "--config=FILE" out of args.
std::string takeConfig(std::vector<std::string>& args) {
  std::string path;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) {
      path = args[i + 1];
      args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
      break;
    }
    if (args[i].rfind("--config=", 0) == 0) {
      path = args[i].substr(9);
      args.erase(args.begin() + static_cast<long>(i));
      break;
    }
  }
  return path.empty() ? defaultConfigPath() : path;
}

int checkConfig(const std::vector<std::string>& args, const Registry& registry) {
  if (args.size() != 1) {
    std::cerr << "usage: crmsync check-config FILE\n";
    return kExitUsage;
  }
  try {
    Config config = loadConfig(args[0]);
    checkConnectorSection(config, registry);
  } catch (const ConfigErrors& e) {
    for (const auto& err : e.errors()) std::cerr << args[0] << ": " << err.key() << ": " << err.reason() << '\n';
    return kExitConfig;
  } catch (const ConfigError& e) {
    std::cerr << args[0] << ": " << e.key() << ": " << e.reason() << '\n';
    return kExitConfig;
  }
  std::cout << args[0] << ": ok\n";
  return kExitOk;
}

int quarantine(std::vector<std::string> args) {
  std::string configPath = takeConfig(args);
  Config config = loadConfig(configPath);
  SqliteStore store(config.storePath);
  if (!args.empty() && args[0] == "list") {
    int limit = 100;
    if (args.size() == 3 && args[1] == "--limit") limit = std::stoi(args[2]);
    auto entries = store.quarantine(limit);
    std::cout << "id\treceived_at_ms\tchannel\tbytes\treason\n";
    for (const auto& q : entries) {
      std::cout << q.id << '\t' << q.receivedAtMs << '\t' << q.channel << '\t' << q.rawBody.size() << '\t' << q.reason << '\n';
    }
    std::cout << entries.size() << " quarantined bod" << (entries.size() == 1 ? "y" : "ies") << '\n';
    return kExitOk;
  }
  if (args.size() == 2 && args[0] == "show") {
    if (auto entry = store.quarantineEntry(parseId(args[1], "quarantine id"))) {
      std::cout << entry->rawBody;
      return kExitOk;
    }
    std::cerr << "no quarantined body with id " << args[1] << '\n';
    return kExitFailure;
  }
  std::cerr << "usage: crmsync quarantine list|show ID [--config FILE]\n";
  return kExitUsage;
}

int serve(int argc, char** argv, const Registry& registry) {
  // Poco parses the options (--config, --daemon, /registerService ...); argv[0] stays the program.
  std::vector<char*> rest{argv[0]};
  for (int i = 2; i < argc; ++i) rest.push_back(argv[i]);
  ServerApp app(registry);
  return app.run(static_cast<int>(rest.size()), rest.data());
}

int connectorCommand(const CommandFn& fn, std::vector<std::string> args) {
  std::string configPath = takeConfig(args);
  Config config = loadConfig(configPath);
  return fn(args, config);
}

}  // namespace

std::string defaultConfigPath() {
  const char* env = std::getenv("CRMSYNC_CONFIG");
  return env != nullptr && *env != '\0' ? env : "/etc/crmsync/crmsync.json";
}

void checkConnectorSection(const Config& config, const Registry& registry) {
  static SystemClock clock;
  ConnectorEnvironment env{config.defaultRegion, config.file.parent_path().string(), &clock,
                           makeHttpClientFactory(clock, nullptr, config.crmConnector)};
  registry.connector(config.crmConnector).validate(config.crmSection, env);
}

int runCli(int argc, char** argv, const Registry& registry) {
  if (argc < 2) {
    usage(std::cerr, registry);
    return kExitUsage;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "serve") return serve(argc, argv, registry);
  if (command == "version" || command == "--version") {
    std::cout << "crmsync " << kVersion << '\n';
    return kExitOk;
  }
  if (command == "help" || command == "--help" || command == "-h") {
    usage(std::cout, registry);
    return kExitOk;
  }
  if (command == "check-config") return checkConfig(args, registry);
  setupConsoleLogging("warn");
  try {
    if (command == "quarantine") return quarantine(args);
    if (command == "mappings") return runMappingsCommand(args, registry);
    if (command == "dlq") return runDlqCommand(args);
    if (command == "replay") return runReplayCommand(args);
    if (command == "reconcile") return runReconcileCommand(args);
    if (command == "identity") return runIdentityCommand(args);
    if (const CommandFn* fn = registry.command(command)) return connectorCommand(*fn, args);
  } catch (const ConfigErrors& e) {
    std::cerr << "crmsync: " << e.what() << '\n';
    return kExitConfig;
  } catch (const UsageError& e) {
    std::cerr << "crmsync " << command << ": " << e.what() << '\n';
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "crmsync " << command << ": " << e.what() << '\n';
    return kExitFailure;
  }
  std::cerr << "crmsync: unknown command '" << command << "'\n";
  usage(std::cerr, registry);
  return kExitUsage;
}

}  // namespace crmsync
