// `crmsync dlq list|show|retry|drop`: the dead-letter queue for admins (see
// ops_cli.h).
#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "crmsync/model_json.h"
#include "service/cli.h"
#include "service/ops_cli.h"
#include "service/ops_context.h"

namespace crmsync {

using nlohmann::json;

namespace {

constexpr const char *kUsage =
    "usage: crmsync dlq list [--limit N] [--json]\n"
    "       crmsync dlq show ID\n"
    "       crmsync dlq retry (ID... | --all [--match TEXT] | --person ID)\n"
    "       crmsync dlq drop ID... [--reason TEXT]\n"
    "options for all: [--config FILE] [--actor NAME]\n";

constexpr int kEverything = 1 << 30;

json deadLetterJson(const DeadLetter &d, const std::optional<StoredEvent> &e) {
  json j{{"event_id", d.eventId},
         {"dedupe_key", d.dedupeKey},
         {"reason", d.reason},
         {"attempts", d.attempts},
         {"dead_at", formatTimeMs(d.deadAtMs)}};
  if (e)
    j["provider_id"] = e->event.providerId;
  return j;
}

int list(OpsContext &ctx, OpsArgs &args) {
  const int limit = static_cast<int>(args.number("--limit").value_or(100));
  const bool asJson = args.flag("--json");
  if (!args.positional().empty())
    throw UsageError("dlq list takes no ids");
  const auto letters = ctx.store.deadLetters(limit);
  if (asJson) {
    json out = json::array();
    for (const auto &d : letters)
      out.push_back(deadLetterJson(d, ctx.store.event(d.eventId)));
    std::cout << out.dump(2) << '\n';
    return kExitOk;
  }
  std::cout << "id\tdead_at\tattempts\tprovider_id\treason\n";
  for (const auto &d : letters) {
    auto e = ctx.store.event(d.eventId);
    std::cout << d.eventId << '\t' << formatTimeMs(d.deadAtMs) << '\t'
              << d.attempts << '\t' << (e ? e->event.providerId : "?") << '\t'
              << d.reason << '\n';
  }
  std::cout << letters.size() << " dead letter"
            << (letters.size() == 1 ? "" : "s") << '\n';
  return kExitOk;
}

void showPerson(OpsContext &ctx, std::int64_t personId) {
  auto person = ctx.store.person(personId);
  if (!person)
    return;
  std::cout << "person\t" << person->id << " \"" << person->displayName
            << "\"\n";
  for (const auto &l : person->identifiers) {
    std::cout << "identifier\t" << toString(l.identifier.kind) << ' '
              << l.identifier.value << " (" << l.reason << ")\n";
  }
  for (const auto &l : person->crmLinks) {
    std::cout << "crm link\t" << l.connector << ' ' << l.objectType << ' '
              << l.recordId << " (" << l.rule << ": " << l.reason << ")\n";
  }
}

int show(OpsContext &ctx, OpsArgs &args) {
  const auto &ids = args.positional();
  if (ids.size() != 1)
    throw UsageError("dlq show takes one event id");
  const std::int64_t id = parseId(ids[0], "event id");
  auto e = ctx.store.event(id);
  if (!e) {
    std::cerr << "crmsync dlq show: no event with id " << id << '\n';
    return kExitFailure;
  }
  std::cout << "event\t" << e->id << " (" << toString(e->event.kind) << ' '
            << e->event.providerId << ", " << e->event.channel << ")\n"
            << "state\t" << toString(e->state) << "\nattempts\t" << e->attempts
            << "\nreceived\t" << formatTimeMs(e->receivedAtMs) << '\n';
  const std::optional<DeadLetter> d = ctx.store.deadLetter(id);
  if (d)
    std::cout << "dead at\t" << formatTimeMs(d->deadAtMs) << "\nerror\t"
              << d->reason << '\n';
  if (!e->lastError.empty() && (!d || d->reason != e->lastError))
    std::cout << "last error\t" << e->lastError << '\n';
  if (auto person = personOf(ctx.store, *e))
    showPerson(ctx, *person);
  std::cout << "event json\t" << json(e->event).dump() << '\n';
  return kExitOk;
}

// The ids `dlq retry` works on: given, every dead letter (optionally matching
// TEXT), or a person's.
std::vector<std::int64_t> retryTargets(OpsContext &ctx, OpsArgs &args) {
  const bool all = args.flag("--all");
  const std::optional<std::string> match = args.option("--match");
  const std::optional<std::string> person = args.option("--person");
  const auto &given = args.positional();
  if (static_cast<int>(all) + static_cast<int>(person.has_value()) +
          static_cast<int>(!given.empty()) !=
      1) {
    throw UsageError(
        "dlq retry needs event ids, --all or --person ID (one of them)");
  }
  if (match && !all)
    throw UsageError("--match goes with --all");
  std::vector<std::int64_t> out;
  for (const auto &text : given)
    out.push_back(parseId(text, "event id"));
  if (!given.empty())
    return out;
  // A plain id plus a flag: gcc 12 -O2 misreads an optional here as maybe-uninitialized.
  const bool byPerson = person.has_value();
  const std::int64_t personId = byPerson ? parseId(*person, "person id") : 0;
  for (const auto &d : ctx.store.deadLetters(kEverything)) {
    auto e = ctx.store.event(d.eventId);
    if (!e)
      continue;
    if (match && d.reason.find(*match) == std::string::npos &&
        e->event.providerId.find(*match) == std::string::npos)
      continue;
    if (byPerson && personOf(ctx.store, *e) != std::optional<std::int64_t>(personId))
      continue;
    out.push_back(d.eventId);
  }
  std::sort(out.begin(),
            out.end()); // oldest first, so the audit log reads in queue order
  return out;
}

// Checks that `id` is a dead letter; says why not on stderr.
bool isDead(OpsContext &ctx, const char *verb, std::int64_t id) {
  auto e = ctx.store.event(id);
  if (!e) {
    std::cerr << "crmsync dlq " << verb << ": no event with id " << id << '\n';
    return false;
  }
  if (e->state != EventState::kDead) {
    std::cerr << "crmsync dlq " << verb << ": event " << id << " is "
              << toString(e->state) << ", not dead"
              << (e->state == EventState::kWritten
                      ? " (use replay to write it again)"
                      : "")
              << '\n';
    return false;
  }
  return true;
}

int retry(OpsContext &ctx, OpsArgs &args) {
  int requeued = 0;
  bool failed = false;
  for (std::int64_t id : retryTargets(ctx, args)) {
    if (!isDead(ctx, "retry", id)) {
      failed = true;
      continue;
    }
    const std::string reason =
        ctx.store.deadLetter(id).value_or(DeadLetter{}).reason;
    if (ctx.store.requeue(id, nowMs())) {
      ctx.audit("dlq.retry", "event " + std::to_string(id),
                "re-queued; was dead: " + reason);
      ++requeued;
    }
  }
  std::cout << "re-queued " << requeued << " event"
            << (requeued == 1 ? "" : "s") << '\n';
  return failed ? kExitFailure : kExitOk;
}

int drop(OpsContext &ctx, OpsArgs &args) {
  const std::string reason =
      args.option("--reason").value_or("dropped by an admin");
  const auto &given = args.positional();
  if (given.empty())
    throw UsageError("dlq drop needs event ids");
  int dropped = 0;
  bool failed = false;
  for (const auto &text : given) {
    const std::int64_t id = parseId(text, "event id");
    if (!isDead(ctx, "drop", id)) {
      failed = true;
      continue;
    }
    if (ctx.store.drop(id, reason + " (by " + ctx.actor + ")", nowMs())) {
      ctx.audit("dlq.drop", "event " + std::to_string(id), reason);
      ++dropped;
    }
  }
  std::cout << "dropped " << dropped << " event" << (dropped == 1 ? "" : "s")
            << " (kept for audit)\n";
  return failed ? kExitFailure : kExitOk;
}

} // namespace

int runDlqCommand(std::vector<std::string> raw) {
  const std::string verb = raw.empty() ? "" : raw.front();
  OpsArgs args(
      raw.empty() ? raw : std::vector<std::string>(raw.begin() + 1, raw.end()));
  try {
    if (verb != "list" && verb != "show" && verb != "retry" && verb != "drop")
      throw UsageError("unknown dlq command '" + verb + "'");
    OpsContext ctx(args);
    if (verb == "list")
      return list(ctx, args);
    if (verb == "show")
      return show(ctx, args);
    if (verb == "retry")
      return retry(ctx, args);
    return drop(ctx, args);
  } catch (const UsageError &e) {
    std::cerr << "crmsync dlq: " << e.what() << '\n' << kUsage;
    return kExitUsage;
  }
}

} // namespace crmsync
