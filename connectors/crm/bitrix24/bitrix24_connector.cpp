#include "crm/bitrix24/bitrix24_connector.h"

#include <algorithm>

#include "crm/bitrix24/bitrix24_contacts.h"
#include "crm/bitrix24/bitrix24_deals.h"
#include "crm/bitrix24/bitrix24_values.h"
#include "crm/bitrix24/bitrix24_write_plan.h"

namespace crmsync::connectors::bitrix24 {

using nlohmann::json;

namespace {

constexpr int kMaxLookupBatch = 10;  // queries per find(): a few findbycomm calls each, all in one batch

template <typename T>
std::vector<std::vector<T>> chunks(const std::vector<T>& items, std::size_t size) {
  std::vector<std::vector<T>> out;
  for (std::size_t from = 0; from < items.size(); from += size) {
    auto to = std::min(items.size(), from + size);
    out.emplace_back(items.begin() + static_cast<long>(from), items.begin() + static_cast<long>(to));
  }
  return out;
}

Outcome unsupported(const std::string& what, const std::string& objectType) {
  return Outcome::permanent("Bitrix24: cannot " + what + " a '" + objectType + "' (contact or lead only)");
}

}  // namespace

Bitrix24Connector::Bitrix24Connector(Bitrix24Config config, std::unique_ptr<HttpClient> http, const Clock& clock)
    : config_(std::move(config)), clock_(clock), api_(std::move(http), clock) {}

Capabilities Bitrix24Connector::capabilities() const {
  Capabilities c;
  c.maxLookupBatch = kMaxLookupBatch;
  c.maxWriteBatch = kMaxBatch;
  c.nativeIdempotency = false;  // ORIGIN_ID is not unique in Bitrix24: crmsync looks before it writes
  c.updatesStatusInPlace = true;
  c.budgets = budgets();
  return c;
}

Result<std::vector<CrmCandidate>> Bitrix24Connector::readCandidates(const std::string& type,
                                                                    const std::vector<std::string>& ids) {
  std::vector<Call> calls;
  for (const auto& part : chunks(ids, kPageSize)) calls.push_back(listByIdsCall(type, part));
  std::vector<CrmCandidate> out;
  for (const CallResult& r : api_.callAll(calls)) {
    if (!r.outcome.isOk()) return Result<std::vector<CrmCandidate>>::fail(r.outcome);
    if (!r.result.is_array()) continue;
    for (const json& row : r.result) out.push_back(toCandidate(row, type));
  }
  return Result<std::vector<CrmCandidate>>::ok(std::move(out));
}

Result<std::vector<std::vector<CrmCandidate>>> Bitrix24Connector::find(const std::vector<LookupQuery>& queries) {
  using Out = std::vector<std::vector<CrmCandidate>>;
  std::vector<FindCall> finds = findCalls(queries, config_.entityTypes);
  std::vector<Call> calls;
  for (const FindCall& f : finds) calls.push_back(f.call);
  std::vector<CallResult> found = calls.empty() ? std::vector<CallResult>{} : api_.callAll(calls);
  // Per query the (entity type, id) pairs found, and per entity type every id to read.
  std::vector<std::vector<std::pair<std::string, std::string>>> matches(queries.size());
  std::map<std::string, std::vector<std::string>> idsByType;
  for (std::size_t i = 0; i < finds.size(); ++i) {
    if (!found[i].outcome.isOk()) return Result<Out>::fail(found[i].outcome);
    for (const std::string& id : foundIds(found[i].result, finds[i].entityType)) {
      auto match = std::make_pair(finds[i].entityType, id);
      auto& list = matches[finds[i].query];
      if (std::find(list.begin(), list.end(), match) == list.end()) list.push_back(match);
      auto& ids = idsByType[finds[i].entityType];
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
  }
  std::map<std::pair<std::string, std::string>, CrmCandidate> candidates;
  for (const auto& [type, ids] : idsByType) {
    auto read = readCandidates(type, ids);
    if (!read.isOk()) return Result<Out>::fail(read.outcome);
    for (CrmCandidate& c : read.value) candidates[{type, c.record.id}] = std::move(c);
  }
  Out out(queries.size());
  for (std::size_t q = 0; q < queries.size(); ++q) {
    for (const auto& match : matches[q]) {
      auto it = candidates.find(match);
      if (it != candidates.end()) out[q].push_back(it->second);  // gone between the two calls: not a match
    }
  }
  return Result<Out>::ok(std::move(out));
}

Result<CrmRecordRef> Bitrix24Connector::create(const ContactDraft& draft) {
  std::optional<std::string> type = entityType(draft.object);
  if (!type) return Result<CrmRecordRef>::fail(unsupported("create", draft.object));
  auto add = addCall(*type, draft);
  if (add.index() == 1) return Result<CrmRecordRef>::fail(Outcome::permanent("Bitrix24 mapping: " + std::get<1>(add)));
  std::lock_guard<std::mutex> lock(createMutex_);
  if (!draft.creationKey.empty()) {
    CallResult existing = api_.call(originLookupCall(*type, draft.creationKey));
    if (!existing.outcome.isOk()) return Result<CrmRecordRef>::fail(existing.outcome);
    if (existing.result.is_array() && !existing.result.empty()) {
      return Result<CrmRecordRef>::ok({objectTypeOf(*type), textOf(existing.result.front().value("ID", json()))});
    }
  }
  CallResult added = api_.call(std::get<0>(add));
  if (!added.outcome.isOk()) return Result<CrmRecordRef>::fail(added.outcome);
  std::string id = textOf(added.result);
  if (id.empty())
    return Result<CrmRecordRef>::fail(
        Outcome::retryable("Bitrix24: " + std::get<0>(add).method + " answered without an id"));
  return Result<CrmRecordRef>::ok({objectTypeOf(*type), id});
}

Outcome Bitrix24Connector::update(const ContactUpdate& change) {
  std::optional<std::string> type = entityType(change.record.objectType);
  if (!type) return unsupported("update", change.record.objectType);
  json current;
  if (needsCurrentValues(change)) {
    CallResult read = api_.call(getCall(*type, change.record.id));
    if (!read.outcome.isOk()) return read.outcome;
    current = read.result;
  }
  auto fields = updateFields(change, current);
  if (fields.index() == 1) return Outcome::permanent("Bitrix24 mapping: " + std::get<1>(fields));
  if (std::get<0>(fields).empty()) return Outcome::ok();
  Call call{methodPrefix(*type) + ".update",
            {{"id", change.record.id}, {"fields", std::get<0>(fields)}, {"params", {{"REGISTER_SONET_EVENT", "N"}}}},
            "default"};
  return api_.call(call).outcome;
}

Result<std::map<std::string, StoredActivity>> Bitrix24Connector::lookupActivities(
    const std::vector<std::string>& keys) {
  std::vector<json> rows;
  for (const auto& part : chunks(keys, kPageSize)) {
    auto page = api_.listAll(activityLookupCall(part));
    if (!page.isOk()) return Result<std::map<std::string, StoredActivity>>::fail(page.outcome);
    rows.insert(rows.end(), page.value.begin(), page.value.end());
  }
  return Result<std::map<std::string, StoredActivity>>::ok(storedByKey(rows));
}

Result<std::vector<ActivityResult>> Bitrix24Connector::write(const std::vector<Activity>& activities) {
  using Out = std::vector<ActivityResult>;
  if (activities.empty()) return Result<Out>::ok({});
  std::lock_guard<std::mutex> lock(writeMutex_);
  auto stored = lookupActivities(messageKeys(activities));
  if (!stored.isOk()) return Result<Out>::fail(stored.outcome);
  Results results(activities.size());
  std::map<std::string, Outcome> failed;
  std::vector<WriteStep> first = planRoundOne(activities, stored.value, config_.userId, results);
  if (!first.empty()) applyOutcomes(first, api_.callAll(callsOf(first)), stored.value, failed, results);
  std::vector<WriteStep> second = planRoundTwo(activities, stored.value, failed, results);
  if (!second.empty()) applyOutcomes(second, api_.callAll(callsOf(second)), stored.value, failed, results);
  Out out;
  for (auto& r : results) out.push_back(r ? *r : ActivityResult{Outcome::retryable("Bitrix24: not written"), ""});
  return Result<Out>::ok(std::move(out));
}

Result<CrmContext> Bitrix24Connector::contactContext(const std::string& id) {
  std::vector<CallResult> first = api_.callAll({getCall("CONTACT", id), openDealsCall(id, 0)});
  for (const CallResult& r : first) {
    if (!r.outcome.isOk()) return Result<CrmContext>::fail(r.outcome);
  }
  std::vector<json> rows;
  auto append = [&rows](const json& page) {
    if (page.is_array()) rows.insert(rows.end(), page.begin(), page.end());
  };
  append(first[1].result);
  if (first[1].next) {
    std::vector<Call> rest;
    for (int start = *first[1].next; start < first[1].total; start += kPageSize)
      rest.push_back(openDealsCall(id, start));
    for (const CallResult& r : api_.callAll(rest)) {
      if (!r.outcome.isOk()) return Result<CrmContext>::fail(r.outcome);
      append(r.result);
    }
  }
  CrmContext ctx;
  ctx.deals = dealsOf(rows);
  ctx.ownerId = textOf(first[0].result.value("ASSIGNED_BY_ID", json()));
  ctx.fetchedAtMs = clock_.nowMs();
  return Result<CrmContext>::ok(std::move(ctx));
}

Result<CrmContext> Bitrix24Connector::context(const CrmRecordRef& record) {
  std::optional<std::string> type = entityType(record.objectType);
  if (!type) return Result<CrmContext>::fail(unsupported("read the context of", record.objectType));
  if (*type == "CONTACT") return contactContext(record.id);
  CallResult lead = api_.call(getCall(*type, record.id));
  if (!lead.outcome.isOk()) return Result<CrmContext>::fail(lead.outcome);
  CrmContext ctx;
  Deal d = leadAsDeal(lead.result);
  if (d.status == "open") ctx.deals.push_back(d);
  ctx.ownerId = d.ownerId;
  ctx.fetchedAtMs = clock_.nowMs();
  return Result<CrmContext>::ok(std::move(ctx));
}

std::vector<RequestPreview> Bitrix24Connector::describe(const std::vector<Activity>& activities) const {
  std::vector<RequestPreview> out;
  if (activities.empty()) return out;
  const std::vector<std::string> keys = messageKeys(activities);
  for (const auto& part : chunks(keys, kPageSize)) {
    Call lookup = activityLookupCall(part);
    lookup.params["start"] = 0;
    for (auto& p : previews({lookup})) out.push_back(std::move(p));
  }
  // As if nothing of this call were stored yet, but the messages its statuses are about were.
  Stored stored;
  for (const Activity& a : activities) {
    if (a.event.kind == EventKind::kStatus)
      stored[messageKey(a)] = {"{ID of the activity with ORIGIN_ID " + messageKey(a) + "}", ""};
  }
  for (const Activity& a : activities) {
    if (a.event.kind == EventKind::kMessage) stored.erase(messageKey(a));
  }
  Results results(activities.size());
  std::vector<WriteStep> first = planRoundOne(activities, stored, config_.userId, results);
  for (auto& p : previews(callsOf(first))) out.push_back(std::move(p));
  for (const WriteStep& s : first)
    stored[s.key] = {s.id.empty() ? "{ID returned by crm.activity.add}" : s.id, s.version};
  std::vector<WriteStep> second = planRoundTwo(activities, stored, {}, results);
  for (auto& p : previews(callsOf(second))) out.push_back(std::move(p));
  return out;
}

}  // namespace crmsync::connectors::bitrix24
