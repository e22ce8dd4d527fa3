#pragma once
// The embedded default CRM ("local"): one SQLite file that behaves like a small real CRM. Phones are kept
// exactly as typed (plus their E.164 under the default region and their digits, for search), activities
// are idempotent on their key, delivery statuses update the message's activity in place.
//
// find(): per query, every contact with a phone whose E.164 equals a query phone's, whose text equals one of
//   its variants, or whose digits equal a variant's digits (variants are also recomputed from the kPhone
//   identifiers); or holding one of the query's other identifiers. Unfiltered: core re-checks.
// create(): idempotent on creationKey; phones stored as given, other identifiers kept unique per CRM (one
//   held by another contact is a Permanent failure). fields["owner_id"] (string) sets the owner.
// write(): one transaction per call; fields["body"] / fields["subject"] (strings) replace the event text.
// Failures: lock timeouts, full disk and I/O errors are Retryable; everything else is Permanent.
//
// Thread-safety: every public member may be called from any thread; one connection behind a mutex.
// Several processes (the service and `crmsync local import-contacts`) may share the file: writes take
// SQLite's write lock up front and wait up to 5 s for it.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "crmsync/clock.h"
#include "crmsync/crm_connector.h"
#include "crmsync/model.h"

namespace SQLite {
class Database;
}

namespace crmsync::connectors::local {

struct StoredPhone {
  std::string phone;  // as typed
  std::string e164;   // phone::toE164 under the default region at insert; empty when not a number
};

struct StoredContact {
  std::string id;
  std::string name;
  std::string ownerId;
  std::string source;
  std::string creationKey;
  std::vector<StoredPhone> phones;
  std::vector<Identifier> identifiers;  // everything but phones (BSUID, email, ...)
  std::int64_t createdAtMs = 0;
  std::int64_t updatedAtMs = 0;
};

struct StoredActivity {
  std::string id;
  std::string contactId;
  std::string idempotencyKey;
  std::string providerMessageId;
  std::string channel;
  std::string direction;  // inbound, outbound
  std::string type;       // the message type; "placeholder" for a message known only by its statuses
  std::string subject;
  std::string body;
  nlohmann::json media = nlohmann::json::array();
  std::string businessNumber;
  std::int64_t occurredAt = 0;  // unix seconds
  std::string status;
  nlohmann::json statusHistory = nlohmann::json::array();  // [{status, timestamp, key}], in arrival order
  std::int64_t createdAtMs = 0;
  std::int64_t updatedAtMs = 0;
};

// A contact as a person would type it into the CRM (CSV import, tests): phones exactly as written.
struct NewContact {
  std::string name;
  std::string ownerId;
  std::string source = "manual";
  std::vector<std::string> phones;
  std::vector<Identifier> identifiers;  // non-phone identifiers
  std::vector<Deal> deals;              // id ignored; updatedAtMs 0 = now
};

class LocalConnector final : public CrmConnector {
 public:
  // Opens (creating if needed) the database at `path` and migrates its schema. `defaultRegion` reads
  // phones typed without a country code. `clock` may be null (system clock); it must outlive this object.
  // Throws std::runtime_error when the file cannot be opened or was written by a newer crmsync.
  LocalConnector(const std::filesystem::path& path, std::string defaultRegion, const Clock* clock = nullptr);
  ~LocalConnector() override;
  LocalConnector(const LocalConnector&) = delete;
  LocalConnector& operator=(const LocalConnector&) = delete;

  std::string name() const override { return "local"; }
  Capabilities capabilities() const override;
  Result<std::vector<std::vector<CrmCandidate>>> find(const std::vector<LookupQuery>& queries) override;
  Result<CrmRecordRef> create(const ContactDraft& draft) override;
  Outcome update(const ContactUpdate& change) override;
  Result<std::vector<ActivityResult>> write(const std::vector<Activity>& activities) override;
  Result<CrmContext> context(const CrmRecordRef& record) override;
  std::vector<RequestPreview> describe(const std::vector<Activity>& activities) const override;

  // Direct entry, as a CRM user would do it. Each throws std::runtime_error naming the problem (e.g. an
  // identifier that already belongs to another contact, a deal status other than open/won/lost); nothing is
  // written then. Return the new record's id.
  std::string addContact(const NewContact& contact);
  std::string addDeal(const std::string& contactId, const Deal& deal);

  // Read helpers for tests and the CLI. Throw std::runtime_error on database errors.
  std::vector<StoredActivity> activities(const std::string& contactId);  // by occurred_at, then id
  std::int64_t contactCount();
  std::optional<StoredContact> contact(const std::string& id);

  const std::filesystem::path& path() const { return path_; }

 private:
  std::int64_t nowMs() const;

  std::filesystem::path path_;
  std::string defaultRegion_;
  SystemClock systemClock_;
  const Clock* clock_;
  std::mutex mutex_;
  std::unique_ptr<SQLite::Database> db_;
};

// Config section crm.local: {"path": "<file>"}; a relative path is taken from env.configDir. Unknown keys,
// a missing or empty path, a missing directory (validate, create) or a file that cannot be opened or has a
// newer schema (create) throw ConfigError naming the key ("crm.local.path", "crm.local.<unknown>").
class LocalConnectorFactory final : public CrmConnectorFactory {
 public:
  std::string name() const override { return "local"; }
  std::map<std::string, std::vector<std::string>> requiredMappingFields() const override;
  void validate(const nlohmann::json& section, const ConnectorEnvironment& env) const override;
  std::unique_ptr<CrmConnector> create(const nlohmann::json& section, const ConnectorEnvironment& env) const override;
};

}  // namespace crmsync::connectors::local
