#pragma once
// Opening and migrating the local CRM's SQLite file. Internal to the local connector.

#include <filesystem>
#include <memory>

namespace SQLite {
class Database;
}

namespace crmsync::connectors::local {

// The schema version this build writes (PRAGMA user_version).
constexpr int kSchemaVersion = 2;

// Opens or creates the file with WAL, foreign keys on and a 5 s busy timeout, and brings its schema to
// kSchemaVersion. Throws std::runtime_error (naming the file) when it cannot be opened or when its schema
// is newer than this build.
std::unique_ptr<SQLite::Database> openLocalDatabase(const std::filesystem::path& path);

}  // namespace crmsync::connectors::local
