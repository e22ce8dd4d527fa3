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

// Operations (dlq drop, replay, reconcile) and cheap counts.
// - events gains the state 'dropped'. SQLite cannot change a CHECK constraint, so the table is rebuilt
//   (the documented create-copy-drop-rename procedure; migrate() turns foreign keys off around it) and
//   its indexes recreated, plus events_received for `replay --since`.
// - crm_link_history: every CRM link ever set, so an admin link keeps the provenance of what it replaced.
// - row_counts: counters kept by triggers, so counts() (every /metrics scrape) reads a few rows instead
//   of counting tables that grow without bound.
constexpr const char* kMigration4 = R"sql(
CREATE TABLE events_v4 (
  id                 INTEGER PRIMARY KEY,
  inbox_id           INTEGER NOT NULL REFERENCES inbox(id),
  dedupe_key         TEXT    NOT NULL UNIQUE,
  provider_id        TEXT    NOT NULL,
  kind               TEXT    NOT NULL,
  route_key          TEXT    NOT NULL,
  route_hash         INTEGER NOT NULL,
  event_json         TEXT    NOT NULL,
  state              TEXT    NOT NULL
                     CHECK (state IN ('received', 'resolved', 'written', 'retrying', 'dead', 'dropped')),
  queue_head         INTEGER NOT NULL DEFAULT 0,
  attempts           INTEGER NOT NULL DEFAULT 0,
  next_attempt_at_ms INTEGER NOT NULL,
  last_error         TEXT    NOT NULL DEFAULT '',
  person_id          INTEGER,
  crm_record_id      TEXT    NOT NULL DEFAULT '',
  crm_activity_id    TEXT    NOT NULL DEFAULT '',
  occurred_at        INTEGER NOT NULL,
  received_at_ms     INTEGER NOT NULL,
  updated_at_ms      INTEGER NOT NULL
);
INSERT INTO events_v4 SELECT id, inbox_id, dedupe_key, provider_id, kind, route_key, route_hash, event_json, state,
  queue_head, attempts, next_attempt_at_ms, last_error, person_id, crm_record_id, crm_activity_id, occurred_at,
  received_at_ms, updated_at_ms FROM events;
DROP TABLE events;
ALTER TABLE events_v4 RENAME TO events;
CREATE INDEX events_provider ON events(provider_id);
CREATE INDEX events_timeline ON events(person_id, occurred_at, id) WHERE person_id IS NOT NULL;
CREATE INDEX events_pending_route ON events(route_key, id)
  WHERE state IN ('received', 'resolved', 'retrying');
CREATE INDEX events_heads ON events(next_attempt_at_ms, route_hash) WHERE queue_head = 1;
CREATE INDEX events_route_head ON events(route_key) WHERE queue_head = 1;
CREATE INDEX events_received ON events(received_at_ms, id);

CREATE TABLE crm_link_history (
  id           INTEGER PRIMARY KEY,
  person_id    INTEGER NOT NULL REFERENCES persons(id),
  connector    TEXT    NOT NULL,
  object_type  TEXT    NOT NULL,
  record_id    TEXT    NOT NULL,
  rule         TEXT    NOT NULL,
  reason       TEXT    NOT NULL,
  linked_at_ms INTEGER NOT NULL
);
CREATE INDEX crm_link_history_person ON crm_link_history(person_id, id);
INSERT INTO crm_link_history (person_id, connector, object_type, record_id, rule, reason, linked_at_ms)
  SELECT person_id, connector, object_type, record_id, rule, reason, linked_at_ms FROM crm_links ORDER BY linked_at_ms;

-- name: an event state, 'inbox' or 'quarantine'.
CREATE TABLE row_counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO row_counts (name, n) VALUES ('received', 0), ('resolved', 0), ('written', 0), ('retrying', 0),
  ('dead', 0), ('dropped', 0);
UPDATE row_counts SET n = (SELECT COUNT(*) FROM events WHERE events.state = row_counts.name);
INSERT INTO row_counts (name, n) VALUES ('inbox', (SELECT COUNT(*) FROM inbox)),
  ('quarantine', (SELECT COUNT(*) FROM quarantine));
CREATE TRIGGER events_count_insert AFTER INSERT ON events
  BEGIN UPDATE row_counts SET n = n + 1 WHERE name = NEW.state; END;
CREATE TRIGGER events_count_update AFTER UPDATE OF state ON events WHEN OLD.state <> NEW.state
  BEGIN
    UPDATE row_counts SET n = n - 1 WHERE name = OLD.state;
    UPDATE row_counts SET n = n + 1 WHERE name = NEW.state;
  END;
CREATE TRIGGER events_count_delete AFTER DELETE ON events
  BEGIN UPDATE row_counts SET n = n - 1 WHERE name = OLD.state; END;
CREATE TRIGGER inbox_count_insert AFTER INSERT ON inbox
  BEGIN UPDATE row_counts SET n = n + 1 WHERE name = 'inbox'; END;
CREATE TRIGGER inbox_count_delete AFTER DELETE ON inbox
  BEGIN UPDATE row_counts SET n = n - 1 WHERE name = 'inbox'; END;
CREATE TRIGGER quarantine_count_insert AFTER INSERT ON quarantine
  BEGIN UPDATE row_counts SET n = n + 1 WHERE name = 'quarantine'; END;
CREATE TRIGGER quarantine_count_delete AFTER DELETE ON quarantine
  BEGIN UPDATE row_counts SET n = n - 1 WHERE name = 'quarantine'; END;
)sql";

// Index i holds migration i+1. Append only.
constexpr const char* kMigrations[] = {kMigration1, kMigration2, kMigration3, kMigration4};
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
  if (current >= targetVersion) return;
  // Table rebuilds (migration 4) drop a table others reference; foreign keys are checked again after.
  // The pragma is a no-op inside a transaction, so it is set here, around the loop.
  const bool foreignKeys = db.execAndGet("PRAGMA foreign_keys").getInt() != 0;
  db.exec("PRAGMA foreign_keys = OFF");
  struct Restore {
    SQLite::Database& db;
    bool on;
    ~Restore() { db.tryExec(on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF"); }
  } restore{db, foreignKeys};
  while (current < targetVersion) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    // Another process may have migrated while we waited for the write lock.
    current = userVersion(db);
    refuseNewer(current);
    if (current >= targetVersion) break;
    const int next = current + 1;
    db.exec(kMigrations[next - 1]);
    if (db.execAndGet("SELECT COUNT(*) FROM pragma_foreign_key_check").getInt() != 0) {
      throw StoreError("store migration " + std::to_string(next) + " would break a foreign key");
    }
    db.exec("PRAGMA user_version = " + std::to_string(next));
    tx.commit();
    current = next;
  }
}

}  // namespace crmsync::schema
