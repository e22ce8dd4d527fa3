#pragma once
// SqliteStore: the embedded implementation of crmsync::Store on one SQLite file.
//
// Durability: the file is opened in WAL mode with synchronous=FULL, so a method that returned has its
// transaction on disk. Every public method is exactly one transaction (IMMEDIATE for writes); when it
// throws, nothing it did is committed.
//
// Errors: every SQLite failure (disk full, I/O error, file is not a database, locked for longer than the
// 5 s busy timeout, corrupt stored row) is rethrown as StoreError("<operation>: <SQLite's message>"),
// e.g. "ingest: database or disk is full". Unknown event ids and unknown persons are StoreErrors too.
// claimDue throws std::invalid_argument for an impossible shard (a caller bug, not a store failure).
//
// Thread safety: any method may be called from any thread at the same time. The store holds two
// connections: a write connection guarded by its own mutex (all writes are serialised; ingest does its
// JSON encoding before taking the lock), and a read connection guarded by a second mutex, so reads
// (claimDue, the ledger lookups, the API reads) run concurrently with a write thanks to WAL. A write
// that returned is visible to every read that starts afterwards. Several SqliteStore objects (or
// processes) may open the same file; they wait for each other up to the busy timeout.
//
// Schema: versioned with PRAGMA user_version; opening an older file migrates it in place (each migration
// in its own transaction) and a newer file is refused. See schema.h.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crmsync/store.h"

namespace crmsync {

class SqliteStore final : public Store {
 public:
  // Opens `file`, creating it if missing (its directory must exist), and migrates it to the latest
  // schema. Throws StoreError("open <file>: <reason>") or StoreError("store schema version N is newer
  // than this crmsync supports (M)").
  explicit SqliteStore(const std::filesystem::path& file);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  std::vector<InboxReceipt> ingest(const std::vector<InboxRequest>& requests) override;

  std::vector<StoredEvent> claimDue(int shard, int shards, std::int64_t nowMs, int limit) override;
  using Store::markResolved;
  using Store::markWritten;
  void markResolved(const std::vector<ResolvedMark>& marks, std::int64_t nowMs) override;
  void markWritten(const std::vector<WrittenMark>& marks, std::int64_t nowMs) override;
  void markRetry(std::int64_t eventId, std::int64_t nextAttemptAtMs, const std::string& reason,
                 std::int64_t nowMs) override;
  void markDead(std::int64_t eventId, const std::string& reason, std::int64_t nowMs) override;
  bool requeue(std::int64_t eventId, std::int64_t nowMs) override;
  bool drop(std::int64_t eventId, const std::string& reason, std::int64_t nowMs) override;

  std::optional<std::int64_t> findPerson(const Identifier& identifier) override;
  std::int64_t createPerson(const std::string& displayName, std::int64_t nowMs) override;
  bool link(std::int64_t personId, const IdentifierLink& link) override;
  void setCrmLink(std::int64_t personId, const CrmLink& link) override;
  std::optional<CrmLink> crmLink(std::int64_t personId, const std::string& connector) override;
  std::optional<Person> person(std::int64_t personId) override;
  std::vector<CrmLink> crmLinkHistory(std::int64_t personId) override;

  // timeline: events marked resolved to the person, by provider timestamp then arrival.
  std::vector<StoredEvent> timeline(std::int64_t personId) override;
  std::vector<StoredEvent> eventsByProviderId(const std::string& providerId) override;
  // QuarantineEntry::id is the inbox id (the InboxReceipt::inboxId of the request). Newest first.
  std::vector<StoredEvent> recentEvents(int limit) override;
  std::vector<QuarantineEntry> quarantine(int limit) override;
  std::optional<QuarantineEntry> quarantineEntry(std::int64_t inboxId) override;

  int addMappingVersion(const MappingVersion& v) override;
  std::optional<MappingVersion> mappingVersion(const std::string& connector, int version) override;
  std::optional<MappingVersion> latestMapping(const std::string& connector) override;
  std::vector<MappingVersion> mappingVersions(const std::string& connector, int limit) override;
  bool hasMappingOrigin(const std::string& connector, const std::string& origin) override;
  void audit(const AuditEntry& entry) override;
  std::vector<AuditEntry> auditLog(int limit) override;
  std::vector<DeadLetter> deadLetters(int limit) override;
  std::optional<DeadLetter> deadLetter(std::int64_t eventId) override;
  std::optional<StoredEvent> event(std::int64_t eventId) override;
  std::vector<StoredEvent> eventsSince(std::int64_t sinceMs, std::optional<std::int64_t> personId, int limit) override;
  ReconcileReport reconcile(int limit) override;
  StateCounts counts() override;
  int schemaVersion() override;

  // The schema version this build writes.
  static int latestSchemaVersion();

  // Test hooks.
  // Creates (or upgrades) `file` applying only migrations 1..version, so tests can build old stores.
  static void createAtVersion(const std::filesystem::path& file, int version);
  // PRAGMA max_page_count on the write connection: simulates a full disk. SQLite never lowers it below
  // the current size, so a small value means "no more growth".
  void setMaxPageCountForTest(int pages);

 private:
  struct Impl;  // the two connections and their mutexes; defined in store/sqlite_connections.h
  std::unique_ptr<Impl> impl_;
};

}  // namespace crmsync
