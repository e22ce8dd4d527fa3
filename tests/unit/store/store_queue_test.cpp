#define BOOST_TEST_MODULE store_queue
#include <boost/test/unit_test.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <map>
#include <random>
#include <set>
#include <stdexcept>

#include "store/sqlite_store.h"
#include "support/test_support.h"
#include "unit/store/store_test_helpers.h"

using namespace crmsync;
using namespace crmsync::test;

namespace {

// Three events for +1 (a1, a2, a3) and one for +2 (b1), arriving in that order.
struct TwoRoutes {
  TempDir dir;
  SqliteStore store{dir / "store.db"};
  std::int64_t a1 = 0, a2 = 0, a3 = 0, b1 = 0;
  TwoRoutes() {
    store.ingest({request({message("a1", "+1"), message("a2", "+1")}), request({message("a3", "+1")}),
                  request({message("b1", "+2")})});
    a1 = store.eventsByProviderId("a1").at(0).id;
    a2 = store.eventsByProviderId("a2").at(0).id;
    a3 = store.eventsByProviderId("a3").at(0).id;
    b1 = store.eventsByProviderId("b1").at(0).id;
  }
  std::vector<std::string> due(std::int64_t now = kT0) { return providerIds(store.claimDue(0, 1, now, 100)); }
};

using Names = std::vector<std::string>;

}  // namespace

BOOST_FIXTURE_TEST_CASE(only_the_head_of_each_route_is_due, TwoRoutes) {
  BOOST_TEST(due() == (Names{"a1", "b1"}));
  store.markResolved(a1, store.createPerson("A", kT0), "C-1", kT0);
  BOOST_TEST(due() == (Names{"a1", "b1"}));  // resolved is not finished: a2 still waits
  store.markWritten(a1, "act-1", kT0);
  BOOST_TEST(due() == (Names{"a2", "b1"}));
  store.markDead(a2, "permanent", kT0);
  BOOST_TEST(due() == (Names{"a3", "b1"}));
  store.markWritten(b1, "act-2", kT0);
  store.markWritten(a3, "act-3", kT0);
  BOOST_TEST(due().empty());
  // claimDue only reads: asking twice gives the same answer.
  store.ingest({request({message("a4", "+1")})});
  BOOST_TEST(due() == (Names{"a4"}));
  BOOST_TEST(due() == (Names{"a4"}));
}

