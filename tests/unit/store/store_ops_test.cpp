#define BOOST_TEST_MODULE store_ops
#include <boost/test/unit_test.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "store/sqlite_store.h"
#include "support/test_support.h"
#include "unit/store/store_test_helpers.h"

using namespace crmsync;
using namespace crmsync::test;

namespace {

using Names = std::vector<std::string>;

// +1 has a1 (dead) and a2 (queued behind it); +2 has b1 (written).
struct Ops {
  TempDir dir;
  SqliteStore store{dir / "store.db"};
  std::int64_t a1 = 0, a2 = 0, b1 = 0;
  Ops() {
    store.ingest({request({message("a1", "+1")}, kT0),
                  request({message("a2", "+1")}, kT0 + 10),
                  request({message("b1", "+2")}, kT0 + 20)});
    a1 = idOf("a1");
    a2 = idOf("a2");
    b1 = idOf("b1");
    store.markDead(a1, "ambiguous: 2 CRM records", kT0 + 100);
    store.markWritten(b1, "act-b1", kT0 + 100);
  }
  std::int64_t idOf(const std::string &wamid) {
    return store.eventsByProviderId(wamid).at(0).id;
  }
  Names due(std::int64_t now) {
    return providerIds(store.claimDue(0, 1, now, 100));
  }
};

std::string storeError(const std::function<void()> &f) {
  try {
    f();
  } catch (const StoreError &e) {
    return e.what();
  }
  return "(no StoreError)";
}

} // namespace

BOOST_FIXTURE_TEST_CASE(event_and_dead_letter_by_id, Ops) {
  auto e = store.event(a1);
  BOOST_TEST_REQUIRE(e.has_value());
  BOOST_TEST(e->event.providerId == "a1");
  BOOST_TEST(e->state == EventState::kDead);
  BOOST_TEST(!store.event(9999).has_value());
  auto d = store.deadLetter(a1);
  BOOST_TEST_REQUIRE(d.has_value());
  BOOST_TEST(d->reason == "ambiguous: 2 CRM records");
  BOOST_TEST(d->attempts == 1);
  BOOST_TEST(!store.deadLetter(b1).has_value());
}

BOOST_FIXTURE_TEST_CASE(requeue_puts_a_dead_event_back_at_the_head_of_its_route,
                        Ops) {
  BOOST_TEST(due(kT0 + 200) == (Names{"a2"}));
  BOOST_TEST(store.requeue(a1, kT0 + 300));
  // a1 is older than a2, so it goes first again; a2 waits behind it.
  BOOST_TEST(due(kT0 + 300) == (Names{"a1"}));
  auto e = store.event(a1).value();
  BOOST_TEST(e.state == EventState::kReceived);
  BOOST_TEST(e.attempts == 0);
  BOOST_TEST(e.nextAttemptAtMs == kT0 + 300);
  BOOST_TEST(e.lastError.empty());
  BOOST_TEST(!store.deadLetter(a1).has_value());
  BOOST_TEST(store.deadLetters(10).empty());
  BOOST_TEST(store.counts().dead == 0);
  // Already queued: nothing changes.
  BOOST_TEST(!store.requeue(a2, kT0 + 400));
  BOOST_TEST(store.event(a2)->nextAttemptAtMs == kT0 + 10);
}

BOOST_FIXTURE_TEST_CASE(requeue_of_a_written_event_queues_it_again, Ops) {
  BOOST_TEST(store.requeue(b1, kT0 + 300));
  BOOST_TEST(store.event(b1)->state == EventState::kReceived);
  BOOST_TEST(due(kT0 + 300) == (Names{"a2", "b1"}));
  BOOST_TEST(store.counts().written == 0);
}

BOOST_FIXTURE_TEST_CASE(drop_keeps_the_event_and_its_dead_letter_but_unlists_it,
                        Ops) {
  BOOST_TEST(store.drop(a1, "spam, by alice", kT0 + 300));
  auto e = store.event(a1).value();
  BOOST_TEST(e.state == EventState::kDropped);
  BOOST_TEST(e.lastError == "dropped: spam, by alice");
  BOOST_TEST(store.deadLetter(a1).has_value());
  BOOST_TEST(store.deadLetters(10).empty());
  StateCounts c = store.counts();
  BOOST_TEST(c.dropped == 1);
  BOOST_TEST(c.dead == 0);
  BOOST_TEST(!store.drop(a2, "queued", kT0 + 300)); // still queued: refused
  BOOST_TEST(store.event(a2)->state == EventState::kReceived);
  // A dropped event can be brought back.
  BOOST_TEST(store.requeue(a1, kT0 + 400));
  BOOST_TEST(store.counts().dropped == 0);
}

