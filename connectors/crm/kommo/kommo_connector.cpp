#include "crm/kommo/kommo_connector.h"

#include <algorithm>

#include "crm/kommo/kommo_contacts.h"
#include "crm/kommo/kommo_lead_create.h"
#include "crm/kommo/kommo_leads.h"
#include "crm/kommo/kommo_util.h"

namespace crmsync::connectors::kommo {

using nlohmann::json;

namespace {

// Stage names change rarely; re-read them now and then so a renamed stage shows up.
constexpr std::int64_t kStagesTtlMs = 10 * 60 * 1000;

Outcome notAContact(const CrmRecordRef& record) {
  return Outcome::permanent("'" + record.objectType + " " + record.id + "' is not a Kommo contact id");
}

bool isContactRef(const CrmRecordRef& record) {
  return (record.objectType.empty() || record.objectType == "contact") && isKommoId(record.id);
}

HttpRequest jsonRequest(const std::string& method, const std::string& target, const json& body) {
  HttpRequest r;
  r.method = method;
  r.target = target;
  r.body = body.dump();
  return r;
}

void addCandidates(std::vector<CrmCandidate>& into, std::vector<CrmCandidate> found) {
  for (CrmCandidate& c : found) {
    auto same = [&](const CrmCandidate& o) { return o.record == c.record; };
    if (std::none_of(into.begin(), into.end(), same)) into.push_back(std::move(c));
  }
}

}  // namespace

std::vector<RateBudget> kommoBudgets() { return {RateBudget{"default", 7, 1000, 0}}; }

KommoConnector::KommoConnector(std::unique_ptr<KommoApi> api) : api_(std::move(api)) {}

Capabilities KommoConnector::capabilities() const {
  Capabilities c;
  c.maxLookupBatch = 1;  // one search term per request: nothing to gain from several queries per call
  c.maxWriteBatch = static_cast<int>(kMaxNotesPerRequest);
  c.nativeIdempotency = false;
  c.updatesStatusInPlace = true;
  c.budgets = kommoBudgets();
  return c;
}

Result<std::vector<CrmCandidate>> KommoConnector::search(const LookupQuery& query) {
  std::vector<CrmCandidate> found;
  for (const std::string& term : searchTerms(query)) {
    Outcome o = api_->forEachPage(searchTarget(term), "default",
                                  [&](const json& page) { addCandidates(found, candidatesOf(page)); });
    if (!o.isOk()) return Result<std::vector<CrmCandidate>>::fail(o);
  }
  return Result<std::vector<CrmCandidate>>::ok(std::move(found));
}

Result<std::vector<std::vector<CrmCandidate>>> KommoConnector::find(const std::vector<LookupQuery>& queries) {
  using Out = std::vector<std::vector<CrmCandidate>>;
  Out out;
  for (const LookupQuery& query : queries) {
    Result<std::vector<CrmCandidate>> found = search(query);
    if (!found.isOk()) return Result<Out>::fail(found.outcome);
    out.push_back(std::move(found.value));
  }
  return Result<Out>::ok(std::move(out));
}

// crmsync's custom fields must exist before a contact can carry them; checked once per process.
Outcome KommoConnector::ensureCustomFields() {
  std::lock_guard<std::mutex> lock(fieldsMutex_);
  if (fieldsReady_) return Outcome::ok();
  std::vector<std::string> present;
  Outcome listed = api_->forEachPage(customFieldsTarget(), "default", [&](const json& page) {
    for (std::string& code : fieldCodesOf(page)) present.push_back(std::move(code));
  });
  if (!listed.isOk()) return listed;
  std::vector<std::string> missing;
  for (const char* code : {kKeyFieldCode, kBsuidFieldCode}) {
    if (std::find(present.begin(), present.end(), code) == present.end()) missing.emplace_back(code);
  }
  if (!missing.empty()) {
    Result<HttpResponse> made = api_->send(jsonRequest("POST", customFieldsTarget(), customFieldsBody(missing)));
    if (!made.isOk()) return made.outcome;
  }
  fieldsReady_ = true;
  return Outcome::ok();
}

Result<std::optional<std::string>> KommoConnector::contactByKey(const std::string& key) {
  std::optional<std::string> id;
  Outcome o = api_->forEachPage(searchTarget(key), "default", [&](const json& page) {
    if (!id) id = contactWithKey(page, key);
  });
  if (!o.isOk()) return Result<std::optional<std::string>>::fail(o);
  return Result<std::optional<std::string>>::ok(id);
}

Result<CrmRecordRef> KommoConnector::create(const ContactDraft& draft) {
  const bool lead = isLeadObject(draft.object);
  if (!lead && !draft.object.empty() && draft.object != "contacts" && draft.object != "contact") {
    return Result<CrmRecordRef>::fail(Outcome::permanent("contact_create object '" + draft.object +
                                                         "' is not supported by the Kommo connector (use \"contacts\" or "
                                                         "\"leads\")"));
  }
  Result<json> complex = lead ? complexLeadBody(draft) : Result<json>::ok(json());
  if (!complex.isOk()) return Result<CrmRecordRef>::fail(complex.outcome);
  if (Outcome o = ensureCustomFields(); !o.isOk()) return Result<CrmRecordRef>::fail(o);
  if (!draft.creationKey.empty()) {
    Result<std::optional<std::string>> existing = contactByKey(draft.creationKey);
    if (!existing.isOk()) return Result<CrmRecordRef>::fail(existing.outcome);
    if (existing.value) return Result<CrmRecordRef>::ok({"contact", *existing.value});
  }
  // A lead comes with its contact in one request: the contact exists exactly when the lead does.
  Result<json> made = lead ? api_->sendJson(jsonRequest("POST", "/api/v4/leads/complex", complex.value))
                           : api_->sendJson(jsonRequest("POST", "/api/v4/contacts", createBody(draft)));
  if (!made.isOk()) return Result<CrmRecordRef>::fail(made.outcome);
  std::string id = lead ? complexContactId(made.value) : createdId(made.value);
  if (id.empty()) return Result<CrmRecordRef>::fail(Outcome::retryable("Kommo's answer to the contact create names no id"));
  return Result<CrmRecordRef>::ok({"contact", id});
}

Outcome KommoConnector::update(const ContactUpdate& change) {
  if (!isContactRef(change.record)) return notAContact(change.record);
  json current = json::object();
  if (needsCurrent(change.fields)) {
    HttpRequest get;
    get.target = contactTarget(change.record.id, false);
    Result<json> got = api_->sendJson(get);
    if (!got.isOk()) return got.outcome;
    if (!got.value.is_object()) return Outcome::permanent("Kommo contact " + change.record.id + " does not exist");
    current = std::move(got.value);
  }
  std::optional<json> body = updateBody(current, change.fields);
  if (!body) return Outcome::ok();
  return api_->send(jsonRequest("PATCH", contactTarget(change.record.id, false), *body)).outcome;
}

Result<std::map<std::int64_t, std::string>> KommoConnector::stages() {
  using Out = std::map<std::int64_t, std::string>;
  {
    std::lock_guard<std::mutex> lock(cacheMutex_);
    if (stagesFetchedMs_ > 0 && api_->nowMs() - stagesFetchedMs_ < kStagesTtlMs) return Result<Out>::ok(stages_);
  }
  HttpRequest get;
  get.target = kPipelinesPath;
  Result<json> got = api_->sendJson(get);
  if (!got.isOk()) return Result<Out>::fail(got.outcome);
  Out fresh = stageNames(got.value);
  std::lock_guard<std::mutex> lock(cacheMutex_);
  stages_ = fresh;
  stagesFetchedMs_ = api_->nowMs();
  return Result<Out>::ok(std::move(fresh));
}

Result<std::string> KommoConnector::currency() {
  {
    std::lock_guard<std::mutex> lock(cacheMutex_);
    if (currency_) return Result<std::string>::ok(*currency_);
  }
  HttpRequest get;
  get.target = kAccountPath;
  Result<json> got = api_->sendJson(get);
  if (!got.isOk()) return Result<std::string>::fail(got.outcome);
  std::lock_guard<std::mutex> lock(cacheMutex_);
  currency_ = currencyOf(got.value);
  return Result<std::string>::ok(*currency_);
}

Result<CrmContext> KommoConnector::context(const CrmRecordRef& record) {
  if (!isContactRef(record)) return Result<CrmContext>::fail(notAContact(record));
  HttpRequest get;
  get.target = contactTarget(record.id, true);
  Result<json> contact = api_->sendJson(get);
  if (!contact.isOk()) return Result<CrmContext>::fail(contact.outcome);
  if (!contact.value.is_object()) return Result<CrmContext>::fail(Outcome::permanent("Kommo contact " + record.id + " does not exist"));
  CrmContext out;
  std::string owner = memberText(contact.value, "responsible_user_id");
  out.ownerId = owner == "0" ? "" : owner;
  out.fetchedAtMs = api_->nowMs();
  std::vector<std::string> ids = leadIdsOf(contact.value);
  if (ids.empty()) return Result<CrmContext>::ok(std::move(out));
  Result<std::map<std::int64_t, std::string>> names = stages();
  if (!names.isOk()) return Result<CrmContext>::fail(names.outcome);
  Result<std::string> money = currency();
  if (!money.isOk()) return Result<CrmContext>::fail(money.outcome);
  for (std::size_t at = 0; at < ids.size(); at += kMaxLeadIdsPerRequest) {
    std::vector<std::string> chunk(ids.begin() + static_cast<long>(at),
                                   ids.begin() + static_cast<long>(std::min(ids.size(), at + kMaxLeadIdsPerRequest)));
    Outcome o = api_->forEachPage(leadsTarget(chunk), "default", [&](const json& page) {
      for (Deal& d : openDealsOf(page, names.value, money.value)) out.deals.push_back(std::move(d));
    });
    if (!o.isOk()) return Result<CrmContext>::fail(o);
  }
  sortDeals(out.deals);
  return Result<CrmContext>::ok(std::move(out));
}

}  // namespace crmsync::connectors::kommo
