#pragma once
// The durable store: inbox (raw webhook bodies), events with their pipeline state, quarantine, identity
// ledger, CRM links and dead letters. SQLite is the embedded implementation (sqlite_store.h); the
// interface is kept narrow so that a PostgreSQL implementation can share work between nodes later.
//
// Thread safety: every method may be called from any thread; implementations serialise as needed.
// Errors: methods throw StoreError when the database cannot do what was asked (disk full, I/O error,
// corrupt file). Nothing is half-written: each call is one transaction.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "crmsync/model.h"

namespace crmsync {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One webhook POST as received. Either parsed (events, ignored) or not (parseError set: quarantined).
struct InboxRequest {
  std::string channel;
  std::string rawBody;
  std::int64_t receivedAtMs = 0;
  std::vector<Event> events;  // identifiers already normalised
  std::vector<IgnoredChange> ignored;
  std::string parseError;     // non-empty: keep the body in quarantine with this reason
};

struct InboxReceipt {
  std::int64_t inboxId = 0;
  int accepted = 0;    // new events queued for the pipeline
  int duplicates = 0;  // events whose dedupe key was already stored
  bool quarantined = false;
};

// kDropped: an admin decided the event is not to be written (dlq drop); the row stays for audit.
enum class EventState { kReceived, kResolved, kWritten, kRetrying, kDead, kDropped };
std::string toString(EventState state);
EventState eventStateFromString(const std::string& text);

struct StoredEvent {
  std::int64_t id = 0;
  std::int64_t inboxId = 0;
  Event event;
  std::string routeKey;  // per-person ordering key (the counterpart's first identifier key)
  EventState state = EventState::kReceived;
  int attempts = 0;
  std::int64_t nextAttemptAtMs = 0;
  std::string lastError;
  std::optional<std::int64_t> personId;
  std::string crmRecordId;
  std::string crmActivityId;
  std::int64_t receivedAtMs = 0;
  std::int64_t updatedAtMs = 0;
};

struct IdentifierLink {
  Identifier identifier;
  std::string source;   // "whatsapp", "crm:local", "import", ...
  std::string reason;   // why this identifier belongs to this person
  std::int64_t firstSeenMs = 0;
};

struct CrmLink {
  std::string connector;
  std::string objectType;
  std::string recordId;
  std::string rule;     // "ledger", "single_match", "most_recently_updated", "owner_set", "created", "admin"
  std::string reason;
  std::int64_t linkedAtMs = 0;
};

struct Person {
  std::int64_t id = 0;
  std::string displayName;
  std::int64_t createdAtMs = 0;
  std::vector<IdentifierLink> identifiers;
  std::vector<CrmLink> crmLinks;
};

struct QuarantineEntry {
  std::int64_t id = 0;
  std::string channel;
  std::string reason;
  std::int64_t receivedAtMs = 0;
  std::string rawBody;
};

struct DeadLetter {
  std::int64_t eventId = 0;
  std::string dedupeKey;
  std::string reason;
  int attempts = 0;
  std::int64_t deadAtMs = 0;
};

// One activated version of a connector's mapping document. Versions count up from 1 per connector;
// the highest is the one in force.
struct MappingVersion {
  std::string connector;
  int version = 0;
  std::string author;   // who saved it: the name given in the editor, "file:<path>", "system"
  std::string origin;   // "api", "rollback:<n>", "file:<sha256 of the text>"
  std::int64_t createdAtMs = 0;
  std::string text;     // the document as saved
  std::string diff;     // line diff against the previous version ("" for the first)
};

// Who changed what, for admins and auditors. Append-only.
struct AuditEntry {
  std::int64_t atMs = 0;
  std::string actor;
  std::string action;   // "mapping.save", "mapping.rollback", "mapping.reload", "mapping.reload_failed"
  std::string subject;  // e.g. the connector
  std::string detail;
};

struct ResolvedMark {
  std::int64_t eventId = 0;
  std::int64_t personId = 0;
  std::string crmRecordId;
};

struct WrittenMark {
  std::int64_t eventId = 0;
  std::string crmActivityId;
};

struct StateCounts {
  std::int64_t received = 0, resolved = 0, written = 0, retrying = 0, dead = 0, dropped = 0;
  std::int64_t quarantined = 0;
  std::int64_t inbox = 0;
};

// Reconciliation: how many events of one channel are in one state.
struct StateTally {
  std::string channel;
  EventState state = EventState::kReceived;
  std::int64_t count = 0;
};

// A message the channel told us about that has not reached the CRM.
struct UnwrittenMessage {
  std::string providerId;
  std::string channel;
  std::string problem;        // "status_only" (no message event stored) or "not_written" (message event not written)
  std::int64_t eventId = 0;   // the message event ("not_written") or the first status event ("status_only")
  std::string state;          // that event's state
};

struct ReconcileReport {
  std::vector<StateTally> tallies;            // by channel, then state
  std::int64_t statusOnly = 0, notWritten = 0;  // totals, even beyond the listed ids
  std::vector<UnwrittenMessage> unwritten;    // up to the limit asked for, oldest first
};

class Store {
 public:
  virtual ~Store() = default;

  // --- ingest (webhook path) ---
  // All requests are committed in one transaction (group commit), durably (WAL, synchronous=FULL),
  // before this returns. One receipt per request, in order. Events whose dedupe key is already stored
  // are counted as duplicates and not queued again.
  virtual std::vector<InboxReceipt> ingest(const std::vector<InboxRequest>& requests) = 0;

