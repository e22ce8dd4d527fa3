// HubspotConnector::write(): messages and statuses as Communications (see hubspot_activities.h).
#include <algorithm>
#include <set>

#include "crm/hubspot/hubspot_activities.h"
#include "crm/hubspot/hubspot_connector.h"
#include "crm/hubspot/hubspot_schema.h"
#include "crm/hubspot/hubspot_values.h"

namespace crmsync::connectors::hubspot {

namespace {

// Keys in first-seen order, each with the activities that share it.
struct Grouped {
  std::vector<std::string> keys;
  std::map<std::string, std::vector<std::size_t>> byKey;
  void add(const std::string& key, std::size_t index) {
    auto [it, inserted] = byKey.try_emplace(key);
    if (inserted) keys.push_back(key);
    it->second.push_back(index);
  }
};

void settle(std::vector<ActivityResult>& out, const std::vector<std::size_t>& indexes, const Outcome& outcome,
            const std::string& id = "") {
  for (std::size_t i : indexes) out[i] = {outcome, outcome.isOk() ? id : std::string{}};
}

// The whole call failed when every activity failed for one and the same reason.
bool sameFailure(const std::vector<ActivityResult>& out) {
  if (out.empty() || out.front().outcome.isOk()) return false;
  for (const ActivityResult& r : out) {
    if (r.outcome.kind != out.front().outcome.kind || r.outcome.reason != out.front().outcome.reason) return false;
  }
  return true;
}

}  // namespace

Result<std::vector<ActivityResult>> HubspotConnector::write(const std::vector<Activity>& activities) {
  using Out = std::vector<ActivityResult>;
  Out out(activities.size(), ActivityResult{Outcome::retryable("not attempted"), ""});
  Indexes messages;
  Indexes statuses;
  for (std::size_t i = 0; i < activities.size(); ++i) {
    if (std::string why = unwritableReason(activities[i]); !why.empty()) {
      out[i] = {Outcome::permanent(why), ""};
    } else {
      (activities[i].event.kind == EventKind::kMessage ? messages : statuses).push_back(i);
    }
  }
  writeMessages(activities, messages, out);
  writeStatuses(activities, statuses, out);
  if (sameFailure(out)) return Result<Out>::fail(out.front().outcome);
  return Result<Out>::ok(std::move(out));
}

void HubspotConnector::writeMessages(const std::vector<Activity>& activities, const Indexes& indexes,
                                     std::vector<ActivityResult>& out) {
  Grouped grouped;
  for (std::size_t i : indexes) grouped.add(activities[i].idempotencyKey, i);
  for (const auto& keys : chunks(grouped.keys, kMaxBatchInputs)) {
    std::vector<UpsertInput> inputs;
    for (const std::string& key : keys) inputs.push_back({key, messageProperties(activities[grouped.byKey[key].front()], nowMs())});
    associate(upsertCommunications(inputs), grouped.byKey, activities, out);
  }
}

void HubspotConnector::writeStatuses(const std::vector<Activity>& activities, const Indexes& indexes,
                                     std::vector<ActivityResult>& out) {
  Grouped grouped;
  for (std::size_t i : indexes) grouped.add(messageKeyOf(activities[i].event), i);
  for (const auto& keys : chunks(grouped.keys, kMaxBatchInputs)) writeStatusChunk(activities, keys, grouped.byKey, out);
}

void HubspotConnector::writeStatusChunk(const std::vector<Activity>& activities, const std::vector<std::string>& keys,
                                        const std::map<std::string, Indexes>& byKey, std::vector<ActivityResult>& out) {
  Result<std::map<std::string, HubspotObject>> found = readCommunications(keys);
  if (!found.isOk()) {
    for (const std::string& key : keys) settle(out, byKey.at(key), found.outcome);
    return;
  }
  std::vector<UpsertInput> inputs;
  std::map<std::string, Indexes> placeholders;
  for (const std::string& key : keys) {
    std::vector<const Activity*> statuses;
    for (std::size_t i : byKey.at(key)) statuses.push_back(&activities[i]);
    auto existing = found.value.find(key);
    const bool exists = existing != found.value.end();
    const std::string current = exists ? existing->second.property(kStatusProperty) : std::string{};
    Properties properties = statusProperties(statuses, current, exists, nowMs());
    if (exists && properties.size() == 1 && properties[kStatusProperty] == current) {
      settle(out, byKey.at(key), Outcome::ok(), existing->second.id);  // nothing new to write
      continue;
    }
    inputs.push_back({key, properties});
    if (!exists) placeholders[key] = byKey.at(key);
  }
  if (inputs.empty()) return;
  KeyedIds written = upsertCommunications(inputs);
  for (const UpsertInput& input : inputs) {
    if (placeholders.count(input.key)) continue;  // settled once associated
    auto failure = written.failures.find(input.key);
    if (failure != written.failures.end()) settle(out, byKey.at(input.key), failure->second);
    else settle(out, byKey.at(input.key), Outcome::ok(), written.ids.at(input.key));
  }
  KeyedIds placed;
  for (const auto& [key, unused] : placeholders) {
    if (written.ids.count(key)) placed.ids[key] = written.ids.at(key);
    if (written.failures.count(key)) placed.failures.emplace(key, written.failures.at(key));
  }
  if (!placeholders.empty()) associate(placed, placeholders, activities, out);
}

Result<std::map<std::string, HubspotObject>> HubspotConnector::readCommunications(const std::vector<std::string>& keys) {
  using Out = std::map<std::string, HubspotObject>;
  Result<HttpResponse> answer = send(readCommunicationsRequest(keys));
  if (!answer.isOk()) return Result<Out>::fail(answer.outcome);
  if (answer.value.status == 404) return Result<Out>::ok({});  // none of these messages has a communication yet
  Outcome outcome = classify(answer.value, nowMs());
  if (!outcome.isOk()) return Result<Out>::fail(outcome);
  std::optional<Out> found = objectsByKey(answer.value.body, kKeyProperty);
  if (!found) return Result<Out>::fail(Outcome::retryable("HubSpot answered batch/read with an unreadable body"));
  return Result<Out>::ok(std::move(*found));
}

HubspotConnector::KeyedIds HubspotConnector::upsertCommunications(const std::vector<UpsertInput>& inputs) {
  KeyedIds result;
  HttpRequest request = upsertCommunicationsRequest(inputs);
  Result<HttpResponse> answer = call(request);
  if (!answer.isOk()) {
    // One bad input refuses the whole batch; write them one by one to find out which.
    if (answer.outcome.kind == Outcome::Kind::kPermanent && inputs.size() > 1) return upsertEach(inputs);
    for (const UpsertInput& input : inputs) result.failures.emplace(input.key, answer.outcome);
    return result;
  }
  std::optional<std::map<std::string, HubspotObject>> objects = objectsByKey(answer.value.body, kKeyProperty);
  for (const UpsertInput& input : inputs) {
    if (objects && objects->count(input.key)) {
      result.ids[input.key] = objects->at(input.key).id;
    } else {
      result.failures.emplace(input.key, Outcome::retryable("HubSpot did not return the communication of " + input.key));
    }
  }
  return result;
}

HubspotConnector::KeyedIds HubspotConnector::upsertEach(const std::vector<UpsertInput>& inputs) {
  KeyedIds result;
  for (const UpsertInput& input : inputs) {
    KeyedIds one = upsertCommunications({input});
    result.ids.insert(one.ids.begin(), one.ids.end());
    result.failures.insert(one.failures.begin(), one.failures.end());
  }
  return result;
}

void HubspotConnector::associate(const KeyedIds& written, const std::map<std::string, Indexes>& byKey,
                                 const std::vector<Activity>& activities, std::vector<ActivityResult>& out) {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& [key, failure] : written.failures) {
    if (byKey.count(key)) settle(out, byKey.at(key), failure);
  }
  for (const auto& [key, id] : written.ids) {
    for (std::size_t i : byKey.at(key)) {
      if (seen.insert({id, activities[i].record.id}).second) pairs.emplace_back(id, activities[i].record.id);
    }
  }
  std::vector<std::pair<std::string, std::string>> linked;  // (communication, contact) associated
  for (const auto& chunk : chunks(pairs, kMaxBatchInputs)) {
    Result<HttpResponse> answer = call(associateCommunicationsRequest(chunk));
    std::optional<AssociationResult> parsed = answer.isOk() ? parseAssociationResult(answer.value.body) : std::nullopt;
    for (const auto& [commId, contactId] : chunk) {
      Outcome outcome = !answer.isOk() ? answer.outcome
                        : !parsed      ? Outcome::retryable("HubSpot answered the association batch with an unreadable body")
                                       : Outcome::ok();
      if (parsed && std::find(parsed->associatedFromIds.begin(), parsed->associatedFromIds.end(), commId) ==
                        parsed->associatedFromIds.end()) {
        outcome = Outcome::permanent("HubSpot did not associate communication " + commId + " to contact " + contactId +
                                     (parsed->errorMessage.empty() ? "" : ": " + parsed->errorMessage));
      }
      if (outcome.isOk()) linked.emplace_back(commId, contactId);
      settlePair(written, byKey, activities, {commId, contactId}, outcome, out);
    }
  }
  if (!options_.associateOpenDeal || linked.empty()) return;
  // A failed deal link is retried with the activity: the upsert and both associations are idempotent.
  for (const auto& [pair, failure] : linkOpenDeals(linked)) settlePair(written, byKey, activities, pair, failure, out);
}

void HubspotConnector::settlePair(const KeyedIds& written, const std::map<std::string, Indexes>& byKey,
                                  const std::vector<Activity>& activities, const std::pair<std::string, std::string>& pair,
                                  const Outcome& outcome, std::vector<ActivityResult>& out) {
  for (const auto& [key, id] : written.ids) {
    if (id != pair.first) continue;
    for (std::size_t i : byKey.at(key)) {
      if (activities[i].record.id == pair.second) out[i] = {outcome, outcome.isOk() ? pair.first : std::string{}};
    }
  }
}

}  // namespace crmsync::connectors::hubspot
