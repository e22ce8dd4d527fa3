// SqliteStore reads for the API and CLI: timelines, one message's history, events since a time,
// quarantine, dead letters. Reconciliation lives in reconcile.cpp.
#include <SQLiteCpp/Statement.h>

#include <string>
#include <utility>

#include "store/event_rows.h"
#include "store/sqlite_connections.h"
#include "store/sqlite_store.h"

namespace crmsync {

namespace {

std::vector<StoredEvent> readEvents(SQLite::Statement& q) {
  std::vector<StoredEvent> out;
  while (q.executeStep()) out.push_back(store_detail::readStoredEvent(q));
  return out;
}

constexpr const char* kQuarantineColumns =
    "q.inbox_id, q.channel, q.reason, q.received_at_ms, i.raw_body FROM quarantine q JOIN inbox i ON i.id = q.inbox_id";

QuarantineEntry readQuarantine(const SQLite::Statement& q) {
  QuarantineEntry entry;
  entry.id = q.getColumn(0).getInt64();
  entry.channel = q.getColumn(1).getString();
  entry.reason = q.getColumn(2).getString();
  entry.receivedAtMs = q.getColumn(3).getInt64();
  entry.rawBody = store_detail::columnBytes(q.getColumn(4));
  return entry;
}

constexpr const char* kDeadLetterColumns = "d.event_id, d.dedupe_key, d.reason, d.attempts, d.dead_at_ms";

DeadLetter readDeadLetter(const SQLite::Statement& q) {
  DeadLetter d;
  d.eventId = q.getColumn(0).getInt64();
  d.dedupeKey = q.getColumn(1).getString();
  d.reason = q.getColumn(2).getString();
  d.attempts = q.getColumn(3).getInt();
  d.deadAtMs = q.getColumn(4).getInt64();
  return d;
}

}  // namespace

std::vector<StoredEvent> SqliteStore::timeline(std::int64_t personId) {
  return impl_->read("timeline", [&](SQLite::Database& db) {
    // events_timeline (person_id, occurred_at, id) delivers the rows already in order.
    SQLite::Statement q(db, std::string("SELECT ") + store_detail::kEventColumns +
                                " FROM events e WHERE e.person_id = ? ORDER BY e.occurred_at, e.id");
    q.bind(1, personId);
    return readEvents(q);
  });
}

std::vector<StoredEvent> SqliteStore::eventsByProviderId(const std::string& providerId) {
  return impl_->read("eventsByProviderId", [&](SQLite::Database& db) {
    SQLite::Statement q(db, std::string("SELECT ") + store_detail::kEventColumns +
                                " FROM events e WHERE e.provider_id = ? ORDER BY e.id");
    q.bind(1, providerId);
    return readEvents(q);
  });
}

std::vector<StoredEvent> SqliteStore::recentEvents(int limit) {
  if (limit <= 0) return {};
  return impl_->read("recentEvents", [&](SQLite::Database& db) {
    // Ids grow with arrival, so the primary key is the arrival order.
    SQLite::Statement q(db, std::string("SELECT ") + store_detail::kEventColumns + " FROM events e ORDER BY e.id DESC LIMIT ?");
    q.bind(1, limit);
    return readEvents(q);
  });
}

std::optional<StoredEvent> SqliteStore::event(std::int64_t eventId) {
  return impl_->read("event", [&](SQLite::Database& db) -> std::optional<StoredEvent> {
    SQLite::Statement q(db, std::string("SELECT ") + store_detail::kEventColumns + " FROM events e WHERE e.id = ?");
    q.bind(1, eventId);
    if (!q.executeStep()) return std::nullopt;
    return store_detail::readStoredEvent(q);
  });
}

std::vector<StoredEvent> SqliteStore::eventsSince(std::int64_t sinceMs, std::optional<std::int64_t> personId,
                                                  int limit) {
  if (limit <= 0) return {};
  return impl_->read("eventsSince", [&](SQLite::Database& db) {
    // events_received (received_at_ms, id) gives the range in order; the person filter reads the row.
    SQLite::Statement q(db, std::string("SELECT ") + store_detail::kEventColumns +
                                " FROM events e WHERE e.received_at_ms >= ?1 AND (?2 IS NULL OR e.person_id = ?2) "
                                "ORDER BY e.received_at_ms, e.id LIMIT ?3");
    q.bind(1, sinceMs);
    if (personId) q.bind(2, *personId);
    q.bind(3, limit);
    return readEvents(q);
  });
}

std::vector<QuarantineEntry> SqliteStore::quarantine(int limit) {
  if (limit <= 0) return {};
  return impl_->read("quarantine", [&](SQLite::Database& db) {
    SQLite::Statement q(db, std::string("SELECT ") + kQuarantineColumns + " ORDER BY q.inbox_id DESC LIMIT ?");
    q.bind(1, limit);
    std::vector<QuarantineEntry> out;
    while (q.executeStep()) out.push_back(readQuarantine(q));
    return out;
  });
}

std::optional<QuarantineEntry> SqliteStore::quarantineEntry(std::int64_t inboxId) {
  return impl_->read("quarantineEntry", [&](SQLite::Database& db) -> std::optional<QuarantineEntry> {
    SQLite::Statement q(db, std::string("SELECT ") + kQuarantineColumns + " WHERE q.inbox_id = ?");
    q.bind(1, inboxId);
    if (!q.executeStep()) return std::nullopt;
    return readQuarantine(q);
  });
}

std::vector<DeadLetter> SqliteStore::deadLetters(int limit) {
  if (limit <= 0) return {};
  return impl_->read("deadLetters", [&](SQLite::Database& db) {
    // Only events dead now: a dropped event keeps its dead letter for audit but is no longer listed.
    SQLite::Statement q(db, std::string("SELECT ") + kDeadLetterColumns +
                                " FROM dead_letters d JOIN events e ON e.id = d.event_id WHERE e.state = 'dead' "
                                "ORDER BY d.dead_at_ms DESC, d.event_id DESC LIMIT ?");
    q.bind(1, limit);
    std::vector<DeadLetter> out;
    while (q.executeStep()) out.push_back(readDeadLetter(q));
    return out;
  });
}

std::optional<DeadLetter> SqliteStore::deadLetter(std::int64_t eventId) {
  return impl_->read("deadLetter", [&](SQLite::Database& db) -> std::optional<DeadLetter> {
    SQLite::Statement q(db, std::string("SELECT ") + kDeadLetterColumns + " FROM dead_letters d WHERE d.event_id = ?");
    q.bind(1, eventId);
    if (!q.executeStep()) return std::nullopt;
    return readDeadLetter(q);
  });
}

}  // namespace crmsync
