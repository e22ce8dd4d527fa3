#pragma once
// What the contract suite needs from each CRM connector's test set-up: a fake server that speaks that
// CRM's real API (paths, JSON shapes, status codes, error bodies, rate limits, and how it really stores
// and searches phones) on 127.0.0.1 port 0, and the real connector pointed at it through core's
// budgeted HTTP client. One harness per connector; contract_cases.inc runs the same cases on each
// (as Poco's DataTest runs one suite against every database connector).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crmsync/crm_connector.h"

namespace crmsync::test {

class ContractHarness {
 public:
  virtual ~ContractHarness() = default;

  // A fresh fake (empty CRM) and a connector for it, built by the connector's real factory from a config
  // section pointing at the fake, with `defaultRegion` as phone.default_region.
  virtual void start(const std::string& defaultRegion) = 0;
  virtual CrmConnector& connector() = 0;
  virtual std::string name() const = 0;

  // Seeding, as a CRM user would type it (phones stored exactly as given). Returns the record id.
  virtual std::string seedContact(const std::string& name, const std::vector<std::string>& phonesAsTyped) = 0;
  // `open` open deals/leads and `closed` won/lost ones on the record, each with stage, amount and owner.
  virtual void seedDeals(const std::string& recordId, int open, int closed) = 0;

  // What the fake holds.
  virtual int contactCount() = 0;
  // Activities (notes, communications, comments…) the fake holds for one message's idempotency key.
  virtual int activityCount(const std::string& idempotencyKey) = 0;

  // Fault injection on the next `times` requests (of any scope):
  // an error answer with this CRM's real error body shape carrying `crmMessage`;
  virtual void failNext(int status, const std::string& crmMessage, int times = 1,
                        std::optional<int> retryAfterSeconds = std::nullopt) = 0;
  // the request is carried out and committed, then the answer never arrives in time (client timeout).
  // Fakes apply it to the next request that changes data (a read commits nothing, so holding one back
  // would let the case pass without testing that a committed write is not repeated).
  virtual void timeoutAfterCommitNext(int times = 1) = 0;

  // How often the fake itself had to refuse a request for exceeding the CRM's real limits (it enforces
  // them the way the CRM does). Must stay 0 under any load crmsync generates.
  virtual int limitViolations() = 0;
  // Arrival times (steady clock, ms) of every request the fake received, in order.
  virtual std::vector<std::int64_t> requestTimesMs() = 0;
  // Fake page size for lists (deals/leads); seedDeals beyond it makes context() paginate.
  virtual int pageSize() = 0;

  // Unknown clients as leads (mapping contact_create.object = leadObject()). "" when the connector does
  // not create leads; the lead cases then check nothing.
  virtual std::string leadObject() const { return ""; }
  // For each lead the fake holds, the id of the record create() returned for it (the contact or person
  // the lead is linked to, or the lead itself when that is the record).
  virtual std::vector<std::string> leadRecordIds() { return {}; }
  // The next lead creation is committed, then its answer never arrives in time (client timeout).
  virtual void timeoutAfterLeadCreateNext() {}
};

// Each connector's contract test file defines this (returns its harness).
std::unique_ptr<ContractHarness> makeHarness();

}  // namespace crmsync::test
