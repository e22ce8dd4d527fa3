#include "crm/bitrix24/bitrix24_write_plan.h"

#include <algorithm>

#include "crm/bitrix24/bitrix24_contacts.h"
#include "crm/bitrix24/bitrix24_values.h"

namespace crmsync::connectors::bitrix24 {

using nlohmann::json;

namespace {

Call addActivity(const json& fields) { return {"crm.activity.add", {{"fields", fields}}, "default"}; }

Call updateActivity(const std::string& id, const json& fields) {
  return {"crm.activity.update", {{"id", id}, {"fields", fields}}, "default"};
}

bool isMessage(const Activity& a) { return a.event.kind == EventKind::kMessage; }

// A Permanent reason when the activity cannot go to Bitrix24 at all; "" when it can.
std::string recordProblem(const Activity& a) {
  if (a.record.id.empty()) return "Bitrix24: the activity names no CRM record";
  if (!entityType(a.record.objectType)) {
    return "Bitrix24: cannot write activities on a '" + a.record.objectType + "' (only contact and lead)";
  }
  return {};
}

void settle(Results& results, const std::vector<std::size_t>& items, const Outcome& outcome, const std::string& id) {
  for (std::size_t i : items) results[i] = ActivityResult{outcome, id};
}

// Undecided statuses by message key (in first-seen order), optionally only those `wanted` accepts.
template <typename Wanted>
std::vector<std::pair<std::string, std::vector<std::size_t>>> statusGroups(const std::vector<Activity>& activities,
                                                                           Results& results, Wanted wanted) {
  std::vector<std::pair<std::string, std::vector<std::size_t>>> groups;
  for (std::size_t i = 0; i < activities.size(); ++i) {
    if (isMessage(activities[i]) || results[i]) continue;
    if (std::string problem = recordProblem(activities[i]); !problem.empty()) {
      results[i] = ActivityResult{Outcome::permanent(problem), ""};
      continue;
    }
    const std::string key = messageKey(activities[i]);
    if (!wanted(key)) continue;
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == key; });
    if (it == groups.end())
      groups.push_back({key, {i}});
    else
      it->second.push_back(i);
  }
  return groups;
}

// The status of the group that counts: the highest rank (failed wins), the first of equals.
std::size_t bestStatus(const std::vector<Activity>& activities, const std::vector<std::size_t>& items) {
  return *std::max_element(items.begin(), items.end(), [&](std::size_t a, std::size_t b) {
    return statusRank(activities[a].event.status) < statusRank(activities[b].event.status);
  });
}

// A message's step: add it, or fill the placeholder a status left for it. nullopt when settled already.
std::optional<WriteStep> messageStep(const Activity& a, std::size_t i, const Stored& stored,
                                     const std::string& responsibleId, Results& results) {
  const std::string key = messageKey(a);
  auto found = stored.find(key);
  if (found != stored.end() && !isPlaceholder(found->second.version)) {
    results[i] = ActivityResult{Outcome::ok(), found->second.id};
    return std::nullopt;
  }
  auto fields = messageFields(a, responsibleId);
  if (fields.index() == 1) {
    results[i] = ActivityResult{Outcome::permanent("Bitrix24 mapping: " + std::get<1>(fields)), ""};
    return std::nullopt;
  }
  json& f = std::get<0>(fields);
  if (found == stored.end()) return WriteStep{addActivity(f), {i}, key, "", ""};
  const std::string version = statusOfVersion(found->second.version);
  f["ORIGIN_VERSION"] = version;
  return WriteStep{updateActivity(found->second.id, f), {i}, key, version, found->second.id};
}

}  // namespace

