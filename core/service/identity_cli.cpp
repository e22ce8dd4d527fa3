// `crmsync identity show|link`: what the ledger knows about a person, and an
// admin's choice of CRM record for a person the resolver would not guess for
// (crm.match_rule "ambiguous").
#include <iostream>

#include "crmsync/phone.h"
#include "service/cli.h"
#include "service/ops_cli.h"
#include "service/ops_context.h"

namespace crmsync {

namespace {

constexpr const char *kUsage =
    "usage: crmsync identity show (--person ID | --phone NUMBER)\n"
    "       crmsync identity link --person ID --record RECORD_ID [--connector "
    "C] [--object-type T]\n"
    "options for all: [--config FILE] [--actor NAME]\n";

constexpr int kEverything = 1 << 30;

std::string describe(const CrmLink &l) {
  return l.connector + ' ' + l.objectType + ' ' + l.recordId + " (" + l.rule +
         ": " + l.reason + ", " + formatTimeMs(l.linkedAtMs) + ")";
}

// Dead events about the person: after a link, `dlq retry --person` writes them.
std::vector<std::int64_t> deadEventsOf(Store &store, std::int64_t personId) {
  std::vector<std::int64_t> out;
  for (const auto &d : store.deadLetters(kEverything)) {
    auto e = store.event(d.eventId);
    if (e && personOf(store, *e) == personId)
      out.push_back(d.eventId);
  }
  return out;
}

std::int64_t personArg(OpsContext &ctx, OpsArgs &args) {
  const std::optional<std::string> person = args.option("--person");
  const std::optional<std::string> phoneText = args.option("--phone");
  if (person.has_value() == phoneText.has_value())
    throw UsageError("give --person ID or --phone NUMBER");
  if (person)
    return parseId(*person, "person id");
  const Identifier id =
      phone::toIdentifier(*phoneText, ctx.config.defaultRegion);
  auto found = ctx.store.findPerson(id);
  if (!found)
    throw std::runtime_error("no person has the phone " + id.value);
  return *found;
}

int show(OpsContext &ctx, OpsArgs &args) {
  const std::int64_t personId = personArg(ctx, args);
  if (!args.positional().empty())
    throw UsageError("identity show takes no positional arguments");
  auto person = ctx.store.person(personId);
  if (!person)
    throw std::runtime_error("no person with id " + std::to_string(personId));
  std::cout << "person\t" << person->id << " \"" << person->displayName
            << "\" since " << formatTimeMs(person->createdAtMs) << '\n';
  for (const auto &l : person->identifiers) {
    std::cout << "identifier\t" << toString(l.identifier.kind) << ' '
              << l.identifier.value << " (" << l.source << ": " << l.reason
              << ")\n";
  }
  for (const auto &l : person->crmLinks)
    std::cout << "crm link\t" << describe(l) << '\n';
  for (const auto &l : ctx.store.crmLinkHistory(personId))
    std::cout << "link history\t" << describe(l) << '\n';
  const auto dead = deadEventsOf(ctx.store, personId);
  std::cout << "dead events\t" << dead.size() << '\n';
  return kExitOk;
}

int link(OpsContext &ctx, OpsArgs &args) {
  const std::optional<std::string> person = args.option("--person");
  const std::optional<std::string> record = args.option("--record");
  if (!person || !record || record->empty())
    throw UsageError("identity link needs --person ID and --record RECORD_ID");
  const std::int64_t personId = parseId(*person, "person id");
  const std::string connector =
      args.option("--connector").value_or(ctx.config.crmConnector);
  std::optional<std::string> objectType = args.option("--object-type");
  if (!args.positional().empty())
    throw UsageError("identity link takes no positional arguments");
  if (!ctx.store.person(personId))
    throw std::runtime_error("no person with id " + std::to_string(personId));

  const std::optional<CrmLink> previous =
      ctx.store.crmLink(personId, connector);
  std::string reason = "linked by " + ctx.actor;
  if (previous)
    reason += "; replaces " + previous->objectType + ' ' + previous->recordId +
              " (" + previous->rule + ")";
  CrmLink chosen{
      connector,
      objectType.value_or(previous ? previous->objectType : "contact"),
      *record,
      "admin",
      reason,
      nowMs()};
  ctx.store.setCrmLink(personId, chosen);
  ctx.audit("identity.link", "person " + std::to_string(personId),
            connector + ' ' + chosen.objectType + ' ' + *record +
                (previous ? "; was " + previous->recordId : ""));
  std::cout << "person " << personId << " linked to " << describe(chosen)
            << '\n';
  const auto dead = deadEventsOf(ctx.store, personId);
  if (!dead.empty()) {
    std::cout
        << dead.size() << " dead event" << (dead.size() == 1 ? "" : "s")
        << " of this person can now be written: crmsync dlq retry --person "
        << personId << '\n';
  }
  return kExitOk;
}

} // namespace

int runIdentityCommand(std::vector<std::string> raw) {
  const std::string verb = raw.empty() ? "" : raw.front();
  OpsArgs args(
      raw.empty() ? raw : std::vector<std::string>(raw.begin() + 1, raw.end()));
  try {
    if (verb != "show" && verb != "link")
      throw UsageError("unknown identity command '" + verb + "'");
    OpsContext ctx(args);
    return verb == "show" ? show(ctx, args) : link(ctx, args);
  } catch (const UsageError &e) {
    std::cerr << "crmsync identity: " << e.what() << '\n' << kUsage;
    return kExitUsage;
  }
}

} // namespace crmsync
