#include "crm/local/local_schema.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <stdexcept>
#include <string>

namespace crmsync::connectors::local {

namespace {

constexpr int kBusyTimeoutMs = 5000;

// Version 1. Phones keep the text as typed next to two search keys: the E.164 under the default region
// (NULL when not a number) and the bare digits, which is how CRMs with "calculated" phone search match.
// creation_key is NULL for contacts typed in or imported; UNIQUE ignores NULLs.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE contacts(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL DEFAULT '',
  owner_id TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  creation_key TEXT UNIQUE,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL);
CREATE TABLE contact_phones(
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  phone TEXT NOT NULL,
  e164 TEXT,
  digits TEXT NOT NULL);
CREATE INDEX contact_phones_contact ON contact_phones(contact_id);
CREATE INDEX contact_phones_e164 ON contact_phones(e164);
CREATE INDEX contact_phones_phone ON contact_phones(phone);
CREATE INDEX contact_phones_digits ON contact_phones(digits);
CREATE TABLE contact_identifiers(
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  UNIQUE(kind, value));
CREATE INDEX contact_identifiers_contact ON contact_identifiers(contact_id);
CREATE TABLE activities(
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  idempotency_key TEXT NOT NULL UNIQUE,
  provider_message_id TEXT NOT NULL DEFAULT '',
  channel TEXT NOT NULL DEFAULT '',
  direction TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  media_json TEXT NOT NULL DEFAULT '[]',
  business_number TEXT NOT NULL DEFAULT '',
  occurred_at INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT '',
  status_history_json TEXT NOT NULL DEFAULT '[]',
  placeholder INTEGER NOT NULL DEFAULT 0,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL);
CREATE INDEX activities_message ON activities(contact_id, provider_message_id);
CREATE INDEX activities_timeline ON activities(contact_id, occurred_at, id);
CREATE TABLE deals(
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  title TEXT NOT NULL DEFAULT '',
  stage TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK(status IN ('open', 'won', 'lost')),
  amount TEXT NOT NULL DEFAULT '',
  currency TEXT NOT NULL DEFAULT '',
  owner_id TEXT NOT NULL DEFAULT '',
  updated_at_ms INTEGER NOT NULL);
CREATE INDEX deals_contact ON deals(contact_id, status, updated_at_ms);
)sql";

void migrate(SQLite::Database& db, const std::filesystem::path& path) {
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  const int version = db.execAndGet("PRAGMA user_version").getInt();
  if (version > kSchemaVersion) {
    throw std::runtime_error("local CRM database " + path.string() + " has schema version " + std::to_string(version) +
                             ", newer than this crmsync supports (" + std::to_string(kSchemaVersion) +
                             "); upgrade crmsync or use another file");
  }
  if (version < 1) db.exec(kSchemaV1);
  // v2: fields a mapping document writes beyond the fixed columns.
  if (version < 2) {
    db.exec("ALTER TABLE contacts ADD COLUMN fields_json TEXT NOT NULL DEFAULT '{}'");
    db.exec("ALTER TABLE activities ADD COLUMN fields_json TEXT NOT NULL DEFAULT '{}'");
  }
  db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
  tx.commit();
}

}  // namespace

std::unique_ptr<SQLite::Database> openLocalDatabase(const std::filesystem::path& path) {
  try {
    auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, kBusyTimeoutMs);
    db->exec("PRAGMA journal_mode = WAL");
    db->exec("PRAGMA synchronous = NORMAL");
    db->exec("PRAGMA foreign_keys = ON");
    migrate(*db, path);
    return db;
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error("cannot open local CRM database " + path.string() + ": " + e.what());
  }
}

}  // namespace crmsync::connectors::local
