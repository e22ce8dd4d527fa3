// SqliteStore: mapping document versions and the audit log.
#include <SQLiteCpp/Statement.h>

#include "store/sqlite_connections.h"
#include "store/sqlite_store.h"

namespace crmsync {

namespace {

constexpr const char* kVersionColumns = "connector, version, author, origin, created_at_ms, text, diff";

MappingVersion readVersion(SQLite::Statement& q) {
  MappingVersion v;
  v.connector = q.getColumn(0).getString();
  v.version = q.getColumn(1).getInt();
  v.author = q.getColumn(2).getString();
  v.origin = q.getColumn(3).getString();
  v.createdAtMs = q.getColumn(4).getInt64();
  v.text = q.getColumn(5).getString();
  v.diff = q.getColumn(6).getString();
  return v;
}

std::vector<MappingVersion> readVersions(SQLite::Statement& q) {
  std::vector<MappingVersion> out;
  while (q.executeStep()) out.push_back(readVersion(q));
  return out;
}

}  // namespace

int SqliteStore::addMappingVersion(const MappingVersion& v) {
  return impl_->write("addMappingVersion", [&](SQLite::Database& db) {
    SQLite::Statement next(db, "SELECT COALESCE(MAX(version), 0) + 1 FROM mapping_versions WHERE connector = ?");
    next.bind(1, v.connector);
    next.executeStep();
    int version = next.getColumn(0).getInt();
    SQLite::Statement insert(db, "INSERT INTO mapping_versions (connector, version, author, origin, created_at_ms, text, diff) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, v.connector);
    insert.bind(2, version);
    insert.bind(3, v.author);
    insert.bind(4, v.origin);
    insert.bind(5, static_cast<std::int64_t>(v.createdAtMs));
    insert.bind(6, v.text);
    insert.bind(7, v.diff);
    insert.exec();
    return version;
  });
}

std::optional<MappingVersion> SqliteStore::mappingVersion(const std::string& connector, int version) {
  return impl_->read("mappingVersion", [&](SQLite::Database& db) -> std::optional<MappingVersion> {
    SQLite::Statement q(db, std::string("SELECT ") + kVersionColumns +
                                " FROM mapping_versions WHERE connector = ? AND version = ?");
    q.bind(1, connector);
    q.bind(2, version);
    if (!q.executeStep()) return std::nullopt;
    return readVersion(q);
  });
}

std::optional<MappingVersion> SqliteStore::latestMapping(const std::string& connector) {
  auto versions = mappingVersions(connector, 1);
  if (versions.empty()) return std::nullopt;
  return versions.front();
}

std::vector<MappingVersion> SqliteStore::mappingVersions(const std::string& connector, int limit) {
  if (limit <= 0) return {};
  return impl_->read("mappingVersions", [&](SQLite::Database& db) {
    SQLite::Statement q(db, std::string("SELECT ") + kVersionColumns +
                                " FROM mapping_versions WHERE connector = ? ORDER BY version DESC LIMIT ?");
    q.bind(1, connector);
    q.bind(2, limit);
    return readVersions(q);
  });
}

bool SqliteStore::hasMappingOrigin(const std::string& connector, const std::string& origin) {
  return impl_->read("hasMappingOrigin", [&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT 1 FROM mapping_versions WHERE connector = ? AND origin = ? LIMIT 1");
    q.bind(1, connector);
    q.bind(2, origin);
    return q.executeStep();
  });
}

void SqliteStore::audit(const AuditEntry& entry) {
  impl_->write("audit", [&](SQLite::Database& db) {
    SQLite::Statement q(db, "INSERT INTO audit_log (at_ms, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)");
    q.bind(1, static_cast<std::int64_t>(entry.atMs));
    q.bind(2, entry.actor);
    q.bind(3, entry.action);
    q.bind(4, entry.subject);
    q.bind(5, entry.detail);
    q.exec();
  });
}

std::vector<AuditEntry> SqliteStore::auditLog(int limit) {
  if (limit <= 0) return {};
  return impl_->read("auditLog", [&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT at_ms, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT ?");
    q.bind(1, limit);
    std::vector<AuditEntry> out;
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                     q.getColumn(3).getString(), q.getColumn(4).getString()});
    }
    return out;
  });
}

}  // namespace crmsync
