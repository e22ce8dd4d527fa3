#include "crm/hubspot/hubspot_connector.h"

#include <algorithm>
#include <set>
#include <utility>

#include "crm/hubspot/hubspot_activities.h"
#include "crm/hubspot/hubspot_contacts.h"
#include "crm/hubspot/hubspot_leads.h"
#include "crm/hubspot/hubspot_schema.h"
#include "crm/hubspot/hubspot_search.h"
#include "crm/hubspot/hubspot_values.h"

namespace crmsync::connectors::hubspot {

using nlohmann::json;

namespace {

constexpr int kMaxAssociationPages = 1000;

Outcome unreadable(const HttpRequest& request) {
  return Outcome::retryable("HubSpot answered " + request.method + " " + request.target.substr(0, request.target.find('?')) +
                            " with a body crmsync cannot read");
}

bool isContact(const CrmRecordRef& record) {
  return record.objectType.empty() || record.objectType == kContactObjectType || record.objectType == "contacts";
}

}  // namespace

HubspotConnector::HubspotConnector(std::unique_ptr<HttpClient> http, std::string token, const Clock* clock,
                                   HubspotOptions options)
    : http_(std::move(http)),
      token_(std::move(token)),
      options_(std::move(options)),
      clock_(clock != nullptr ? clock : &systemClock_) {}

std::vector<RateBudget> HubspotConnector::budgets(int requestsPer10s) {
  return {{"default", requestsPer10s, 10000, 0}, {"search", 4, 1000, 0}};
}

Capabilities HubspotConnector::capabilities() const {
  Capabilities c;
  c.maxLookupBatch = 1;  // one person per search request: results cannot be told apart otherwise
  c.maxWriteBatch = kMaxBatchInputs;
  c.nativeIdempotency = true;
  c.updatesStatusInPlace = true;
  c.budgets = budgets(options_.requestsPer10s);
  return c;
}

std::int64_t HubspotConnector::nowMs() const { return clock_->nowMs(); }

Result<HttpResponse> HubspotConnector::send(HttpRequest request) {
  request.headers["Authorization"] = "Bearer " + token_;
  request.headers["Accept"] = "application/json";
  if (!request.body.empty()) request.headers["Content-Type"] = "application/json";
  Result<HttpResponse> sent = http_->send(request);
  if (!sent.isOk()) sent.outcome.reason = "HubSpot unreachable: " + sent.outcome.reason;
  return sent;
}

Result<HttpResponse> HubspotConnector::call(HttpRequest request) {
  Result<HttpResponse> sent = send(std::move(request));
  if (!sent.isOk()) return sent;
  Outcome outcome = classify(sent.value, nowMs());
  if (!outcome.isOk()) return Result<HttpResponse>::fail(outcome);
  return sent;
}

Result<std::vector<std::vector<CrmCandidate>>> HubspotConnector::find(const std::vector<LookupQuery>& queries) {
  using Out = std::vector<std::vector<CrmCandidate>>;
  Out out;
  for (const LookupQuery& query : queries) {
    Result<std::vector<CrmCandidate>> found = findOne(query);
    if (!found.isOk()) return Result<Out>::fail(found.outcome);
    out.push_back(std::move(found.value));
  }
  return Result<Out>::ok(std::move(out));
}

Result<std::vector<CrmCandidate>> HubspotConnector::findOne(const LookupQuery& query) {
  using Out = std::vector<CrmCandidate>;
  Out out;
  std::set<std::string> seen;
  for (const auto& groups : searchBatches(searchFilters(query))) {
    std::string after;
    for (int page = 0; page < kMaxSearchPages; ++page) {
      HttpRequest request = searchRequest(groups, after);
      Result<HttpResponse> answer = call(request);
      if (!answer.isOk()) return Result<Out>::fail(answer.outcome);
      std::optional<std::vector<HubspotObject>> contacts = parseResults(answer.value.body);
      if (!contacts) return Result<Out>::fail(unreadable(request));
      for (const HubspotObject& c : *contacts) {
        if (seen.insert(c.id).second) out.push_back(toCandidate(c));
      }
      after = nextAfter(json::parse(answer.value.body, nullptr, false));
      if (after.empty()) break;
    }
  }
  return Result<Out>::ok(std::move(out));
}

Result<CrmRecordRef> HubspotConnector::create(const ContactDraft& draft) {
  if (std::string why = uncreatableReason(draft); !why.empty()) return Result<CrmRecordRef>::fail(Outcome::permanent(why));
  HttpRequest request = createContactRequest(draft);
  Result<HttpResponse> answer = call(request);
  if (!answer.isOk()) return Result<CrmRecordRef>::fail(answer.outcome);
  std::optional<std::vector<HubspotObject>> results = parseResults(answer.value.body);
  if (!results || results->empty()) return Result<CrmRecordRef>::fail(unreadable(request));
  auto mine = std::find_if(results->begin(), results->end(),
                           [&](const HubspotObject& o) { return o.property(kPersonKeyProperty) == draft.creationKey; });
  const HubspotObject& created = mine != results->end() ? *mine : results->front();
  if (isLeadsObject(draft.object)) {
    Outcome lead = ensureLead(created.id, draft);
    if (!lead.isOk()) return Result<CrmRecordRef>::fail(lead);
  }
  return Result<CrmRecordRef>::ok({kContactObjectType, created.id});
}

Outcome HubspotConnector::ensureLead(const std::string& contactId, const ContactDraft& draft) {
  HttpRequest lookup = contactLeadsRequest(contactId);
  Result<HttpResponse> existing = call(lookup);
  if (!existing.isOk()) return existing.outcome;
  std::optional<IdPage> leads = parseIdPage(existing.value.body);
  if (!leads) return unreadable(lookup);
  if (!leads->ids.empty()) return Outcome::ok();  // an earlier attempt created it; its answer was lost
  return call(createLeadRequest(contactId, leadProperties(draft))).outcome;
}

Outcome HubspotConnector::update(const ContactUpdate& change) {
  if (!isContact(change.record) || change.record.id.empty()) {
    return Outcome::permanent("HubSpot connector updates contacts, not " + change.record.objectType + " '" +
                              change.record.id + "'");
  }
  Properties current;
  std::vector<std::string> needed = fieldsNeedingCurrent(change);
  if (!needed.empty()) {
    HttpRequest request = readContactRequest(change.record.id, needed);
    Result<HttpResponse> answer = call(request);
    if (!answer.isOk()) return answer.outcome;
    std::optional<HubspotObject> contact = parseObject(json::parse(answer.value.body, nullptr, false));
    if (!contact) return unreadable(request);
    current = contact->properties;
  }
  Properties properties = contactUpdateProperties(change, current);
  if (properties.empty()) return Outcome::ok();
  return call(updateContactRequest(change.record.id, properties)).outcome;
}

Result<CrmContext> HubspotConnector::context(const CrmRecordRef& record) {
  if (!isContact(record) || record.id.empty()) {
    return Result<CrmContext>::fail(Outcome::permanent("HubSpot context is read for contacts, not " + record.objectType));
  }
  HttpRequest request = readContactRequest(record.id, {"hubspot_owner_id"});
  Result<HttpResponse> answer = call(request);
  if (!answer.isOk()) return Result<CrmContext>::fail(answer.outcome);
  std::optional<HubspotObject> contact = parseObject(json::parse(answer.value.body, nullptr, false));
  if (!contact) return Result<CrmContext>::fail(unreadable(request));
  Result<std::vector<std::string>> ids = dealIds(record.id);
  if (!ids.isOk()) return Result<CrmContext>::fail(ids.outcome);
  Result<std::vector<Deal>> deals = openDeals(ids.value);
  if (!deals.isOk()) return Result<CrmContext>::fail(deals.outcome);
  CrmContext out;
  out.deals = std::move(deals.value);
  out.ownerId = contact->property("hubspot_owner_id");
  out.fetchedAtMs = nowMs();
  return Result<CrmContext>::ok(std::move(out));
}

Result<std::vector<std::string>> HubspotConnector::dealIds(const std::string& contactId) {
  using Out = std::vector<std::string>;
  Out ids;
  std::string after;
  for (int page = 0; page < kMaxAssociationPages; ++page) {
    HttpRequest request = dealAssociationsRequest(contactId, after);
    Result<HttpResponse> answer = call(request);
    if (!answer.isOk()) return Result<Out>::fail(answer.outcome);
    std::optional<IdPage> parsed = parseIdPage(answer.value.body);
    if (!parsed) return Result<Out>::fail(unreadable(request));
    for (std::string& id : parsed->ids) {
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
    }
    if (parsed->after.empty() || parsed->after == after) break;
    after = parsed->after;
  }
  return Result<Out>::ok(std::move(ids));
}

Result<std::vector<Deal>> HubspotConnector::openDeals(const std::vector<std::string>& ids) {
  using Out = std::vector<Deal>;
  Out deals;
  for (const auto& chunk : chunks(ids, kMaxBatchInputs)) {
    HttpRequest request = readDealsRequest(chunk);
    Result<HttpResponse> answer = call(request);
    if (!answer.isOk()) return Result<Out>::fail(answer.outcome);
    std::optional<std::vector<HubspotObject>> results = parseResults(answer.value.body);
    if (!results) return Result<Out>::fail(unreadable(request));
    for (const HubspotObject& object : *results) {
      Deal deal = toDeal(object);
      if (deal.status == "open") deals.push_back(std::move(deal));
    }
  }
  std::stable_sort(deals.begin(), deals.end(), [](const Deal& a, const Deal& b) { return a.updatedAtMs > b.updatedAtMs; });
  return Result<Out>::ok(std::move(deals));
}

std::vector<RequestPreview> HubspotConnector::describe(const std::vector<Activity>& activities) const {
  return previewWrites(activities, nowMs());
}

}  // namespace crmsync::connectors::hubspot
