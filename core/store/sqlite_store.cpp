// SqliteStore: opening, configuration, schema, counts and test hooks. The other methods live in
// ingest.cpp, queue.cpp, ledger.cpp and reads.cpp.
#include "store/sqlite_store.h"

#include <SQLiteCpp/Statement.h>

#include <stdexcept>
#include <string>

#include "store/schema.h"
#include "store/sqlite_connections.h"

namespace crmsync {

namespace {

constexpr int kBusyTimeoutMs = 5000;

// Per-connection settings. journal_mode=WAL is persistent in the file; SQLite answers with the mode it
// actually uses, which is not "wal" for a file it cannot share memory for (e.g. some network mounts).
void configureWriter(SQLite::Database& db) {
  const std::string mode = db.execAndGet("PRAGMA journal_mode = WAL").getString();
  if (mode != "wal") throw StoreError("open " + db.getFilename() + ": cannot use WAL journal (got " + mode + ")");
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA foreign_keys = ON");
}

SQLite::Database openWriter(const std::filesystem::path& file) {
  SQLite::Database db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, kBusyTimeoutMs);
  configureWriter(db);
  schema::migrate(db, schema::latestVersion());
  return db;
}

SQLite::Database openReader(const std::filesystem::path& file) {
  // Read-only: a bug in a read path cannot write.
  return SQLite::Database(file.string(), SQLite::OPEN_READONLY, kBusyTimeoutMs);
}

template <class F>
auto opening(const std::filesystem::path& file, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    throw StoreError("open " + file.string() + ": " + e.what());
  }
}

void setCount(StateCounts& out, EventState state, std::int64_t n) {
  switch (state) {
    case EventState::kReceived: out.received = n; break;
    case EventState::kResolved: out.resolved = n; break;
    case EventState::kWritten: out.written = n; break;
    case EventState::kRetrying: out.retrying = n; break;
    case EventState::kDead: out.dead = n; break;
    case EventState::kDropped: out.dropped = n; break;
  }
}

}  // namespace

SqliteStore::Impl::Impl(const std::filesystem::path& file)
    : writeDb(opening(file, [&] { return openWriter(file); })),
      readDb(opening(file, [&] { return openReader(file); })) {}

SqliteStore::SqliteStore(const std::filesystem::path& file) : impl_(std::make_unique<Impl>(file)) {}

SqliteStore::~SqliteStore() = default;

StateCounts SqliteStore::counts() {
  return impl_->read("counts", [](SQLite::Database& db) {
    // row_counts is kept by triggers (schema migration 4): a few rows, whatever the store's size.
    StateCounts out;
    SQLite::Statement q(db, "SELECT name, n FROM row_counts");
    while (q.executeStep()) {
      const std::string name = q.getColumn(0).getString();
      const std::int64_t n = q.getColumn(1).getInt64();
      if (name == "inbox") out.inbox = n;
      else if (name == "quarantine") out.quarantined = n;
      else setCount(out, eventStateFromString(name), n);
    }
    return out;
  });
}

int SqliteStore::schemaVersion() {
  return impl_->read("schemaVersion", [](SQLite::Database& db) { return schema::userVersion(db); });
}

int SqliteStore::latestSchemaVersion() { return schema::latestVersion(); }

void SqliteStore::createAtVersion(const std::filesystem::path& file, int version) {
  if (version < 0 || version > schema::latestVersion()) {
    throw std::invalid_argument("createAtVersion: no schema version " + std::to_string(version));
  }
  opening(file, [&] {
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, kBusyTimeoutMs);
    configureWriter(db);
    schema::migrate(db, version);
  });
}

void SqliteStore::setMaxPageCountForTest(int pages) {
  store_detail::guarded("setMaxPageCountForTest", [&] {
    std::lock_guard<std::mutex> lock(impl_->writeMutex);
    impl_->writeDb.execAndGet("PRAGMA max_page_count = " + std::to_string(pages));
  });
}

}  // namespace crmsync
