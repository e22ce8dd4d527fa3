#pragma once
// The contract every CRM connector implements (local, HubSpot, Pipedrive, Bitrix24, Kommo, ...).
// Connectors translate between the canonical model and one CRM's API and classify every failure as
// Retryable or Permanent; they never sleep, retry or dead-letter (core does). An instance may be called
// from several worker threads at once and must be safe for that.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crmsync/clock.h"
#include "crmsync/mapping.h"
#include "crmsync/model.h"
#include "crmsync/result.h"

namespace crmsync {

struct CrmRecordRef {
  std::string objectType;  // "contact", "person", "lead", ...
  std::string id;          // the CRM's own id, as text
  bool empty() const { return id.empty(); }
  bool operator==(const CrmRecordRef& o) const { return objectType == o.objectType && id == o.id; }
};

// The spellings of one phone number that CRMs may have stored (they keep phones as typed). Computed by
// core's phone module with libphonenumber; a connector picks what its search understands.
struct PhoneVariants {
  std::string e164;              // +79161234567
  std::string e164Digits;        // 79161234567
  std::string national;          // 8 (916) 123-45-67  (national format, with trunk prefix where the country has one)
  std::string nationalDigits;    // 89161234567
  std::string significant;       // 9161234567 (national significant number)
  std::string international;     // +7 916 123-45-67
  std::vector<std::string> all() const;  // distinct non-empty variants, most specific first
};

// One person to look up: every identifier known for them, with the phone variants precomputed.
struct LookupQuery {
  std::vector<Identifier> identifiers;
  std::vector<PhoneVariants> phones;  // one per phone identifier
};

// A record the CRM returned. Core re-checks every phone against the query with libphonenumber before
// it believes the match, so connectors return what the CRM returned, unfiltered.
struct CrmCandidate {
  CrmRecordRef record;
  std::string displayName;
  std::vector<std::string> phones;          // exactly as stored in the CRM
  std::vector<Identifier> otherIdentifiers; // e.g. a stored WhatsApp BSUID
  std::int64_t updatedAtMs = 0;
  std::string ownerId;
};

struct ContactDraft {
  std::string displayName;
  std::vector<Identifier> identifiers;  // phones in E.164
  std::string source;                   // e.g. "whatsapp"
  std::string creationKey;              // stable per person: a retried create must not make a second record
  std::string object;                   // mapping document's contact_create object ("" = connector default)
  nlohmann::json fields = nlohmann::json::object();  // contact_create fields: CRM field -> value
};

// Changes to an existing record from the mapping document's contact_update, each with its write policy
// (only_if_empty must never overwrite what a person typed in the CRM).
struct ContactUpdate {
  CrmRecordRef record;
  std::vector<mapping::FieldWrite> fields;
};

// One timeline write. The idempotency key is the event's dedupe key: writing the same key twice must
// leave exactly one activity in the CRM (native keys, external ids, or lookup-before-write).
struct Activity {
  std::string idempotencyKey;
  CrmRecordRef record;
  Event event;
  std::string object;  // the mapping document's target object for this write ("" = connector default)
  nlohmann::json fields = nlohmann::json::object();  // message_activity / status_update fields: CRM field -> value
};

// A request a connector would send, for the mapping preview: no I/O happens to produce it.
struct RequestPreview {
  std::string method;  // "POST", "PATCH", ... (the local CRM uses "INSERT" / "UPDATE")
  std::string path;
  nlohmann::json body;
};

struct ActivityResult {
  Outcome outcome;
  std::string activityId;  // the CRM's id of the activity written or updated
};

struct Deal {
  std::string id;
  std::string title;
  std::string stage;
  std::string status;    // open, won, lost
  std::string amount;    // decimal text, as the CRM keeps it
  std::string currency;
  std::string ownerId;
  std::int64_t updatedAtMs = 0;
};

struct CrmContext {
  std::vector<Deal> deals;  // open deals/leads/matters of the record, most recently updated first
  std::string ownerId;
  std::int64_t fetchedAtMs = 0;
};

// A hard request budget for calls in `scope` ("default" applies to every call; "search" etc. to calls
// tagged with that scope). burst == 0: sliding window, at most `requests` in any `windowMs`. burst > 0:
// token bucket of `burst` tokens refilled at `requests` per `windowMs` (Bitrix24's leaky bucket).
// Core enforces it; the connector only declares it.
struct RateBudget {
  std::string scope = "default";
  int requests = 0;
  std::int64_t windowMs = 1000;
  int burst = 0;
};

struct Capabilities {
  int maxLookupBatch = 1;        // LookupQuery items per find() call
  int maxWriteBatch = 1;         // Activity items per write() call
  bool nativeIdempotency = false;
  bool updatesStatusInPlace = false;  // status events update the message's activity instead of appending
  std::vector<RateBudget> budgets;
};

class CrmConnector {
 public:
  virtual ~CrmConnector() = default;

  virtual std::string name() const = 0;
  virtual Capabilities capabilities() const = 0;

  // One candidate list per query, in query order. An empty list means "not found".
  virtual Result<std::vector<std::vector<CrmCandidate>>> find(const std::vector<LookupQuery>& queries) = 0;
  virtual Result<CrmRecordRef> create(const ContactDraft& draft) = 0;
  // Applies a contact_update with its per-field policies. Ok when nothing needed changing.
  virtual Outcome update(const ContactUpdate& change) = 0;
  // One result per activity, in order. The outer outcome fails only when the whole call failed.
  virtual Result<std::vector<ActivityResult>> write(const std::vector<Activity>& activities) = 0;
  virtual Result<CrmContext> context(const CrmRecordRef& record) = 0;
  // The exact requests write() would send for these activities. Pure: no network, no database writes.
  virtual std::vector<RequestPreview> describe(const std::vector<Activity>& activities) const = 0;
};

class HttpClient;
// Builds the HTTP client a connector must use for every call: core's client, which enforces the
// connector's budgets and honours Retry-After. `baseUrl` like "https://api.hubapi.com"; `timeoutMs` is
// the connect/read timeout (connectors take it from their section's "timeout_ms", default 30000).
using HttpClientFactory = std::function<std::unique_ptr<HttpClient>(
    const std::string& baseUrl, const std::vector<RateBudget>& budgets, int timeoutMs)>;

struct ConnectorEnvironment {
  std::string defaultRegion;  // phone.default_region
  std::string configDir;      // relative paths in a connector's section are resolved against this
  const Clock* clock = nullptr;
  HttpClientFactory httpClient;  // empty for connectors that need no HTTP (local)
};

// Builds a connector from its config section (crm.<name>). Throws ConfigError naming the key on bad config.
class CrmConnectorFactory {
 public:
  virtual ~CrmConnectorFactory() = default;
  virtual std::string name() const = 0;
  // Per write kind name ("message_activity", ...), the target fields a mapping document must fill.
  virtual std::map<std::string, std::vector<std::string>> requiredMappingFields() const = 0;
  // Checks the section without touching anything (used by `crmsync check-config`). Throws ConfigError.
  virtual void validate(const nlohmann::json& section, const ConnectorEnvironment& env) const = 0;
  // Validates, then builds a ready connector (may open files or connections). Throws ConfigError.
  virtual std::unique_ptr<CrmConnector> create(const nlohmann::json& section, const ConnectorEnvironment& env) const = 0;
};

}  // namespace crmsync
