#pragma once
// The Bitrix24 connector: contacts (and optionally leads) and their timeline through the REST API of an
// inbound webhook (https://<portal>/rest/<user>/<code>/; the code is the secret and is never logged).
//
// find():    crm.duplicate.findbycomm (type PHONE, up to 20 variants per call; EMAIL for e-mail identifiers)
//            per configured entity type, then crm.<entity>.list by ID for the phones exactly as stored;
//            several calls go as one `batch`. Bitrix24 normalises stored and queried numbers alike.
// create():  crm.contact.add (or crm.lead.add when contact_create's object is "lead") with ORIGINATOR_ID
//            "crmsync" + ORIGIN_ID = the creation key, after a crm.<entity>.list on those two: a retried
//            create returns the record the first one made.
// update():  crm.<entity>.update with the contact_update fields; only_if_empty reads the record first.
// write():   crm.activity.add per message, statuses update the message's activity in place; lookup before
//            write on ORIGINATOR_ID + ORIGIN_ID (see bitrix24_write_plan.h). Batches of up to 50.
// context(): the contact's open deals (crm.deal.list, every page), or the lead itself.
// Failures: classifyHttp with the CRM's error/error_description, plus QUERY_LIMIT_EXCEEDED (503) and
// OPERATION_TIME_LIMIT (429) as Retryable with a wait; refused webhooks (401/403) AuthFailed.
//
// Thread-safety: every member may be called from any thread. create() and write() are each serialised
// inside the process, so two workers never both pass the lookup for the same key.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "crm/bitrix24/bitrix24_activities.h"
#include "crm/bitrix24/bitrix24_api.h"
#include "crm/bitrix24/bitrix24_config.h"
#include "crmsync/crm_connector.h"

namespace crmsync::connectors::bitrix24 {

class Bitrix24Connector final : public CrmConnector {
 public:
  // `clock` must outlive the connector; `http` is core's client for config.baseUrl().
  Bitrix24Connector(Bitrix24Config config, std::unique_ptr<HttpClient> http, const Clock& clock);

  // Bitrix24's leaky bucket (non-Enterprise plans): 2 requests per second, blocking above 50.
  static std::vector<RateBudget> budgets() { return {RateBudget{"default", 2, 1000, 50}}; }

  std::string name() const override { return "bitrix24"; }
  Capabilities capabilities() const override;
  Result<std::vector<std::vector<CrmCandidate>>> find(const std::vector<LookupQuery>& queries) override;
  Result<CrmRecordRef> create(const ContactDraft& draft) override;
  Outcome update(const ContactUpdate& change) override;
  Result<std::vector<ActivityResult>> write(const std::vector<Activity>& activities) override;
  Result<CrmContext> context(const CrmRecordRef& record) override;
  std::vector<RequestPreview> describe(const std::vector<Activity>& activities) const override;

 private:
  Result<std::map<std::string, StoredActivity>> lookupActivities(const std::vector<std::string>& keys);
  Result<std::vector<CrmCandidate>> readCandidates(const std::string& entityType, const std::vector<std::string>& ids);
  Result<CrmContext> contactContext(const std::string& id);

  Bitrix24Config config_;
  const Clock& clock_;
  Bitrix24Api api_;
  std::mutex createMutex_;
  std::mutex writeMutex_;
};

}  // namespace crmsync::connectors::bitrix24