std::vector<std::string> messageKeys(const std::vector<Activity>& activities) {
  std::vector<std::string> keys;
  for (const Activity& a : activities) {
    std::string key = messageKey(a);
    if (!key.empty() && std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
  }
  return keys;
}

std::vector<WriteStep> planRoundOne(const std::vector<Activity>& activities, const Stored& stored,
                                    const std::string& responsibleId, Results& results) {
  std::vector<WriteStep> steps;
  for (std::size_t i = 0; i < activities.size(); ++i) {
    const Activity& a = activities[i];
    if (!isMessage(a) || results[i]) continue;
    if (std::string problem = recordProblem(a); !problem.empty()) {
      results[i] = ActivityResult{Outcome::permanent(problem), ""};
      continue;
    }
    auto same = std::find_if(steps.begin(), steps.end(), [&](const WriteStep& s) { return s.key == messageKey(a); });
    if (same != steps.end()) {
      same->items.push_back(i);
    } else if (auto step = messageStep(a, i, stored, responsibleId, results)) {
      steps.push_back(std::move(*step));
    }
  }
  // Statuses of messages Bitrix24 has no activity for and that this call does not bring either.
  auto unseen = [&](const std::string& key) {
    bool inCall = std::any_of(activities.begin(), activities.end(),
                              [&](const Activity& a) { return isMessage(a) && messageKey(a) == key; });
    return !inCall && stored.count(key) == 0;
  };
  for (auto& [key, items] : statusGroups(activities, results, unseen)) {
    const Activity& best = activities[bestStatus(activities, items)];
    auto fields = placeholderFields(best, responsibleId);
    if (fields.index() == 1) {
      settle(results, items, Outcome::permanent("Bitrix24 mapping: " + std::get<1>(fields)), "");
      continue;
    }
    steps.push_back({addActivity(std::get<0>(fields)), items, key, placeholderVersion(best.event.status), ""});
  }
  return steps;
}

std::vector<WriteStep> planRoundTwo(const std::vector<Activity>& activities, const Stored& stored,
                                    const std::map<std::string, Outcome>& failed, Results& results) {
  std::vector<WriteStep> steps;
  for (auto& [key, items] : statusGroups(activities, results, [](const std::string&) { return true; })) {
    if (auto f = failed.find(key); f != failed.end()) {
      settle(results, items, f->second, "");
      continue;
    }
    auto found = stored.find(key);
    if (found == stored.end()) {
      settle(results, items, Outcome::retryable("Bitrix24: no activity for message " + key + " yet"), "");
      continue;
    }
    const Activity& best = activities[bestStatus(activities, items)];
    if (statusRank(best.event.status) <= statusRank(statusOfVersion(found->second.version))) {
      settle(results, items, Outcome::ok(), found->second.id);  // repeated or late: nothing to change
      continue;
    }
    auto fields = statusFields(best);
    if (fields.index() == 1) {
      settle(results, items, Outcome::permanent("Bitrix24 mapping: " + std::get<1>(fields)), "");
      continue;
    }
    std::string version =
        isPlaceholder(found->second.version) ? placeholderVersion(best.event.status) : best.event.status;
    std::get<0>(fields)["ORIGIN_VERSION"] = version;
    steps.push_back({updateActivity(found->second.id, std::get<0>(fields)), items, key, version, found->second.id});
  }
  return steps;
}

void applyOutcomes(const std::vector<WriteStep>& steps, const std::vector<CallResult>& outcomes, Stored& stored,
                   std::map<std::string, Outcome>& failed, Results& results) {
  for (std::size_t s = 0; s < steps.size(); ++s) {
    const WriteStep& step = steps[s];
    Outcome outcome = s < outcomes.size() ? outcomes[s].outcome : Outcome::retryable("Bitrix24: no answer for a call");
    std::string id = step.id;
    if (outcome.isOk() && id.empty()) {
      id = textOf(outcomes[s].result);
      if (id.empty() || id == "0") outcome = Outcome::retryable("Bitrix24: crm.activity.add answered without an id");
    }
    if (!outcome.isOk()) {
      failed[step.key] = outcome;
      settle(results, step.items, outcome, "");
      continue;
    }
    stored[step.key] = {id, step.version};
    settle(results, step.items, Outcome::ok(), id);
  }
}

std::vector<Call> callsOf(const std::vector<WriteStep>& steps) {
  std::vector<Call> calls;
  for (const WriteStep& s : steps) calls.push_back(s.call);
  return calls;
}

}  // namespace crmsync::connectors::bitrix24
