#pragma once
// The HubSpot connector: contacts found by every predictable phone spelling in one search request,
// created idempotently by batch/upsert on crmsync_person_key (plus a lead on the contact when the
// mapping's contact_create object is "leads"), messages written as WhatsApp
// Communications by batch/upsert on crmsync_idempotency_key (a retry after a timeout never adds a second
// one), statuses updated in place on the message's communication, open deals read as context.
// Every request goes through the HttpClient core built for it (budgets, Retry-After) with
// `Authorization: Bearer <private app token>`; the token is never logged nor put into a reason.
//
// Failures: network errors, 408, 429 and 5xx Retryable (429 with HubSpot's policy wait when there is no
// Retry-After); 401/403 AuthFailed; other 4xx Permanent with HubSpot's own message.
// Thread-safety: every member may be called from any thread at once (no mutable state besides the client,
// which is thread-safe).

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "crm/hubspot/hubspot_batch.h"
#include "crm/hubspot/hubspot_properties.h"
#include "crmsync/clock.h"
#include "crmsync/crm_connector.h"
#include "crmsync/http_client.h"

namespace crmsync::connectors::hubspot {

constexpr int kDefaultRequestsPer10s = 100;
constexpr int kMaxRequestsPer10s = 250;

// What the config section chooses besides the transport.
struct HubspotOptions {
  int requestsPer10s = kDefaultRequestsPer10s;
  bool associateOpenDeal = false;  // also associate each communication to the contact's open deal
};

class HubspotConnector final : public CrmConnector {
 public:
  // `http` is core's client for the account's base URL; `clock` may be null (system clock) and must
  // outlive the connector.
  HubspotConnector(std::unique_ptr<HttpClient> http, std::string token, const Clock* clock,
                   HubspotOptions options = {});

  // HubSpot's limits for a private app: `requestsPer10s` per rolling 10 s for the account ("default";
  // 100 on Free/Starter, 190 on Pro/Enterprise, 250 with the API limit increase pack), and 4 search
  // requests per second ("search") whatever the tier.
  static std::vector<RateBudget> budgets(int requestsPer10s = kDefaultRequestsPer10s);

  std::string name() const override { return "hubspot"; }
  Capabilities capabilities() const override;
  Result<std::vector<std::vector<CrmCandidate>>> find(const std::vector<LookupQuery>& queries) override;
  Result<CrmRecordRef> create(const ContactDraft& draft) override;
  Outcome update(const ContactUpdate& change) override;
  Result<std::vector<ActivityResult>> write(const std::vector<Activity>& activities) override;
  Result<CrmContext> context(const CrmRecordRef& record) override;
  std::vector<RequestPreview> describe(const std::vector<Activity>& activities) const override;

  // `crmsync hubspot create-properties`: reads every property crmsync needs and creates the missing
  // ones (hubspot_properties.h). Never throws; each result says created, present or failed (and why).
  std::vector<PropertyResult> ensureProperties();

 private:
  // Ids by key, and why the others failed.
  struct KeyedIds {
    std::map<std::string, std::string> ids;
    std::map<std::string, Outcome> failures;
  };
  using Indexes = std::vector<std::size_t>;

  std::int64_t nowMs() const;
  // Sends with the token; only a network failure fails.
  Result<HttpResponse> send(HttpRequest request);
  // send(), and any non-2xx answer comes back as its classified failure.
  Result<HttpResponse> call(HttpRequest request);
  Result<std::vector<CrmCandidate>> findOne(const LookupQuery& query);
  // The contact's lead: created (associated to it) unless it has one already.
  Outcome ensureLead(const std::string& contactId, const ContactDraft& draft);
  Result<std::vector<std::string>> dealIds(const std::string& contactId);
  Result<std::vector<Deal>> openDeals(const std::vector<std::string>& ids);

  // The existing communications of these message keys, by key (a 404 means none exists).
  Result<std::map<std::string, HubspotObject>> readCommunications(const std::vector<std::string>& keys);
  KeyedIds upsertCommunications(const std::vector<UpsertInput>& inputs);
  KeyedIds upsertEach(const std::vector<UpsertInput>& inputs);
  // Associates each key's communication to its contact and settles the activities in `byKey`.
  void associate(const KeyedIds& written, const std::map<std::string, Indexes>& byKey,
                 const std::vector<Activity>& activities, std::vector<ActivityResult>& out);
  void settlePair(const KeyedIds& written, const std::map<std::string, Indexes>& byKey,
                  const std::vector<Activity>& activities, const std::pair<std::string, std::string>& pair,
                  const Outcome& outcome, std::vector<ActivityResult>& out);
  // Associates each (communication, contact) to the contact's most recently updated open deal (type 85);
  // contacts without one are skipped. Returns the pairs that failed, with why.
  std::map<std::pair<std::string, std::string>, Outcome> linkOpenDeals(
      const std::vector<std::pair<std::string, std::string>>& commToContact);
  void writeMessages(const std::vector<Activity>& activities, const Indexes& indexes, std::vector<ActivityResult>& out);
  void writeStatuses(const std::vector<Activity>& activities, const Indexes& indexes, std::vector<ActivityResult>& out);
  void writeStatusChunk(const std::vector<Activity>& activities, const std::vector<std::string>& keys,
                        const std::map<std::string, Indexes>& byKey, std::vector<ActivityResult>& out);

  std::unique_ptr<HttpClient> http_;
  std::string token_;
  HubspotOptions options_;
  SystemClock systemClock_;
  const Clock* clock_;
};

// Config section crm.hubspot: {"token": "<private app token>" (required; "${HUBSPOT_TOKEN}" reads the
// environment), "base_url": "https://api.hubapi.com" (default), "timeout_ms": 30000 (default),
// "requests_per_10s": 100 (default; the account's tier limit, 1..250), "associate_open_deal": false
// (default; true also associates every communication to the contact's open deal)}. Unknown keys, a missing or empty
// token, a base_url that is not http(s), a timeout outside 1..600000 and requests_per_10s outside 1..250
// throw ConfigError naming the key ("crm.hubspot.<key>"); the token's value never appears in a message.
class HubspotConnectorFactory final : public CrmConnectorFactory {
 public:
  std::string name() const override { return "hubspot"; }
  std::map<std::string, std::vector<std::string>> requiredMappingFields() const override;
  void validate(const nlohmann::json& section, const ConnectorEnvironment& env) const override;
  std::unique_ptr<CrmConnector> create(const nlohmann::json& section, const ConnectorEnvironment& env) const override;
};

}  // namespace crmsync::connectors::hubspot