BOOST_FIXTURE_TEST_CASE(unknown_ids_are_store_errors, Ops) {
  BOOST_TEST(storeError([&] { store.requeue(4242, kT0); }) ==
             "requeue: unknown event id 4242");
  BOOST_TEST(storeError([&] { store.drop(4242, "x", kT0); }) ==
             "drop: unknown event id 4242");
}

BOOST_FIXTURE_TEST_CASE(events_since_a_time_optionally_of_one_person, Ops) {
  BOOST_TEST(providerIds(store.eventsSince(kT0 + 10, std::nullopt, 100)) ==
             (Names{"a2", "b1"}));
  BOOST_TEST(providerIds(store.eventsSince(kT0, std::nullopt, 1)) ==
             (Names{"a1"}));
  const std::int64_t person = store.createPerson("B", kT0);
  store.requeue(b1, kT0 + 1);
  store.markResolved(b1, person, "C-2", kT0 + 2);
  BOOST_TEST(providerIds(store.eventsSince(kT0, person, 100)) == (Names{"b1"}));
  BOOST_TEST(store.eventsSince(kT0 + 21, std::nullopt, 100).empty());
}

BOOST_AUTO_TEST_CASE(quarantine_entry_by_id) {
  TempDir dir;
  SqliteStore store(dir / "store.db");
  auto receipts = store.ingest(
      {unparseable("junk-1", "not JSON"), unparseable("junk-2", "no entry")});
  auto entry = store.quarantineEntry(receipts.at(1).inboxId);
  BOOST_TEST_REQUIRE(entry.has_value());
  BOOST_TEST(entry->rawBody == "junk-2");
  BOOST_TEST(entry->reason == "no entry");
  BOOST_TEST(!store.quarantineEntry(receipts.at(1).inboxId + 100).has_value());
  BOOST_TEST(store.counts().quarantined == 2);
}

BOOST_AUTO_TEST_CASE(
    reconcile_counts_by_channel_and_state_and_lists_messages_not_in_the_crm) {
  TempDir dir;
  SqliteStore store(dir / "store.db");
  // m1 written; m2 dead; s3 is a status whose message never arrived; m4 written
  // with a status.
  store.ingest({request({message("m1", "+1"), message("m2", "+2"),
                         status("s3", "read", "+3"), message("m4", "+4"),
                         status("m4", "delivered", "+4")})});
  auto idOf = [&](const std::string &p) {
    return store.eventsByProviderId(p).at(0).id;
  };
  store.markWritten(idOf("m1"), "a1", kT0);
  store.markDead(idOf("m2"), "permanent", kT0);
  store.markWritten(idOf("s3"), "a3", kT0);
  store.markWritten(idOf("m4"), "a4", kT0);
  ReconcileReport r = store.reconcile(100);
  std::map<std::string, std::int64_t> byState;
  for (const auto &t : r.tallies) {
    BOOST_TEST(t.channel == "whatsapp");
    byState[toString(t.state)] = t.count;
  }
  BOOST_TEST(byState["written"] == 3);
  BOOST_TEST(byState["dead"] == 1);
  BOOST_TEST(byState["received"] == 1);
  BOOST_TEST(r.statusOnly == 1);
  BOOST_TEST(r.notWritten == 1);
  BOOST_TEST_REQUIRE(r.unwritten.size() == 2u);
  BOOST_TEST(r.unwritten[0].providerId == "s3");
  BOOST_TEST(r.unwritten[0].problem == "status_only");
  BOOST_TEST(r.unwritten[1].providerId == "m2");
  BOOST_TEST(r.unwritten[1].problem == "not_written");
  BOOST_TEST(r.unwritten[1].state == "dead");
  BOOST_TEST(store.reconcile(0).unwritten.empty());
  BOOST_TEST(store.reconcile(0).notWritten == 1);
}