BOOST_FIXTURE_TEST_CASE(a_retrying_head_blocks_its_route_until_due_but_not_others, TwoRoutes) {
  store.markRetry(a1, kT0 + 60'000, "CRM timeout", kT0 + 1);
  BOOST_TEST(due(kT0) == (Names{"b1"}));
  BOOST_TEST(due(kT0 + 59'999) == (Names{"b1"}));
  auto later = store.claimDue(0, 1, kT0 + 60'000, 100);
  BOOST_TEST(providerIds(later) == (Names{"a1", "b1"}));
  BOOST_TEST(later[0].state == EventState::kRetrying);
  BOOST_TEST(later[0].attempts == 1);
  BOOST_TEST(later[0].nextAttemptAtMs == kT0 + 60'000);
  BOOST_TEST(later[0].lastError == "CRM timeout");
  BOOST_TEST(later[0].updatedAtMs == kT0 + 1);
  store.markRetry(a1, kT0 + 120'000, "CRM 503", kT0 + 60'001);
  auto again = store.eventsByProviderId("a1").at(0);
  BOOST_TEST(again.attempts == 2);
  BOOST_TEST(again.lastError == "CRM 503");
  store.markWritten(a1, "act", kT0 + 130'000);
  BOOST_TEST(due(kT0 + 130'000) == (Names{"a2", "b1"}));
}

BOOST_FIXTURE_TEST_CASE(events_are_not_due_before_they_were_received, TwoRoutes) {
  BOOST_TEST(due(kT0 - 1).empty());
  BOOST_TEST(due(kT0).size() == 2u);
}

BOOST_AUTO_TEST_CASE(shards_partition_the_due_heads_and_keep_a_route_together) {
  TempDir dir;
  SqliteStore store(dir / "store.db");
  std::vector<InboxRequest> batch;
  for (int round = 0; round < 2; ++round) {
    for (int r = 0; r < 300; ++r) {
      batch.push_back(request({message("m" + std::to_string(round) + "-" + std::to_string(r),
                                       "+7900" + std::to_string(1000 + r))}));
    }
  }
  store.ingest(batch);
  constexpr int kShards = 4;
  std::map<std::string, int> shardOfRoute;
  std::set<std::int64_t> seen;
  for (int shard = 0; shard < kShards; ++shard) {
    auto events = store.claimDue(shard, kShards, kT0, 1000);
    BOOST_TEST(!events.empty());
    for (const auto& e : events) {
      BOOST_TEST(seen.insert(e.id).second);  // in exactly one shard
      BOOST_TEST(e.event.providerId.rfind("m0-", 0) == 0u);  // heads only
      shardOfRoute[e.routeKey] = shard;
      store.markWritten(e.id, "act", kT0);
    }
  }
  BOOST_TEST(seen.size() == 300u);
  BOOST_TEST(shardOfRoute.size() == 300u);
  // The second event of every route lands in the shard its route already had.
  for (int shard = 0; shard < kShards; ++shard) {
    for (const auto& e : store.claimDue(shard, kShards, kT0, 1000)) {
      BOOST_TEST(e.event.providerId.rfind("m1-", 0) == 0u);
      BOOST_TEST(shardOfRoute.at(e.routeKey) == shard);
      seen.insert(e.id);
    }
  }
  BOOST_TEST(seen.size() == 600u);
  BOOST_TEST(store.claimDue(0, 1, kT0, 1000).size() == 300u);
}

BOOST_AUTO_TEST_CASE(limit_returns_the_oldest_due_heads_in_id_order) {
  TempDir dir;
  SqliteStore store(dir / "store.db");
  std::vector<InboxRequest> batch;
  for (int r = 0; r < 50; ++r) batch.push_back(request({message("w" + std::to_string(r), "+80" + std::to_string(r))}));
  store.ingest(batch);
  auto all = store.claimDue(0, 1, kT0, 1000);
  auto five = store.claimDue(0, 1, kT0, 5);
  BOOST_TEST_REQUIRE(all.size() == 50u);
  const std::vector<std::int64_t> allIds = ids(all);
  BOOST_TEST(ids(five) == std::vector<std::int64_t>(allIds.begin(), allIds.begin() + 5));
  for (std::size_t i = 1; i < all.size(); ++i) BOOST_TEST(all[i - 1].id < all[i].id);
  BOOST_TEST(store.claimDue(0, 1, kT0, 0).empty());
}

BOOST_FIXTURE_TEST_CASE(dead_letters_record_reason_attempts_newest_first, TwoRoutes) {
  store.markRetry(a1, kT0 + 10, "timeout", kT0 + 1);
  store.markRetry(a1, kT0 + 20, "timeout", kT0 + 11);
  store.markDead(a1, "budget exhausted: timeout", kT0 + 21);
  store.markDead(b1, "400 invalid phone", kT0 + 22);
  auto dead = store.deadLetters(10);
  BOOST_TEST_REQUIRE(dead.size() == 2u);
  BOOST_TEST(dead[0].eventId == b1);
  BOOST_TEST(dead[0].attempts == 1);
  BOOST_TEST(dead[1].eventId == a1);
  BOOST_TEST(dead[1].attempts == 3);
  BOOST_TEST(dead[1].reason == "budget exhausted: timeout");
  BOOST_TEST(dead[1].dedupeKey == "whatsapp:msg:a1");
  BOOST_TEST(dead[1].deadAtMs == kT0 + 21);
  BOOST_TEST(store.deadLetters(1).size() == 1u);
  auto a = store.eventsByProviderId("a1").at(0);  // still queryable
  BOOST_TEST(a.state == EventState::kDead);
  BOOST_TEST(a.attempts == 3);
  BOOST_TEST(a.lastError == "budget exhausted: timeout");
  BOOST_TEST(due(kT0 + 100) == (Names{"a2"}));
}

BOOST_FIXTURE_TEST_CASE(unknown_event_ids_and_bad_shards_are_errors, TwoRoutes) {
  const std::int64_t missing = 999'999;
  auto mentionsId = [](const StoreError& e) { return std::string(e.what()).find("999999") != std::string::npos; };
  BOOST_CHECK_EXCEPTION(store.markResolved(missing, 1, "r", kT0), StoreError, mentionsId);
  BOOST_CHECK_EXCEPTION(store.markWritten(missing, "a", kT0), StoreError, mentionsId);
  BOOST_CHECK_EXCEPTION(store.markRetry(missing, kT0, "x", kT0), StoreError, mentionsId);
  BOOST_CHECK_EXCEPTION(store.markDead(missing, "x", kT0), StoreError, mentionsId);
  BOOST_TEST(store.deadLetters(10).empty());
  BOOST_CHECK_THROW(store.claimDue(2, 2, kT0, 10), std::invalid_argument);
  BOOST_CHECK_THROW(store.claimDue(0, 0, kT0, 10), std::invalid_argument);
  BOOST_CHECK_THROW(store.claimDue(-1, 2, kT0, 10), std::invalid_argument);
}

// claimDue against the contract written as plain SQL (NOT EXISTS an earlier unfinished event of the
// route), after every step of a long random sequence of state changes, including revivals.
BOOST_AUTO_TEST_CASE(claim_due_matches_the_definition_under_random_state_changes) {
  TempDir dir;
  const auto file = dir / "store.db";
  SqliteStore store(file);
  SQLite::Database raw(file.string(), SQLite::OPEN_READONLY);
  std::mt19937 rng(20240611);
  std::int64_t now = kT0;
  int nextMessage = 0;
  for (int step = 0; step < 400; ++step) {
    const int op = static_cast<int>(rng() % 10);
    if (op < 3) {
      std::vector<Event> events;
      for (int k = static_cast<int>(rng() % 3); k >= 0; --k) {
        events.push_back(message("r" + std::to_string(nextMessage++), "+9" + std::to_string(rng() % 12)));
      }
      store.ingest({request(events, now)});
    } else if (nextMessage > 0) {
      const std::int64_t id = 1 + static_cast<std::int64_t>(rng() % static_cast<unsigned>(nextMessage));
      if (op == 3) store.markResolved(id, 1, "C", now);
      if (op == 4 || op == 5) store.markWritten(id, "A", now);
      if (op == 6 || op == 7) store.markRetry(id, now + static_cast<std::int64_t>(rng() % 5000), "t", now);
      if (op == 8) store.markDead(id, "d", now);
    }
    now += static_cast<std::int64_t>(rng() % 1000);

    SQLite::Statement expected(raw,
                               "SELECT e.id FROM events e WHERE e.state IN ('received','resolved','retrying') "
                               "AND e.next_attempt_at_ms <= ? AND NOT EXISTS (SELECT 1 FROM events p "
                               "WHERE p.route_key = e.route_key AND p.id < e.id "
                               "AND p.state IN ('received','resolved','retrying')) ORDER BY e.id");
    expected.bind(1, now);
    std::vector<std::int64_t> want;
    while (expected.executeStep()) want.push_back(expected.getColumn(0).getInt64());
    BOOST_TEST_REQUIRE(ids(store.claimDue(0, 1, now, 100'000)) == want, "step " << step);
  }
}
