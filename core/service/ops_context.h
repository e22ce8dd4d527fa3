#pragma once
// What every operations command needs: the configuration, the store it names,
// the acting admin, and a way to write the audit log. Internal to the ops
// commands (ops_cli.h).

#include <cstdint>
#include <optional>
#include <string>

#include "crmsync/store.h"
#include "service/config.h"
#include "service/ops_args.h"
#include "store/sqlite_store.h"

namespace crmsync {

struct OpsContext {
  // Takes --config and --actor out of args; throws ConfigError(s) or
  // StoreError.
  explicit OpsContext(OpsArgs &args);

  void audit(const std::string &action, const std::string &subject,
             const std::string &detail);

  Config config;
  SqliteStore store;
  std::string actor;
};

// The person an event is about: the one it was resolved to, else the owner of
// its first identifier in the ledger (events dead-lettered while resolving
// carry no person yet).
std::optional<std::int64_t> personOf(Store &store, const StoredEvent &event);

std::int64_t nowMs();

} // namespace crmsync
