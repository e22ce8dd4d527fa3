#pragma once
// A fake HubSpot account on 127.0.0.1 (port 0) that speaks the part of HubSpot's CRM API the connector
// uses, with the real paths, JSON shapes, status codes and error bodies:
//   POST /crm/v3/objects/{contacts|deals|communications}/search        (filterGroups, EQ/NEQ/IN/HAS_PROPERTY,
//        5 groups and 25 filters at most, limit <= 200, paging.next.after)
//   POST /crm/v3/objects/{type}/batch/upsert | batch/read               (idProperty must be hasUniqueValue)
//   POST /crm/v3/objects/{type}                                         (create one, with its associations;
//        a lead must name a primary contact (type 578) and a valid hs_pipeline / hs_pipeline_stage)
//   POST /crm/v3/properties/{type}, GET /crm/v3/properties/{type}/{name} (409 for an existing name)
//   GET|PATCH /crm/v3/objects/{type}/{id}
//   POST /crm/v4/associations/{from}/{to}/batch/create                 (201, or 207 with errors)
//   GET  /crm/v4/objects/{type}/{id}/associations/{toType}             (paged by pageSize())
// Like HubSpot it stores phones exactly as typed: EQ/IN on phone and mobilephone compare the stored text,
// and hs_searchable_calculated_phone_number / _mobile_number hold the stored phone reduced to the digits
// of its national number (country code dropped when typed with "+" or "00", leading zeros stripped).
// Contacts created through the API stay invisible to search for `searchLagMs` (HubSpot's index lag).
// It refuses what HubSpot refuses (no or wrong bearer token: 401; unknown paths, objects or properties;
// read-only properties; invalid enum options; duplicate unique values) and enforces HubSpot's limits
// itself (100 requests per rolling 10 s, 4 searches per second), answering 429 with HubSpot's body and
// counting each refusal in limitViolations().
// Thread-safe: every member may be called from any thread while the server runs.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace crmsync::fakes::hubspot {

struct FakeHubspotOptions {
  std::string token = "pat-eu1-fake-hubspot-token";
  int searchLagMs = 3000;        // new contacts are invisible to search this long
  int pageSize = 5;              // most rows a v4 association list returns per page
  int requestsPer10s = 100;      // TEN_SECONDLY_ROLLING (lowest tier)
  int searchesPerSecond = 4;     // SECONDLY, search endpoints only
  int arrivalToleranceMs = 100;  // network jitter forgiven between a client's send and our arrival time
  int commitTimeoutDelayMs = 4000;  // how long timeoutAfterCommitNext holds its answer back
  bool customProperties = true;     // false: the crmsync_* properties are not created yet
};

class FakeHubspot {
 public:
  explicit FakeHubspot(FakeHubspotOptions options = {});
  ~FakeHubspot();  // stops the server; answers held back by timeoutAfterCommitNext are dropped
  FakeHubspot(const FakeHubspot&) = delete;
  FakeHubspot& operator=(const FakeHubspot&) = delete;

  std::string baseUrl() const;  // "http://127.0.0.1:<port>"
  const std::string& token() const;
  int pageSize() const;

  // Seeding, as a HubSpot user types it: the first phone into `phone`, the second into `mobilephone`.
  // Seeded records are searchable at once (they are old). Return the new id.
  std::string seedContact(const std::string& firstname, const std::vector<std::string>& phonesAsTyped);
  // A deal associated to the contact; `stage` one of the default pipeline's (closedwon/closedlost close it).
  std::string seedDeal(const std::string& contactId, const std::string& name, const std::string& stage,
                       const std::string& amount, const std::string& ownerId);

  // What the account holds.
  int contactCount();
  // Communications whose crmsync_idempotency_key is `key`.
  int communicationCount(const std::string& key);
  // Every communication (id, properties, associated contact and deal ids), in creation order.
  nlohmann::json communications();
  // Every lead (id, properties, associated contact ids), in creation order.
  nlohmann::json leads();
  // A contact's properties; null when there is none.
  nlohmann::json contact(const std::string& id);

  // The next `times` requests get `status` with HubSpot's error body carrying `message` (and a
  // Retry-After header when given) instead of being carried out.
  void failNext(int status, const std::string& message, int times = 1, std::optional<int> retryAfterSeconds = {});
  // The next `times` requests are carried out, then their answer is held back commitTimeoutDelayMs.
  void timeoutAfterCommitNext(int times = 1);
  // The next `times` successful single creates (POST /crm/v3/objects/<objectType>) are committed, then
  // their answer is held back commitTimeoutDelayMs.
  void timeoutAfterCreateNext(const std::string& objectType, int times = 1);

  int limitViolations();
  std::vector<std::int64_t> requestTimesMs();  // arrival, steady clock ms, in order

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace crmsync::fakes::hubspot
