// `crmsync reconcile [--limit N] [--json]`: every event by channel and state
// for the configured connector, and the messages the channel reported that are
// not in the CRM, with counts and ids.
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "service/cli.h"
#include "service/ops_cli.h"
#include "service/ops_context.h"

namespace crmsync {

using nlohmann::json;

namespace {

constexpr const char *kUsage =
    "usage: crmsync reconcile [--limit N] [--json] [--config FILE]\n";

constexpr EventState kStates[] = {EventState::kReceived, EventState::kResolved,
                                  EventState::kWritten,  EventState::kRetrying,
                                  EventState::kDead,     EventState::kDropped};

// channel -> state name -> count, every state present (zeros included) so the
// report has one shape.
std::map<std::string, std::map<std::string, std::int64_t>>
byChannel(const ReconcileReport &r) {
  std::map<std::string, std::map<std::string, std::int64_t>> out;
  for (const auto &t : r.tallies) {
    auto &states = out[t.channel];
    for (EventState s : kStates)
      states.emplace(toString(s), 0);
    states[toString(t.state)] = t.count;
  }
  return out;
}

json toJson(const std::string &connector, const ReconcileReport &r) {
  json channels = json::object();
  for (const auto &[channel, states] : byChannel(r))
    channels[channel] = states;
  json messages = json::array();
  for (const auto &m : r.unwritten) {
    messages.push_back({{"provider_id", m.providerId},
                        {"channel", m.channel},
                        {"problem", m.problem},
                        {"event_id", m.eventId},
                        {"state", m.state}});
  }
  return {{"connector", connector},
          {"events", channels},
          {"not_in_crm",
           {{"status_only", r.statusOnly},
            {"not_written", r.notWritten},
            {"messages", messages}}}};
}

void printText(const std::string &connector, const ReconcileReport &r) {
  std::cout << "connector " << connector << "\nchannel\tstate\tevents\n";
  for (const auto &[channel, states] : byChannel(r)) {
    for (EventState s : kStates)
      std::cout << channel << '\t' << toString(s) << '\t'
                << states.at(toString(s)) << '\n';
  }
  std::cout << "\nmessages not in the CRM: " << r.notWritten
            << " message events not written, " << r.statusOnly
            << " provider ids known only from status events\n";
  if (r.unwritten.empty())
    return;
  std::cout << "provider_id\tchannel\tproblem\tevent\tstate\n";
  for (const auto &m : r.unwritten) {
    std::cout << m.providerId << '\t' << m.channel << '\t' << m.problem << '\t'
              << m.eventId << '\t' << m.state << '\n';
  }
}

} // namespace

int runReconcileCommand(std::vector<std::string> raw) {
  OpsArgs args(std::move(raw));
  try {
    OpsContext ctx(args);
    const int limit = static_cast<int>(args.number("--limit").value_or(100));
    const bool asJson = args.flag("--json");
    if (!args.positional().empty())
      throw UsageError("reconcile takes no positional arguments");
    ReconcileReport report = ctx.store.reconcile(limit);
    if (asJson) {
      std::cout << toJson(ctx.config.crmConnector, report).dump(2) << '\n';
    } else {
      printText(ctx.config.crmConnector, report);
    }
    return kExitOk;
  } catch (const UsageError &e) {
    std::cerr << "crmsync reconcile: " << e.what() << '\n' << kUsage;
    return kExitUsage;
  }
}

} // namespace crmsync
