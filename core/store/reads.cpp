// SqliteStore reads for the API and CLI: timelines, one message's history, quarantine, dead letters.
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

std::vector<QuarantineEntry> SqliteStore::quarantine(int limit) {
  if (limit <= 0) return {};
  return impl_->read("quarantine", [&](SQLite::Database& db) {
    SQLite::Statement q(db,
                        "SELECT q.inbox_id, q.channel, q.reason, q.received_at_ms, i.raw_body "
                        "FROM quarantine q JOIN inbox i ON i.id = q.inbox_id "
                        "ORDER BY q.inbox_id DESC LIMIT ?");
    q.bind(1, limit);
    std::vector<QuarantineEntry> out;
    while (q.executeStep()) {
      QuarantineEntry entry;
      entry.id = q.getColumn(0).getInt64();
      entry.channel = q.getColumn(1).getString();
      entry.reason = q.getColumn(2).getString();
      entry.receivedAtMs = q.getColumn(3).getInt64();
      entry.rawBody = store_detail::columnBytes(q.getColumn(4));
      out.push_back(std::move(entry));
    }
    return out;
  });
}

std::vector<DeadLetter> SqliteStore::deadLetters(int limit) {
  if (limit <= 0) return {};
  return impl_->read("deadLetters", [&](SQLite::Database& db) {
    SQLite::Statement q(db,
                        "SELECT event_id, dedupe_key, reason, attempts, dead_at_ms FROM dead_letters "
                        "ORDER BY dead_at_ms DESC, event_id DESC LIMIT ?");
    q.bind(1, limit);
    std::vector<DeadLetter> out;
    while (q.executeStep()) {
      DeadLetter d;
      d.eventId = q.getColumn(0).getInt64();
      d.dedupeKey = q.getColumn(1).getString();
      d.reason = q.getColumn(2).getString();
      d.attempts = q.getColumn(3).getInt();
      d.deadAtMs = q.getColumn(4).getInt64();
      out.push_back(std::move(d));
    }
    return out;
  });
}

}  // namespace crmsync
