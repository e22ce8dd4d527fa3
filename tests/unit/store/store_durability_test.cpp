#define BOOST_TEST_MODULE store_durability
#include <boost/test/unit_test.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

#include "store/sqlite_store.h"
#include "support/test_support.h"
#include "unit/store/store_test_helpers.h"

using namespace crmsync;
using namespace crmsync::test;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string storeError(const std::function<void()>& f) {
  try {
    f();
  } catch (const StoreError& e) {
    return e.what();
  }
  return "(no StoreError)";
}

}  // namespace

BOOST_AUTO_TEST_CASE(new_store_is_wal_at_the_latest_version) {
  TempDir dir;
  SqliteStore store(dir / "store.db");
  BOOST_TEST(SqliteStore::latestSchemaVersion() == 4);
  BOOST_TEST(store.schemaVersion() == SqliteStore::latestSchemaVersion());
  SQLite::Database raw((dir / "store.db").string(), SQLite::OPEN_READONLY);
  BOOST_TEST(raw.execAndGet("PRAGMA journal_mode").getString() == "wal");
  BOOST_TEST(raw.execAndGet("PRAGMA user_version").getInt() == SqliteStore::latestSchemaVersion());
}

BOOST_AUTO_TEST_CASE(a_v1_store_is_migrated_in_place_keeping_its_rows) {
  TempDir dir;
  const auto file = dir / "old.db";
  SqliteStore::createAtVersion(file, 1);
  {
    SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE);
    BOOST_TEST(raw.execAndGet("PRAGMA user_version").getInt() == 1);
    BOOST_TEST(!raw.tableExists("persons"));
    raw.exec(R"sql(
      INSERT INTO inbox (id, channel, received_at_ms, raw_body, accepted) VALUES (7, 'whatsapp', 1000, '{"a":1}', 1);
      INSERT INTO inbox (id, channel, received_at_ms, raw_body, quarantined) VALUES (8, 'whatsapp', 1001, 'junk', 1);
      INSERT INTO quarantine (inbox_id, channel, reason, received_at_ms) VALUES (8, 'whatsapp', 'not JSON', 1001);
      INSERT INTO events (id, inbox_id, dedupe_key, provider_id, kind, route_key, route_hash, event_json, state,
                          queue_head, next_attempt_at_ms, occurred_at, received_at_ms, updated_at_ms)
      VALUES (3, 7, 'whatsapp:msg:wamid.OLD', 'wamid.OLD', 'message', 'phone:+1', 5, 
              '{"kind":"message","channel":"whatsapp","provider_id":"wamid.OLD","text":"from v1",
                "counterpart":[{"kind":"phone","value":"+1"}],"timestamp":99}',
              'received', 1, 1000, 99, 1000, 1000);
    )sql");
  }
  SqliteStore store(file);
  BOOST_TEST(store.schemaVersion() == SqliteStore::latestSchemaVersion());
  auto events = store.eventsByProviderId("wamid.OLD");
  BOOST_TEST_REQUIRE(events.size() == 1u);
  BOOST_TEST(events[0].id == 3);
  BOOST_TEST(events[0].inboxId == 7);
  BOOST_TEST(events[0].event.text == "from v1");
  BOOST_TEST(events[0].event.timestamp == 99);
  BOOST_TEST(store.quarantine(10).at(0).rawBody == "junk");
  BOOST_TEST(store.counts().inbox == 2);
  BOOST_TEST(ids(store.claimDue(0, 1, 1000, 10)) == std::vector<std::int64_t>{3});
  // The v2 tables work, and new rows continue after the old ones.
  const std::int64_t p = store.createPerson("Migrated", 2000);
  BOOST_TEST(store.link(p, {phone("+1"), "import", "v1 sender", 2000}));
  store.markDead(3, "gone", 2001);
  BOOST_TEST(store.deadLetters(1).at(0).dedupeKey == "whatsapp:msg:wamid.OLD");
  BOOST_TEST(store.ingest({request({message("wamid.NEW", "+1")})})[0].inboxId == 9);
}

BOOST_AUTO_TEST_CASE(a_store_from_a_newer_crmsync_is_refused) {
  TempDir dir;
  const auto file = dir / "future.db";
  SqliteStore::createAtVersion(file, SqliteStore::latestSchemaVersion());
  {
    SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE);
    raw.exec("PRAGMA user_version = 99");
  }
  BOOST_TEST(storeError([&] { SqliteStore store(file); }) ==
             "store schema version 99 is newer than this crmsync supports (" +
                 std::to_string(SqliteStore::latestSchemaVersion()) + ")");
  SQLite::Database raw(file.string(), SQLite::OPEN_READONLY);
  BOOST_TEST(raw.execAndGet("PRAGMA user_version").getInt() == 99);  // left untouched
}

