#include "service/ops_context.h"

#include <chrono>

#include "service/cli.h"

namespace crmsync {

namespace {

Config configFrom(OpsArgs &args) {
  return loadConfig(args.option("--config").value_or(defaultConfigPath()));
}

} // namespace

OpsContext::OpsContext(OpsArgs &args)
    : config(configFrom(args)), store(config.storePath),
      actor(actorFrom(args)) {}

void OpsContext::audit(const std::string &action, const std::string &subject,
                       const std::string &detail) {
  store.audit({nowMs(), actor, action, subject, detail});
}

std::optional<std::int64_t> personOf(Store &store, const StoredEvent &event) {
  if (event.personId)
    return event.personId;
  for (const auto &id : event.event.counterpart) {
    if (auto person = store.findPerson(id))
      return person;
  }
  return std::nullopt;
}

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

} // namespace crmsync