  // --- work queue (pipeline) ---
  // Due events that are at the head of their route's queue (no earlier unfinished event with the same
  // route key), for shard `shard` of `shards` (by a stable hash of the route key), oldest first.
  virtual std::vector<StoredEvent> claimDue(int shard, int shards, std::int64_t nowMs, int limit) = 0;
  // A whole batch in one transaction (one fsync): the sync loop marks every event of a claimed batch at
  // once, so the store's commit rate does not cap the drain rate. Unknown ids throw; nothing is marked then.
  virtual void markResolved(const std::vector<ResolvedMark>& marks, std::int64_t nowMs) = 0;
  virtual void markWritten(const std::vector<WrittenMark>& marks, std::int64_t nowMs) = 0;
  void markResolved(std::int64_t eventId, std::int64_t personId, const std::string& crmRecordId, std::int64_t nowMs) {
    markResolved(std::vector<ResolvedMark>{{eventId, personId, crmRecordId}}, nowMs);
  }
  void markWritten(std::int64_t eventId, const std::string& crmActivityId, std::int64_t nowMs) {
    markWritten(std::vector<WrittenMark>{{eventId, crmActivityId}}, nowMs);
  }
  virtual void markRetry(std::int64_t eventId, std::int64_t nextAttemptAtMs, const std::string& reason,
                         std::int64_t nowMs) = 0;
  // Moves the event to the dead-letter table with the reason; it stays queryable.
  virtual void markDead(std::int64_t eventId, const std::string& reason, std::int64_t nowMs) = 0;

  // --- operations (CLI: dlq, replay) ---
  // Puts a finished event (written, dead or dropped) back on the queue: state received, attempts 0, due
  // at nowMs, its dead letter removed. Per-route order holds: the event becomes its route's head again if
  // it is the oldest unfinished one. Returns false (and changes nothing) if the event is still queued.
  // StoreError for an unknown id.
  virtual bool requeue(std::int64_t eventId, std::int64_t nowMs) = 0;
  // Marks a dead (or otherwise finished) event dropped with the reason; it and its dead letter stay
  // stored. Returns false (changes nothing) if the event is still queued. StoreError for an unknown id.
  virtual bool drop(std::int64_t eventId, const std::string& reason, std::int64_t nowMs) = 0;

  // --- identity ledger ---
  virtual std::optional<std::int64_t> findPerson(const Identifier& identifier) = 0;
  virtual std::int64_t createPerson(const std::string& displayName, std::int64_t nowMs) = 0;
  // Links an identifier to a person. Returns false (and changes nothing) if it is already linked,
  // to this or another person.
  virtual bool link(std::int64_t personId, const IdentifierLink& link) = 0;
  virtual void setCrmLink(std::int64_t personId, const CrmLink& link) = 0;  // replaces the link for link.connector
  virtual std::optional<CrmLink> crmLink(std::int64_t personId, const std::string& connector) = 0;
  virtual std::optional<Person> person(std::int64_t personId) = 0;
  // Every CRM link the person ever had (setCrmLink keeps the replaced ones), oldest first.
  virtual std::vector<CrmLink> crmLinkHistory(std::int64_t personId) = 0;

  // --- mapping documents and audit ---
  // Stores `v` as the next version of v.connector (its `version` field is ignored) and returns the number.
  virtual int addMappingVersion(const MappingVersion& v) = 0;
  virtual std::optional<MappingVersion> mappingVersion(const std::string& connector, int version) = 0;
  virtual std::optional<MappingVersion> latestMapping(const std::string& connector) = 0;
  // Newest first.
  virtual std::vector<MappingVersion> mappingVersions(const std::string& connector, int limit) = 0;
  virtual bool hasMappingOrigin(const std::string& connector, const std::string& origin) = 0;
  virtual void audit(const AuditEntry& entry) = 0;
  virtual std::vector<AuditEntry> auditLog(int limit) = 0;  // newest first

  // --- reads (API, CLI) ---
  // The most recently received events, newest first (for picking one in the mapping preview).
  virtual std::vector<StoredEvent> recentEvents(int limit) = 0;
  // Events of a person (messages and statuses), ordered by provider timestamp, then arrival.
  virtual std::vector<StoredEvent> timeline(std::int64_t personId) = 0;
  // Every stored event about one provider message id (the message and its statuses), arrival order.
  virtual std::vector<StoredEvent> eventsByProviderId(const std::string& providerId) = 0;
  virtual std::vector<QuarantineEntry> quarantine(int limit) = 0;
  virtual std::optional<QuarantineEntry> quarantineEntry(std::int64_t inboxId) = 0;
  // Dead letters of events that are dead now (not those retried or dropped since), newest first.
  virtual std::vector<DeadLetter> deadLetters(int limit) = 0;
  // The dead letter of one event, whatever the event's state now (a dropped event keeps it).
  virtual std::optional<DeadLetter> deadLetter(std::int64_t eventId) = 0;
  virtual std::optional<StoredEvent> event(std::int64_t eventId) = 0;
  // Events received at or after sinceMs (optionally only one person's), oldest first.
  virtual std::vector<StoredEvent> eventsSince(std::int64_t sinceMs, std::optional<std::int64_t> personId,
                                               int limit) = 0;
  // Events by channel and state, and messages not in the CRM (up to `limit` listed).
  virtual ReconcileReport reconcile(int limit) = 0;
  // Maintained counters: constant time, one consistent snapshot.
  virtual StateCounts counts() = 0;
  virtual int schemaVersion() = 0;
};

}  // namespace crmsync
