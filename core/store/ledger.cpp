// SqliteStore identity ledger: persons, the identifiers that belong to them, their CRM records.
#include <SQLiteCpp/Statement.h>

#include <string>
#include <utility>

#include "store/sqlite_connections.h"
#include "store/sqlite_store.h"

namespace crmsync {

namespace {

void requirePerson(SQLite::Database& db, const char* op, std::int64_t personId) {
  SQLite::Statement q(db, "SELECT 1 FROM persons WHERE id = ?");
  q.bind(1, personId);
  if (!q.executeStep()) throw StoreError(std::string(op) + ": unknown person " + std::to_string(personId));
}

CrmLink readCrmLink(const SQLite::Statement& row) {
  CrmLink out;
  out.connector = row.getColumn(0).getString();
  out.objectType = row.getColumn(1).getString();
  out.recordId = row.getColumn(2).getString();
  out.rule = row.getColumn(3).getString();
  out.reason = row.getColumn(4).getString();
  out.linkedAtMs = row.getColumn(5).getInt64();
  return out;
}

constexpr const char* kCrmLinkColumns = "connector, object_type, record_id, rule, reason, linked_at_ms";

}  // namespace

std::optional<std::int64_t> SqliteStore::findPerson(const Identifier& identifier) {
  return impl_->read("findPerson", [&](SQLite::Database& db) -> std::optional<std::int64_t> {
    SQLite::Statement q(db, "SELECT person_id FROM identifiers WHERE kind = ? AND value = ?");
    q.bind(1, toString(identifier.kind));
    q.bind(2, identifier.value);
    if (!q.executeStep()) return std::nullopt;
    return q.getColumn(0).getInt64();
  });
}

std::int64_t SqliteStore::createPerson(const std::string& displayName, std::int64_t nowMs) {
  return impl_->write("createPerson", [&](SQLite::Database& db) {
    SQLite::Statement q(db, "INSERT INTO persons (display_name, created_at_ms) VALUES (?, ?)");
    q.bind(1, displayName);
    q.bind(2, nowMs);
    q.exec();
    return db.getLastInsertRowid();
  });
}

bool SqliteStore::link(std::int64_t personId, const IdentifierLink& link) {
  return impl_->write("link", [&](SQLite::Database& db) {
    requirePerson(db, "link", personId);
    // The primary key (kind, value) is the ledger's rule: one identifier, one person. An existing link,
    // to this person or another, is left exactly as it was.
    SQLite::Statement q(db,
                        "INSERT INTO identifiers (kind, value, person_id, source, reason, first_seen_ms) "
                        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, value) DO NOTHING");
    q.bind(1, toString(link.identifier.kind));
    q.bind(2, link.identifier.value);
    q.bind(3, personId);
    q.bind(4, link.source);
    q.bind(5, link.reason);
    q.bind(6, link.firstSeenMs);
    return q.exec() == 1;
  });
}

void SqliteStore::setCrmLink(std::int64_t personId, const CrmLink& link) {
  impl_->write("setCrmLink", [&](SQLite::Database& db) {
    requirePerson(db, "setCrmLink", personId);
    SQLite::Statement q(db,
                        "INSERT INTO crm_links (person_id, connector, object_type, record_id, rule, reason, "
                        "linked_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT (person_id, connector) DO UPDATE SET object_type = excluded.object_type, "
                        "record_id = excluded.record_id, rule = excluded.rule, reason = excluded.reason, "
                        "linked_at_ms = excluded.linked_at_ms");
    q.bind(1, personId);
    q.bind(2, link.connector);
    q.bind(3, link.objectType);
    q.bind(4, link.recordId);
    q.bind(5, link.rule);
    q.bind(6, link.reason);
    q.bind(7, link.linkedAtMs);
    q.exec();
    // The history keeps every link, so a replaced one (e.g. by an admin) stays explainable.
    SQLite::Statement h(db,
                        "INSERT INTO crm_link_history (person_id, connector, object_type, record_id, rule, reason, "
                        "linked_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)");
    h.bind(1, personId);
    h.bind(2, link.connector);
    h.bind(3, link.objectType);
    h.bind(4, link.recordId);
    h.bind(5, link.rule);
    h.bind(6, link.reason);
    h.bind(7, link.linkedAtMs);
    h.exec();
  });
}

std::vector<CrmLink> SqliteStore::crmLinkHistory(std::int64_t personId) {
  return impl_->read("crmLinkHistory", [&](SQLite::Database& db) {
    SQLite::Statement q(db, std::string("SELECT ") + kCrmLinkColumns +
                                " FROM crm_link_history WHERE person_id = ? ORDER BY id");
    q.bind(1, personId);
    std::vector<CrmLink> out;
    while (q.executeStep()) out.push_back(readCrmLink(q));
    return out;
  });
}

std::optional<CrmLink> SqliteStore::crmLink(std::int64_t personId, const std::string& connector) {
  return impl_->read("crmLink", [&](SQLite::Database& db) -> std::optional<CrmLink> {
    SQLite::Statement q(db, std::string("SELECT ") + kCrmLinkColumns +
                                " FROM crm_links WHERE person_id = ? AND connector = ?");
    q.bind(1, personId);
    q.bind(2, connector);
    if (!q.executeStep()) return std::nullopt;
    return readCrmLink(q);
  });
}

std::optional<Person> SqliteStore::person(std::int64_t personId) {
  return impl_->read("person", [&](SQLite::Database& db) -> std::optional<Person> {
    SQLite::Statement p(db, "SELECT id, display_name, created_at_ms FROM persons WHERE id = ?");
    p.bind(1, personId);
    if (!p.executeStep()) return std::nullopt;
    Person out;
    out.id = p.getColumn(0).getInt64();
    out.displayName = p.getColumn(1).getString();
    out.createdAtMs = p.getColumn(2).getInt64();

    SQLite::Statement ids(db,
                          "SELECT kind, value, source, reason, first_seen_ms FROM identifiers WHERE person_id = ? "
                          "ORDER BY first_seen_ms, rowid");
    ids.bind(1, personId);
    while (ids.executeStep()) {
      IdentifierLink l;
      l.identifier.kind = identifierKindFromString(ids.getColumn(0).getString());
      l.identifier.value = ids.getColumn(1).getString();
      l.source = ids.getColumn(2).getString();
      l.reason = ids.getColumn(3).getString();
      l.firstSeenMs = ids.getColumn(4).getInt64();
      out.identifiers.push_back(std::move(l));
    }

    SQLite::Statement links(db, std::string("SELECT ") + kCrmLinkColumns +
                                    " FROM crm_links WHERE person_id = ? ORDER BY connector");
    links.bind(1, personId);
    while (links.executeStep()) out.crmLinks.push_back(readCrmLink(links));
    return out;
  });
}

}  // namespace crmsync
