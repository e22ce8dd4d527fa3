#include "pipeline/resolver.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "crmsync/phone.h"
#include "pipeline/mapped_writes.h"
#include "service/logging.h"

namespace crmsync {

MatchRule matchRuleFromString(const std::string& text) {
  if (text == "most_recently_updated") return MatchRule::kMostRecentlyUpdated;
  if (text == "owner_set") return MatchRule::kOwnerSet;
  if (text == "ambiguous") return MatchRule::kAmbiguous;
  throw std::invalid_argument("unknown match rule '" + text + "'");
}

Resolver::Resolver(Store& store, CrmConnector& connector, ResolverOptions options, const Clock& clock,
                   DocumentSource documents)
    : store_(store), connector_(connector), options_(std::move(options)), clock_(clock), documents_(std::move(documents)) {}

std::shared_ptr<const mapping::MappingDocument> Resolver::document() const {
  return documents_ ? documents_() : nullptr;
}

Result<Resolution> Resolver::resolve(const Event& event) {
  if (event.counterpart.empty()) {
    return Result<Resolution>::fail(Outcome::permanent("event " + event.providerId + " names no client identifier"));
  }
  std::int64_t personId = personFor(event);
  std::lock_guard<std::mutex> lock(personLocks_[static_cast<std::size_t>(personId) % personLocks_.size()]);
  Result<CrmRecordRef> record = recordFor(personId, event);
  if (!record.isOk()) return Result<Resolution>::fail(record.outcome);
  return Result<Resolution>::ok({personId, record.value});
}

std::int64_t Resolver::personFor(const Event& event) {
  std::optional<std::int64_t> personId;
  for (const auto& id : event.counterpart) {
    personId = store_.findPerson(id);
    if (personId) break;
  }
  std::string reason = std::string(event.kind == EventKind::kMessage ? "sender" : "recipient") + " of " +
                       toString(event.kind) + " " + event.providerId;
  if (!personId) {
    // Another worker may link the same new client at the same moment: whoever links first owns it.
    std::int64_t created = store_.createPerson(event.profileName, clock_.nowMs());
    const Identifier& first = event.counterpart.front();
    if (store_.link(created, {first, event.channel, reason, clock_.nowMs()})) {
      spdlog::info("identity: {} linked to new person {} ({})", maskedId(first), created, reason);
      personId = created;
    } else {
      personId = store_.findPerson(first).value_or(created);
    }
  }
  for (const auto& id : event.counterpart) {
    if (store_.link(*personId, {id, event.channel, reason, clock_.nowMs()})) {
      spdlog::info("identity: {} linked to person {} ({})", maskedId(id), *personId, reason);
    } else if (auto owner = store_.findPerson(id); owner && *owner != *personId) {
      // Two persons claim the same client; keep both as they are and leave the merge to an admin.
      spdlog::warn("identity: {} belongs to person {}, seen together with person {}", maskedId(id), *owner, *personId);
    }
  }
  return *personId;
}

Result<CrmRecordRef> Resolver::recordFor(std::int64_t personId, const Event& event) {
  if (auto link = store_.crmLink(personId, connector_.name())) {
    return Result<CrmRecordRef>::ok({link->objectType, link->recordId});
  }
  std::optional<Person> person = store_.person(personId);
  if (!person) return Result<CrmRecordRef>::fail(Outcome::permanent("person " + std::to_string(personId) + " vanished"));
  LookupQuery query = queryFor(*person);
  auto found = connector_.find({query});
  if (!found.isOk()) return Result<CrmRecordRef>::fail(found.outcome);
  std::vector<CrmCandidate> matches = recheck(found.value.empty() ? std::vector<CrmCandidate>{} : found.value.front(), query);
  if (matches.empty()) return createContact(*person, event);

  return choose(personId, *person, event, std::move(matches));
}

Result<CrmRecordRef> Resolver::choose(std::int64_t personId, const Person& person, const Event& event,
                                      std::vector<CrmCandidate> matches) {
  const std::size_t all = matches.size();
  std::string rule = "single_match";
  std::string reason = "the only CRM record holding this client's identifiers";
  if (all > 1) {
    if (options_.matchRule == MatchRule::kAmbiguous) {
      std::string ids;
      for (const auto& m : matches) ids += (ids.empty() ? "" : ", ") + m.record.objectType + " " + m.record.id;
      return Result<CrmRecordRef>::fail(Outcome::permanent(
          "ambiguous: " + std::to_string(all) + " CRM records match this client (" + ids +
          "); crm.match_rule is \"ambiguous\", so an admin must choose: crmsync identity link --person " +
          std::to_string(personId) + " --record RECORD_ID, then crmsync dlq retry --person " +
          std::to_string(personId)));
    }
    rule = "most_recently_updated";
    reason = std::to_string(all) + " CRM records match; chose the most recently updated";
    if (options_.matchRule == MatchRule::kOwnerSet) {
      std::vector<CrmCandidate> owned;
      std::copy_if(matches.begin(), matches.end(), std::back_inserter(owned), [](const CrmCandidate& c) { return !c.ownerId.empty(); });
      if (!owned.empty()) {
        matches = std::move(owned);
        rule = "owner_set";
        reason = std::to_string(all) + " CRM records match; " + std::to_string(matches.size()) +
                 " have an owner; chose the most recently updated of those";
      }
    }
  }
  auto best = std::max_element(matches.begin(), matches.end(),
                               [](const CrmCandidate& a, const CrmCandidate& b) { return a.updatedAtMs < b.updatedAtMs; });
  CrmLink link{connector_.name(), best->record.objectType, best->record.id, rule, reason, clock_.nowMs()};
  store_.setCrmLink(personId, link);
  spdlog::info("resolve: person {} linked to {} {} ({})", personId, link.objectType, link.recordId, link.rule);
  updateLinkedContact(person, event, best->record);
  return Result<CrmRecordRef>::ok(best->record);
}

LookupQuery Resolver::queryFor(const Person& person) const {
  LookupQuery query;
  for (const auto& link : person.identifiers) {
    query.identifiers.push_back(link.identifier);
    if (link.identifier.kind == IdentifierKind::kPhone) query.phones.push_back(phone::variants(link.identifier.value));
  }
  return query;
}

std::vector<CrmCandidate> Resolver::recheck(const std::vector<CrmCandidate>& candidates, const LookupQuery& query) const {
  std::vector<CrmCandidate> kept;
  for (const auto& c : candidates) {
    bool ok = std::any_of(c.phones.begin(), c.phones.end(), [&](const std::string& stored) {
      return std::any_of(query.phones.begin(), query.phones.end(), [&](const PhoneVariants& v) {
        return phone::sameNumber(stored, v.e164, options_.defaultRegion);
      });
    });
    ok = ok || std::any_of(c.otherIdentifiers.begin(), c.otherIdentifiers.end(), [&](const Identifier& id) {
      return id.kind != IdentifierKind::kPhone &&
             std::find(query.identifiers.begin(), query.identifiers.end(), id) != query.identifiers.end();
    });
    if (ok) kept.push_back(c);
    else spdlog::debug("resolve: CRM returned {} {} but none of its phones is this client's", c.record.objectType, c.record.id);
  }
  return kept;
}

Result<CrmRecordRef> Resolver::createContact(const Person& person, const Event& event) {
  if (!options_.createUnknown) {
    return Result<CrmRecordRef>::fail(
        Outcome::permanent("no CRM record matches this client and crm.create_unknown is \"none\""));
  }
  ContactDraft draft;
  draft.displayName = person.displayName.empty() ? event.profileName : person.displayName;
  for (const auto& link : person.identifiers) draft.identifiers.push_back(link.identifier);
  if (draft.displayName.empty() && !draft.identifiers.empty()) draft.displayName = draft.identifiers.front().value;
  draft.source = event.channel;
  draft.creationKey = "crmsync-person-" + std::to_string(person.id);
  auto doc = document();
  mapContactDraft(draft, event, person, doc.get());
  auto created = connector_.create(draft);
  if (!created.isOk()) return created;
  store_.setCrmLink(person.id, {connector_.name(), created.value.objectType, created.value.id, "created",
                                "no CRM record matched; created from " + event.channel, clock_.nowMs()});
  spdlog::info("resolve: person {} created as {} {}", person.id, created.value.objectType, created.value.id);
  return created;
}

// Once, when crmsync links a person to an existing record: the mapping's contact_update (typically
// only_if_empty, so what someone typed in the CRM is never overwritten). A failure here is logged, not
// fatal: the link and the message matter more than a profile field.
void Resolver::updateLinkedContact(const Person& person, const Event& event, const CrmRecordRef& record) {
  auto doc = document();
  std::optional<ContactUpdate> change = mapContactUpdate(event, person, record, doc.get());
  if (!change) return;
  Outcome outcome = connector_.update(*change);
  if (!outcome.isOk()) spdlog::warn("resolve: contact_update of {} {} failed: {}", record.objectType, record.id, outcome.reason);
}

}  // namespace crmsync