BOOST_AUTO_TEST_CASE(counts_follow_every_state_change) {
  TempDir dir;
  SqliteStore store(dir / "store.db");
  store.ingest({request({message("m1", "+1"), message("m2", "+2")}),
                unparseable("x", "bad")});
  StateCounts c = store.counts();
  BOOST_TEST(c.received == 2);
  BOOST_TEST(c.inbox == 2);
  BOOST_TEST(c.quarantined == 1);
  const std::int64_t m1 = store.eventsByProviderId("m1").at(0).id;
  store.markResolved(m1, store.createPerson("A", kT0), "C", kT0);
  store.markResolved(m1, 1, "C", kT0); // same state again: counted once
  c = store.counts();
  BOOST_TEST(c.received == 1);
  BOOST_TEST(c.resolved == 1);
  store.markRetry(m1, kT0, "x", kT0);
  store.markDead(m1, "y", kT0);
  c = store.counts();
  BOOST_TEST(c.retrying == 0);
  BOOST_TEST(c.resolved == 0);
  BOOST_TEST(c.dead == 1);
  BOOST_TEST(c.received + c.resolved + c.written + c.retrying + c.dead +
                 c.dropped ==
             2);
}

BOOST_AUTO_TEST_CASE(crm_link_history_keeps_replaced_links) {
  TempDir dir;
  SqliteStore store(dir / "store.db");
  const std::int64_t p = store.createPerson("A", kT0);
  store.setCrmLink(
      p, {"local", "contact", "C-1", "most_recently_updated", "2 match", kT0});
  store.setCrmLink(
      p, {"local", "contact", "C-2", "admin", "linked by alice", kT0 + 1});
  BOOST_TEST(store.crmLink(p, "local")->recordId == "C-2");
  auto history = store.crmLinkHistory(p);
  BOOST_TEST_REQUIRE(history.size() == 2u);
  BOOST_TEST(history[0].recordId == "C-1");
  BOOST_TEST(history[1].rule == "admin");
}

BOOST_AUTO_TEST_CASE(
    a_version_3_store_upgrades_keeping_events_counts_and_links) {
  TempDir dir;
  const auto file = dir / "v3.db";
  SqliteStore::createAtVersion(file, 3);
  {
    SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE);
    raw.exec(R"sql(
      INSERT INTO inbox (id, channel, received_at_ms, raw_body, accepted) VALUES (7, 'whatsapp', 1000, '{}', 2);
      INSERT INTO events (id, inbox_id, dedupe_key, provider_id, kind, route_key, route_hash, event_json, state,
                          queue_head, next_attempt_at_ms, occurred_at, received_at_ms, updated_at_ms)
      VALUES (3, 7, 'whatsapp:msg:w3', 'w3', 'message', 'phone:+1', 5,
              '{"kind":"message","channel":"whatsapp","provider_id":"w3","counterpart":[{"kind":"phone","value":"+1"}]}',
              'dead', 0, 1000, 99, 1000, 1000),
             (4, 7, 'whatsapp:msg:w4', 'w4', 'message', 'phone:+1', 5,
              '{"kind":"message","channel":"whatsapp","provider_id":"w4","counterpart":[{"kind":"phone","value":"+1"}]}',
              'received', 1, 1000, 99, 1000, 1000);
      INSERT INTO dead_letters (event_id, dedupe_key, reason, attempts, dead_at_ms) VALUES (3, 'whatsapp:msg:w3', 'old', 1, 1000);
      INSERT INTO persons (id, display_name, created_at_ms) VALUES (1, 'P', 1);
      INSERT INTO crm_links VALUES (1, 'local', 'contact', 'C-9', 'single_match', 'only one', 5);
    )sql");
  }
  SqliteStore store(file);
  BOOST_TEST(store.schemaVersion() == 4);
  StateCounts c = store.counts();
  BOOST_TEST(c.dead == 1);
  BOOST_TEST(c.received == 1);
  BOOST_TEST(c.inbox == 1);
  BOOST_TEST(store.deadLetters(10).at(0).eventId == 3);
  BOOST_TEST(store.crmLinkHistory(1).at(0).recordId == "C-9");
  BOOST_TEST(providerIds(store.claimDue(0, 1, 2000, 10)) == (Names{"w4"}));
  // The rebuilt table accepts the new state and keeps queue order.
  BOOST_TEST(store.drop(3, "old junk", 3000));
  BOOST_TEST(store.requeue(3, 3000));
  BOOST_TEST(providerIds(store.claimDue(0, 1, 3000, 10)) == (Names{"w3"}));
  SQLite::Database raw(file.string(), SQLite::OPEN_READONLY);
  BOOST_TEST(raw.execAndGet("PRAGMA foreign_keys").getInt() ==
             0); // a fresh connection: default
  BOOST_TEST(raw.execAndGet("SELECT COUNT(*) FROM pragma_foreign_key_check")
                 .getInt() == 0);
}
