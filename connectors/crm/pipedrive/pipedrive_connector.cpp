#include "crm/pipedrive/pipedrive_connector.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "crm/pipedrive/pipedrive_leads.h"

namespace crmsync::connectors::pipedrive {

namespace {

constexpr std::size_t kIdsPerList = 100;  // GET /api/v2/persons?ids= takes at most 100

bool isPersonRef(const CrmRecordRef& r) {
  const bool typeOk = r.objectType.empty() || r.objectType == "person" || r.objectType == "contact";
  return typeOk && !r.id.empty() && r.id.size() < 19 &&
         std::all_of(r.id.begin(), r.id.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

bool contains(const std::vector<std::string>& values, const std::string& wanted) {
  return std::find(values.begin(), values.end(), wanted) != values.end();
}

CrmCandidate candidateOf(const FoundPerson& p) {
  CrmCandidate c;
  c.record = {"person", p.id};
  c.displayName = p.name;
  c.phones = p.phones;
  c.ownerId = p.ownerId;
  return c;
}

}  // namespace

PipedriveConnector::PipedriveConnector(std::string apiToken, std::unique_ptr<HttpClient> http, const Clock* clock)
    : apiToken_(std::move(apiToken)), http_(std::move(http)), clock_(clock != nullptr ? clock : &systemClock_) {}

std::vector<RateBudget> PipedriveConnector::budgets() {
  return {{"default", 20, 2000, 0}, {kSearchScope, 10, 2000, 0}};
}

Capabilities PipedriveConnector::capabilities() const {
  Capabilities c;
  c.maxLookupBatch = 1;  // the search takes one term per call: nothing to batch
  c.maxWriteBatch = 10;  // no bulk note endpoint; a batch shares one note lookup per person
  c.nativeIdempotency = false;
  c.updatesStatusInPlace = true;
  c.budgets = budgets();
  return c;
}

std::int64_t PipedriveConnector::nowMs() const { return clock_->nowMs(); }

Result<HttpResponse> PipedriveConnector::exchange(HttpRequest request) {
  request.headers["x-api-token"] = apiToken_;
  Result<HttpResponse> r = http_->send(request);
  if (!r.isOk()) r.outcome.reason = "Pipedrive: " + r.outcome.reason;
  return r;
}

Result<std::string> PipedriveConnector::call(HttpRequest request) {
  Result<HttpResponse> r = exchange(std::move(request));
  if (!r.isOk()) return Result<std::string>::fail(r.outcome);
  Outcome outcome = outcomeOf(r.value, nowMs());
  if (!outcome.isOk()) return Result<std::string>::fail(outcome);
  return Result<std::string>::ok(std::move(r.value.body));
}

Result<std::vector<std::vector<CrmCandidate>>> PipedriveConnector::find(const std::vector<LookupQuery>& queries) {
  using Out = std::vector<std::vector<CrmCandidate>>;
  Out out;
  for (const LookupQuery& query : queries) {
    Result<std::vector<CrmCandidate>> one = findOne(query);
    if (!one.isOk()) return Result<Out>::fail(one.outcome);
    out.push_back(std::move(one.value));
  }
  return Result<Out>::ok(std::move(out));
}

Result<std::vector<FoundPerson>> PipedriveConnector::searchAll(const std::string& term, const std::string& field,
                                                               bool exact) {
  std::vector<FoundPerson> all;
  std::string cursor;
  do {
    Result<std::string> body = call(searchPersons(term, field, exact, cursor));
    if (!body.isOk()) return Result<std::vector<FoundPerson>>::fail(body.outcome);
    Result<SearchPage> page = parseSearchPage(body.value);
    if (!page.isOk()) return Result<std::vector<FoundPerson>>::fail(page.outcome);
    for (auto& p : page.value.items) all.push_back(std::move(p));
    cursor = page.value.nextCursor;
  } while (!cursor.empty());
  return Result<std::vector<FoundPerson>>::ok(std::move(all));
}

Result<std::vector<CrmCandidate>> PipedriveConnector::findOne(const LookupQuery& query) {
  using Out = std::vector<CrmCandidate>;
  Out found;
  auto merge = [&found](const FoundPerson& p, const Identifier* matched) {
    auto it = std::find_if(found.begin(), found.end(), [&](const CrmCandidate& c) { return c.record.id == p.id; });
    if (it == found.end()) it = found.insert(found.end(), candidateOf(p));
    if (matched != nullptr) it->otherIdentifiers.push_back(*matched);
  };
  for (const std::string& term : phoneSearchTerms(query)) {
    Result<std::vector<FoundPerson>> hits = searchAll(term, "phone", false);
    if (!hits.isOk()) return Result<Out>::fail(hits.outcome);
    for (const auto& p : hits.value) merge(p, nullptr);
  }
  for (const Identifier& id : query.identifiers) {
    const bool bsuid = id.kind == IdentifierKind::kWhatsappBsuid;
    if ((!bsuid && id.kind != IdentifierKind::kEmail) || id.value.empty()) continue;
    Result<std::vector<FoundPerson>> hits = searchAll(id.value, bsuid ? "custom_fields" : "email", true);
    if (!hits.isOk()) return Result<Out>::fail(hits.outcome);
    for (const auto& p : hits.value) {
      if (contains(bsuid ? p.customValues : p.emails, id.value)) merge(p, &id);
    }
  }
  if (found.size() > 1) {
    Outcome details = addUpdateTimes(found);
    if (!details.isOk()) return Result<Out>::fail(details);
  }
  return Result<Out>::ok(std::move(found));
}

// The search does not say when a person was last updated; core's match rule needs it.
Outcome PipedriveConnector::addUpdateTimes(std::vector<CrmCandidate>& candidates) {
  for (std::size_t from = 0; from < candidates.size(); from += kIdsPerList) {
    std::vector<std::string> ids;
    for (std::size_t i = from; i < std::min(candidates.size(), from + kIdsPerList); ++i)
      ids.push_back(candidates[i].record.id);
    Result<std::string> body = call(listPersonsByIds(ids));
    if (!body.isOk()) return body.outcome;
    Result<std::vector<PersonRecord>> persons = parsePersons(body.value);
    if (!persons.isOk()) return persons.outcome;
    for (const PersonRecord& p : persons.value) {
      for (auto& c : candidates) {
        if (c.record.id != p.id) continue;
        c.updatedAtMs = p.updatedAtMs;
        if (c.ownerId.empty()) c.ownerId = p.ownerId;
      }
    }
  }
  return Outcome::ok();
}

// The custom fields crmsync keeps on persons, found by name once; "crmsync key" is created when missing.
// A token that may not create fields (403, or any other refusal but 401) leaves creates without the key.
Result<PersonFieldKeys> PipedriveConnector::fieldKeys() {
  std::lock_guard<std::mutex> lock(fieldsMutex_);
  if (fieldKeys_) return Result<PersonFieldKeys>::ok(*fieldKeys_);
  std::map<std::string, std::string> byName;
  for (std::optional<int> start = 0; start;) {
    Result<std::string> body = call(listPersonFields(*start));
    if (!body.isOk()) return Result<PersonFieldKeys>::fail(body.outcome);
    Result<FieldsPage> page = parseFieldsPage(body.value);
    if (!page.isOk()) return Result<PersonFieldKeys>::fail(page.outcome);
    byName.insert(page.value.keysByName.begin(), page.value.keysByName.end());
    start = page.value.nextStart;
  }
  auto keyOf = [&byName](std::string name) {
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    auto it = byName.find(name);
    return it == byName.end() ? std::string{} : it->second;
  };
  PersonFieldKeys keys{keyOf(kCreationKeyFieldName), keyOf(kBsuidFieldName)};
  if (keys.creationKey.empty()) {
    Result<HttpResponse> made = exchange(createPersonField(kCreationKeyFieldName));
    if (!made.isOk()) return Result<PersonFieldKeys>::fail(made.outcome);
    Outcome outcome = outcomeOf(made.value, nowMs());
    if (outcome.kind == Outcome::Kind::kRetryable || made.value.status == 401) {
      return Result<PersonFieldKeys>::fail(outcome);
    }
    Result<std::string> key = outcome.isOk() ? parseFieldKey(made.value.body) : Result<std::string>::ok("");
    if (!key.isOk()) return Result<PersonFieldKeys>::fail(key.outcome);
    keys.creationKey = key.value;
  }
  fieldKeys_ = keys;
  return Result<PersonFieldKeys>::ok(keys);
}

// A person an earlier attempt of this create already made (its answer lost): by the creation key, or,
// without the key field, by the first phone's exact digits.
Result<std::optional<CrmRecordRef>> PipedriveConnector::createdBefore(const ContactDraft& draft,
                                                                      const PersonFieldKeys& keys) {
  using Out = std::optional<CrmRecordRef>;
  std::string term = draft.creationKey;
  std::string field = "custom_fields";
  if (keys.creationKey.empty() || term.empty()) {
    auto phone = std::find_if(draft.identifiers.begin(), draft.identifiers.end(),
                              [](const Identifier& id) { return id.kind == IdentifierKind::kPhone; });
    if (phone == draft.identifiers.end() || phone->value.size() < 3) return Result<Out>::ok(std::nullopt);
    term = phone->value.substr(1);
    field = "phone";
  }
  Result<std::vector<FoundPerson>> hits = searchAll(term, field, true);
  if (!hits.isOk()) return Result<Out>::fail(hits.outcome);
  for (const FoundPerson& p : hits.value) {
    if (field == "phone" || contains(p.customValues, term)) return Result<Out>::ok(CrmRecordRef{"person", p.id});
  }
  return Result<Out>::ok(std::nullopt);
}

Result<CrmRecordRef> PipedriveConnector::create(const ContactDraft& draft) {
  if (isLeadObject(draft.object)) {
    Result<nlohmann::json> lead = leadCreateBody(draft, "0");  // refuse bad lead fields before creating anything
    if (!lead.isOk()) return Result<CrmRecordRef>::fail(lead.outcome);
    Result<CrmRecordRef> person = createPersonOnce(personDraftOf(draft));
    if (!person.isOk()) return person;
    Outcome made = ensureLead(draft, person.value.id);
    if (!made.isOk()) return Result<CrmRecordRef>::fail(made);
    return person;
  }
  if (!draft.object.empty() && draft.object != "person") {
    return Result<CrmRecordRef>::fail(Outcome::permanent("Pipedrive: contact_create object '" + draft.object +
                                                         "' is not supported; crmsync creates \"person\" or \"lead\""));
  }
  return createPersonOnce(draft);
}

Outcome PipedriveConnector::ensureLead(const ContactDraft& draft, const std::string& personId) {
  Result<std::string> listed = call(listPersonLeads(personId));
  if (!listed.isOk()) return listed.outcome;
  std::optional<bool> any = hasLeads(listed.value);
  if (!any) return Outcome::retryable("Pipedrive sent an unexpected answer: lead list without data");
  if (*any) return Outcome::ok();  // an earlier attempt created it; its answer was lost
  Result<nlohmann::json> body = leadCreateBody(draft, personId);
  if (!body.isOk()) return body.outcome;
  return call(createLead(body.value)).outcome;
}

Result<CrmRecordRef> PipedriveConnector::createPersonOnce(const ContactDraft& draft) {
  Result<PersonFieldKeys> keys = fieldKeys();
  if (!keys.isOk()) return Result<CrmRecordRef>::fail(keys.outcome);
  Result<nlohmann::json> body = personCreateBody(draft, keys.value);
  if (!body.isOk()) return Result<CrmRecordRef>::fail(body.outcome);
  Result<std::optional<CrmRecordRef>> earlier = createdBefore(draft, keys.value);
  if (!earlier.isOk()) return Result<CrmRecordRef>::fail(earlier.outcome);
  if (earlier.value) return Result<CrmRecordRef>::ok(*earlier.value);
  Result<std::string> created = call(createPerson(body.value));
  if (!created.isOk()) return Result<CrmRecordRef>::fail(created.outcome);
  Result<std::string> id = parseCreatedId(created.value);
  if (!id.isOk()) return Result<CrmRecordRef>::fail(id.outcome);
  return Result<CrmRecordRef>::ok({"person", id.value});
}

Outcome PipedriveConnector::update(const ContactUpdate& change) {
  if (!isPersonRef(change.record)) {
    return Outcome::permanent("Pipedrive: " + change.record.objectType + " '" + change.record.id +
                              "' is not a person id");
  }
  std::optional<PersonRecord> current;
  if (needsCurrentPerson(change.fields)) {
    Result<std::string> body = call(getPerson(change.record.id));
    if (!body.isOk()) return body.outcome;
    Result<PersonRecord> person = parsePerson(body.value);
    if (!person.isOk()) return person.outcome;
    current = std::move(person.value);
  }
  Result<nlohmann::json> patch = personPatchBody(change.fields, current ? &*current : nullptr);
  if (!patch.isOk()) return patch.outcome;
  if (patch.value.empty()) return Outcome::ok();
  return call(updatePerson(change.record.id, patch.value)).outcome;
}

}  // namespace crmsync::connectors::pipedrive
