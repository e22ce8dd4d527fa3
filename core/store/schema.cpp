#include "store/schema.h"

#include <SQLiteCpp/Transaction.h>

#include <iterator>
#include <stdexcept>
#include <string>

#include "crmsync/store.h"

namespace crmsync::schema {

namespace {

// Event states 'received', 'resolved' and 'retrying' are "unfinished": the event still has work to do
// and blocks the later events of its route. The partial indexes below repeat that predicate verbatim
// (SQLite only uses a partial index when the query contains its WHERE term literally).
//
// Queue design. claimDue must return only the head of each route (the smallest-id unfinished event of a
// route key). Computing that with NOT EXISTS on every poll costs one probe per queued event: with 50k
// events queued behind 5k retrying heads (CRM down) a poll took ~25 ms and found nothing. Instead each
// events row carries `queue_head` (1 = head of its route), maintained in the same transaction by ingest
// (a new event is head iff its route has no unfinished event) and by every state change (the route's
// head is recomputed: two index seeks). claimDue then reads the small partial index events_heads: due
// heads by next_attempt_at_ms, route_hash included so the shard filter needs no table access.
constexpr const char* kMigration1 = R"sql(
CREATE TABLE inbox (
  id             INTEGER PRIMARY KEY,
  channel        TEXT    NOT NULL,
  received_at_ms INTEGER NOT NULL,
  raw_body       BLOB    NOT NULL,
  accepted       INTEGER NOT NULL DEFAULT 0,
  duplicates     INTEGER NOT NULL DEFAULT 0,
  ignored_json   TEXT    NOT NULL DEFAULT '[]',
  quarantined    INTEGER NOT NULL DEFAULT 0
);

-- One row per unparseable request; the raw body stays in inbox. Keyed by the inbox id, so the id a
-- webhook receipt reported is the id the quarantine listing shows.
CREATE TABLE quarantine (
  inbox_id       INTEGER PRIMARY KEY REFERENCES inbox(id),
  channel        TEXT    NOT NULL,
  reason         TEXT    NOT NULL,
  received_at_ms INTEGER NOT NULL
);

CREATE TABLE events (
  id                 INTEGER PRIMARY KEY,
  inbox_id           INTEGER NOT NULL REFERENCES inbox(id),
  dedupe_key         TEXT    NOT NULL UNIQUE,
  provider_id        TEXT    NOT NULL,
  kind               TEXT    NOT NULL,
  route_key          TEXT    NOT NULL,
  route_hash         INTEGER NOT NULL,  -- FNV-1a 32 of route_key, 0..2^32-1: the shard key
  event_json         TEXT    NOT NULL,
  state              TEXT    NOT NULL
                     CHECK (state IN ('received', 'resolved', 'written', 'retrying', 'dead')),
  queue_head         INTEGER NOT NULL DEFAULT 0,
  attempts           INTEGER NOT NULL DEFAULT 0,
  next_attempt_at_ms INTEGER NOT NULL,
  last_error         TEXT    NOT NULL DEFAULT '',
  person_id          INTEGER,
  crm_record_id      TEXT    NOT NULL DEFAULT '',
  crm_activity_id    TEXT    NOT NULL DEFAULT '',
  occurred_at        INTEGER NOT NULL,  -- provider timestamp, unix seconds
  received_at_ms     INTEGER NOT NULL,
  updated_at_ms      INTEGER NOT NULL
);

CREATE INDEX events_provider ON events(provider_id);
CREATE INDEX events_timeline ON events(person_id, occurred_at, id) WHERE person_id IS NOT NULL;
-- Unfinished events per route in id order: "is this route idle?" and "which event is its head?".
CREATE INDEX events_pending_route ON events(route_key, id)
  WHERE state IN ('received', 'resolved', 'retrying');
-- claimDue: due heads, with the shard key, one entry per route that has work.
CREATE INDEX events_heads ON events(next_attempt_at_ms, route_hash) WHERE queue_head = 1;
-- Finding a route's current head to demote it.
CREATE INDEX events_route_head ON events(route_key) WHERE queue_head = 1;
)sql";

constexpr const char* kMigration2 = R"sql(
CREATE TABLE persons (
  id            INTEGER PRIMARY KEY,
  display_name  TEXT    NOT NULL,
  created_at_ms INTEGER NOT NULL
);

-- The identity ledger: every identifier belongs to at most one person.
CREATE TABLE identifiers (
  kind          TEXT    NOT NULL,
  value         TEXT    NOT NULL,
  person_id     INTEGER NOT NULL REFERENCES persons(id),
  source        TEXT    NOT NULL,
  reason        TEXT    NOT NULL,
  first_seen_ms INTEGER NOT NULL,
  PRIMARY KEY (kind, value)
);
CREATE INDEX identifiers_person ON identifiers(person_id, first_seen_ms);

CREATE TABLE crm_links (
  person_id    INTEGER NOT NULL REFERENCES persons(id),
  connector    TEXT    NOT NULL,
  object_type  TEXT    NOT NULL,
  record_id    TEXT    NOT NULL,
  rule         TEXT    NOT NULL,
  reason       TEXT    NOT NULL,
  linked_at_ms INTEGER NOT NULL,
  PRIMARY KEY (person_id, connector)
);

CREATE TABLE dead_letters (
  event_id   INTEGER PRIMARY KEY REFERENCES events(id),
  dedupe_key TEXT    NOT NULL,
  reason     TEXT    NOT NULL,
  attempts   INTEGER NOT NULL,
  dead_at_ms INTEGER NOT NULL
);
CREATE INDEX dead_letters_time ON dead_letters(dead_at_ms);
)sql";

// Mapping documents: every activated version, and the audit log of who changed what.
constexpr const char* kMigration3 = R"sql(
CREATE TABLE mapping_versions (
  connector     TEXT    NOT NULL,
  version       INTEGER NOT NULL,
  author        TEXT    NOT NULL,
  origin        TEXT    NOT NULL,
  created_at_ms INTEGER NOT NULL,
  text          TEXT    NOT NULL,
  diff          TEXT    NOT NULL,
  PRIMARY KEY (connector, version)
);
CREATE INDEX mapping_versions_origin ON mapping_versions(connector, origin);

CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  at_ms   INTEGER NOT NULL,
  actor   TEXT    NOT NULL,
  action  TEXT    NOT NULL,
  subject TEXT    NOT NULL,
  detail  TEXT    NOT NULL
);
)sql";

// Index i holds migration i+1. Append only.
constexpr const char* kMigrations[] = {kMigration1, kMigration2, kMigration3};
constexpr int kLatest = static_cast<int>(std::size(kMigrations));

void refuseNewer(int version) {
  if (version > kLatest) {
    throw StoreError("store schema version " + std::to_string(version) + " is newer than this crmsync supports (" +
                     std::to_string(kLatest) + ")");
  }
}

}  // namespace

int latestVersion() { return kLatest; }

int userVersion(SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt(); }

void migrate(SQLite::Database& db, int targetVersion) {
  if (targetVersion < 0 || targetVersion > kLatest) {
    throw std::invalid_argument("schema version " + std::to_string(targetVersion) + " is not between 0 and " +
                                std::to_string(kLatest));
  }
  int current = userVersion(db);
  refuseNewer(current);
  while (current < targetVersion) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    // Another process may have migrated while we waited for the write lock.
    current = userVersion(db);
    refuseNewer(current);
    if (current >= targetVersion) break;
    const int next = current + 1;
    db.exec(kMigrations[next - 1]);
    db.exec("PRAGMA user_version = " + std::to_string(next));
    tx.commit();
    current = next;
  }
}

}  // namespace crmsync::schema
