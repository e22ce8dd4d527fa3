#pragma once
// An in-memory CrmConnector for core tests: holds contacts with phones as typed, records every call,
// and answers writes with scripted outcomes (Ok unless told otherwise). Thread-safe.

#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "crmsync/crm_connector.h"

namespace crmsync::test {

class ScriptedConnector final : public CrmConnector {
 public:
  std::string name() const override { return "scripted"; }
  Capabilities capabilities() const override;
  Result<std::vector<std::vector<CrmCandidate>>> find(const std::vector<LookupQuery>& queries) override;
  Result<CrmRecordRef> create(const ContactDraft& draft) override;
  Outcome update(const ContactUpdate& change) override;
  Result<std::vector<ActivityResult>> write(const std::vector<Activity>& activities) override;
  Result<CrmContext> context(const CrmRecordRef& record) override;
  std::vector<RequestPreview> describe(const std::vector<Activity>& activities) const override;

  // Every find() returns these candidates, unfiltered (as a fuzzy CRM search would).
  void addCandidate(CrmCandidate candidate);
  // The next write() calls fail the whole call with these outcomes, in order.
  void failNextWrites(std::vector<Outcome> outcomes);

  int creates() const;
  std::vector<ContactUpdate> updates() const;
  int writeCalls() const;
  std::vector<Activity> written() const;  // successful writes, in order

 private:
  mutable std::mutex mutex_;
  std::vector<CrmCandidate> candidates_;
  std::deque<Outcome> writeFailures_;
  std::vector<Activity> written_;
  std::vector<ContactUpdate> updates_;
  int creates_ = 0;
  int writeCalls_ = 0;
};

}  // namespace crmsync::test
