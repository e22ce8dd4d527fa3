// `crmsync replay --since T [--person ID] [--dry-run]`: re-queue finished
// events received since T so the CRM gets them again. Safe because every
// connector writes idempotently (the provider message id is the activity's
// key): a replayed message updates its activity, it never adds a second one.
#include <iostream>

#include "service/cli.h"
#include "service/ops_cli.h"
#include "service/ops_context.h"

namespace crmsync {

namespace {

constexpr const char *kUsage =
    "usage: crmsync replay --since T [--person ID] [--dry-run] [--config FILE] "
    "[--actor NAME]\n"
    "       T is RFC 3339 (2026-11-21T10:00:00Z) or epoch milliseconds\n";

constexpr int kEverything = 1 << 30;

// Written and dead events are replayed; queued ones are on their way anyway,
// dropped ones an admin refused.
bool replayable(EventState state) {
  return state == EventState::kWritten || state == EventState::kDead;
}

int replay(OpsContext &ctx, OpsArgs &args) {
  const std::optional<std::string> since = args.option("--since");
  if (!since)
    throw UsageError("replay needs --since T");
  const std::int64_t sinceMs = parseTimeMs(*since);
  const std::optional<std::string> personText = args.option("--person");
  const std::optional<std::int64_t> person =
      personText ? std::optional(parseId(*personText, "person id"))
                 : std::nullopt;
  const bool dryRun = args.flag("--dry-run");
  if (!args.positional().empty())
    throw UsageError("replay takes no positional arguments");

  int count = 0, skipped = 0;
  for (const auto &e : ctx.store.eventsSince(sinceMs, person, kEverything)) {
    if (!replayable(e.state)) {
      ++skipped;
      continue;
    }
    if (dryRun) {
      std::cout << "would re-queue\t" << e.id << '\t' << toString(e.event.kind)
                << '\t' << e.event.providerId << '\t' << toString(e.state)
                << '\n';
      ++count;
    } else if (ctx.store.requeue(e.id, nowMs())) {
      ++count;
    }
  }
  const std::string scope =
      "since " + formatTimeMs(sinceMs) +
      (person ? ", person " + std::to_string(*person) : "");
  if (!dryRun)
    ctx.audit("replay", scope, std::to_string(count) + " events re-queued");
  std::cout << (dryRun ? "would re-queue " : "re-queued ") << count << " event"
            << (count == 1 ? "" : "s") << ' ' << scope << " (" << skipped
            << " skipped: still queued or dropped)\n";
  return kExitOk;
}

} // namespace

int runReplayCommand(std::vector<std::string> raw) {
  OpsArgs args(std::move(raw));
  try {
    OpsContext ctx(args);
    return replay(ctx, args);
  } catch (const UsageError &e) {
    std::cerr << "crmsync replay: " << e.what() << '\n' << kUsage;
    return kExitUsage;
  }
}

} // namespace crmsync
