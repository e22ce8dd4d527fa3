#pragma once
// Resolve stage: who is this event about, and which CRM record is theirs.
// 1. The identity ledger (local, no CRM call) maps every identifier of the counterpart to one person;
//    identifiers seen for the first time are linked with their provenance.
// 2. The person's CRM link, if any, is the record.
// 3. Otherwise the connector is asked with every identifier and phone variant; every returned phone is
//    re-checked with libphonenumber, because CRM search is fuzzy or exact-string depending on the CRM.
// 4. Several matches: the most recently updated wins and the ledger records why. None: a contact is
//    created once (crm.create_unknown = "contact") or the event is refused permanently ("none").
// Thread-safe: calls for the same person are serialised so a new number is created in the CRM once.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "crmsync/clock.h"
#include "crmsync/crm_connector.h"
#include "crmsync/mapping.h"
#include "crmsync/store.h"

namespace crmsync {

struct Resolution {
  std::int64_t personId = 0;
  CrmRecordRef record;
};

// When several CRM records hold the client's number: take the most recently updated, prefer records
// that have an owner (then the most recently updated of those), or refuse to guess and leave the event
// for an admin (dead letter naming the candidates).
enum class MatchRule { kMostRecentlyUpdated, kOwnerSet, kAmbiguous };
MatchRule matchRuleFromString(const std::string& text);  // throws std::invalid_argument

struct ResolverOptions {
  std::string defaultRegion;
  bool createUnknown = true;
  MatchRule matchRule = MatchRule::kMostRecentlyUpdated;
};

// The mapping document in force for the connector (may return null: connector defaults).
using DocumentSource = std::function<std::shared_ptr<const mapping::MappingDocument>()>;

class Resolver {
 public:
  Resolver(Store& store, CrmConnector& connector, ResolverOptions options, const Clock& clock,
           DocumentSource documents = nullptr);
  Result<Resolution> resolve(const Event& event);

 private:
  std::int64_t personFor(const Event& event);
  Result<CrmRecordRef> recordFor(std::int64_t personId, const Event& event);
  LookupQuery queryFor(const Person& person) const;
  Result<CrmRecordRef> choose(std::int64_t personId, const Person& person, const Event& event,
                               std::vector<CrmCandidate> matches);
  std::vector<CrmCandidate> recheck(const std::vector<CrmCandidate>& candidates, const LookupQuery& query) const;
  Result<CrmRecordRef> createContact(const Person& person, const Event& event);
  void updateLinkedContact(const Person& person, const Event& event, const CrmRecordRef& record);
  std::shared_ptr<const mapping::MappingDocument> document() const;

  Store& store_;
  CrmConnector& connector_;
  ResolverOptions options_;
  const Clock& clock_;
  DocumentSource documents_;
  std::array<std::mutex, 64> personLocks_;
};

}  // namespace crmsync
