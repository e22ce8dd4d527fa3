#pragma once
// The crmsync command line: serve, check-config, quarantine, mappings, the operations commands (dlq,
// replay, reconcile, identity: ops_cli.h), version, and connector commands from the registry (e.g. `local import-contacts`). Exit codes: 0 ok, 1 failure, 2 usage, 78 configuration.

#include <string>

#include "service/config.h"
#include "service/registry.h"

namespace crmsync {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitConfig = 78;  // EX_CONFIG

int runCli(int argc, char** argv, const Registry& registry);

// $CRMSYNC_CONFIG, else /etc/crmsync/crmsync.json.
std::string defaultConfigPath();
// Validates crm.<connector> with its factory. Throws ConfigError.
void checkConnectorSection(const Config& config, const Registry& registry);

}  // namespace crmsync