BOOST_AUTO_TEST_CASE(a_file_that_is_not_a_database_is_a_store_error) {
  TempDir dir;
  const auto file = dir / "notes.txt";
  std::string text;
  for (int i = 0; i < 100; ++i) text += "this is a text file, not an SQLite database\n";
  writeFile(file, text);
  const std::string error = storeError([&] { SqliteStore store(file); });
  BOOST_TEST(contains(error, "not a database"), error);
  BOOST_TEST(contains(error, file.string()), error);
  BOOST_TEST(readFile(file) == text);  // and it was not modified
}

BOOST_AUTO_TEST_CASE(a_missing_directory_is_a_store_error) {
  TempDir dir;
  const std::string error = storeError([&] { SqliteStore store(dir / "no" / "such" / "store.db"); });
  BOOST_TEST(contains(error, "open "), error);
  BOOST_TEST(contains(error, "unable to open database file"), error);
}

BOOST_AUTO_TEST_CASE(a_full_disk_fails_the_whole_batch_and_recovers) {
  TempDir dir;
  SqliteStore store(dir / "store.db");
  store.ingest({request({message("wamid.before", "+1")})});
  store.setMaxPageCountForTest(1);  // SQLite keeps it at the current size: no more growth

  const std::string big(256 * 1024, 'x');
  const std::string error = storeError([&] {
    store.ingest({request({message("wamid.small", "+2")}), request({message("wamid.big", "+3")}, kT0, big)});
  });
  BOOST_TEST(error == "ingest: database or disk is full");
  StateCounts c = store.counts();
  BOOST_TEST(c.inbox == 1);  // not even the small first request of the batch
  BOOST_TEST(c.received == 1);
  BOOST_TEST(store.eventsByProviderId("wamid.small").empty());
  BOOST_TEST(contains(storeError([&] { store.ingest({request({}, kT0, big)}); }), "full"));

  store.setMaxPageCountForTest(1'000'000'000);
  auto receipts =
      store.ingest({request({message("wamid.small", "+2")}), request({message("wamid.big", "+3")}, kT0, big)});
  BOOST_TEST(receipts[0].accepted == 1);
  BOOST_TEST(receipts[1].accepted == 1);
  c = store.counts();
  BOOST_TEST(c.inbox == 3);
  BOOST_TEST(c.received == 3);
}

BOOST_AUTO_TEST_CASE(four_threads_ingest_concurrently_while_others_read) {
  TempDir dir;
  SqliteStore store(dir / "store.db");
  constexpr int kWriters = 4;
  constexpr int kRequestsEach = 250;
  std::atomic<int> writersLeft{kWriters};
  std::atomic<int> reads{0};
  std::mutex errorsMutex;
  std::vector<std::string> errors;
  auto record = [&](const std::exception& e) {
    std::lock_guard<std::mutex> lock(errorsMutex);
    errors.emplace_back(e.what());
  };

  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      try {
        for (int i = 0; i < kRequestsEach; ++i) {
          const std::string id = "wamid.t" + std::to_string(w) + "." + std::to_string(i);
          auto receipts = store.ingest({request({message(id, "+10" + std::to_string(w * 1000 + i % 50))})});
          if (receipts.size() != 1 || receipts[0].accepted != 1) throw std::runtime_error("not accepted: " + id);
        }
      } catch (const std::exception& e) {
        record(e);
      }
      --writersLeft;
    });
  }
  // A reader and a pipeline-like worker run at the same time on the read connection and the write lock.
  threads.emplace_back([&] {
    try {
      do {
        store.counts();
        store.quarantine(5);
        ++reads;
      } while (writersLeft.load() > 0);
    } catch (const std::exception& e) {
      record(e);
    }
  });
  threads.emplace_back([&] {
    try {
      do {
        for (const auto& e : store.claimDue(0, 1, kT0, 20)) store.markWritten(e.id, "act", kT0);
      } while (writersLeft.load() > 0);
    } catch (const std::exception& e) {
      record(e);
    }
  });
  for (auto& t : threads) t.join();

  BOOST_TEST(errors.empty(), (errors.empty() ? std::string() : errors.front()));
  StateCounts c = store.counts();
  BOOST_TEST(c.inbox == kWriters * kRequestsEach);
  BOOST_TEST(c.received + c.written == kWriters * kRequestsEach);
  BOOST_TEST(reads.load() > 0);
}

BOOST_AUTO_TEST_CASE(two_store_objects_on_one_file_share_it) {
  TempDir dir;
  SqliteStore a(dir / "store.db");
  SqliteStore b(dir / "store.db");
  a.ingest({request({message("wamid.a", "+1")})});
  b.ingest({request({message("wamid.a", "+1"), message("wamid.b", "+1")})});
  BOOST_TEST(a.eventsByProviderId("wamid.b").size() == 1u);
  BOOST_TEST(b.counts().received == 2);
  BOOST_TEST(providerIds(a.claimDue(0, 1, kT0, 10)) == std::vector<std::string>{"wamid.a"});
}
