#pragma once
// The store's schema: an ordered list of migrations, the version kept in PRAGMA user_version.
// Internal to crmsync_store (it exposes SQLiteCpp types).
//
// Migration N takes a store from version N-1 to N inside its own IMMEDIATE transaction, so a crash
// mid-upgrade leaves a store at a consistent older version that the next start continues from.
// Migrations only ever append: a released migration is never edited.

#include <SQLiteCpp/Database.h>

namespace crmsync::schema {

// The version this build writes: the number of migrations.
int latestVersion();

// PRAGMA user_version of the connection's database.
int userVersion(SQLite::Database& db);

// Applies migrations userVersion+1 .. targetVersion, each in its own transaction. Throws StoreError if
// the store is newer than latestVersion(), std::invalid_argument if targetVersion is outside
// 0..latestVersion(); SQLite failures propagate as SQLite::Exception.
void migrate(SQLite::Database& db, int targetVersion);

}  // namespace crmsync::schema
