#pragma once
// Internal to crmsync_store: SqliteStore's two connections and the one-transaction-per-call wrappers
// that every public method goes through.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "crmsync/store.h"
#include "store/sqlite_store.h"

namespace crmsync {

namespace store_detail {

// Runs f, turning every failure that is the database's fault into StoreError("<op>: <message>").
template <class F>
auto guarded(const char* op, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const StoreError&) {
    throw;
  } catch (const SQLite::Exception& e) {
    throw StoreError(std::string(op) + ": " + e.what());
  } catch (const nlohmann::json::exception& e) {
    throw StoreError(std::string(op) + ": corrupt stored row: " + e.what());
  } catch (const std::invalid_argument& e) {  // an unknown state or identifier kind read back from the file
    throw StoreError(std::string(op) + ": corrupt stored row: " + e.what());
  }
}

// Runs f(db) inside one transaction and commits it; any exception rolls it back.
template <class F>
auto inTransaction(SQLite::Database& db, SQLite::TransactionBehavior behavior, F&& f) -> decltype(f(db)) {
  // A failed ROLLBACK (I/O error) could leave a transaction open; never start ours inside it.
  if (sqlite3_get_autocommit(db.getHandle()) == 0) db.tryExec("ROLLBACK");
  SQLite::Transaction tx(db, behavior);
  if constexpr (std::is_void_v<decltype(f(db))>) {
    f(db);
    tx.commit();
  } else {
    auto result = f(db);
    tx.commit();
    return result;
  }
}

}  // namespace store_detail

struct SqliteStore::Impl {
  explicit Impl(const std::filesystem::path& file);

  // One IMMEDIATE transaction on the write connection, under the write mutex.
  template <class F>
  auto write(const char* op, F&& f) {
    return store_detail::guarded(op, [&] {
      std::lock_guard<std::mutex> lock(writeMutex);
      return store_detail::inTransaction(writeDb, SQLite::TransactionBehavior::IMMEDIATE, f);
    });
  }

  // One read transaction (a consistent WAL snapshot) on the read connection, under the read mutex.
  template <class F>
  auto read(const char* op, F&& f) {
    return store_detail::guarded(op, [&] {
      std::lock_guard<std::mutex> lock(readMutex);
      return store_detail::inTransaction(readDb, SQLite::TransactionBehavior::DEFERRED, f);
    });
  }

  // Declaration order matters: the write connection is opened (and the schema migrated) first and
  // closed last, so the read connection never sees a half-initialised file.
  std::mutex writeMutex;
  SQLite::Database writeDb;
  std::mutex readMutex;
  SQLite::Database readDb;
};

}  // namespace crmsync
