#define BOOST_TEST_MODULE sync_loop
#include <boost/test/unit_test.hpp>

#include "pipeline/resolver.h"
#include "pipeline/sync_loop.h"
#include "store/sqlite_store.h"
#include "support/scripted_connector.h"
#include "support/test_support.h"

using namespace crmsync;
using crmsync::test::ScriptedConnector;
using crmsync::test::TempDir;

namespace {

Event textFrom(const std::string& phone, const std::string& id, std::int64_t ts = 1700000000) {
  Event e;
  e.channel = "whatsapp";
  e.providerId = id;
  e.type = "text";
  e.text = "hi";
  e.timestamp = ts;
  e.profileName = "Client";
  e.counterpart = {{IdentifierKind::kPhone, phone}};
  return e;
}

struct Loop {
  TempDir dir;
  SqliteStore store{dir / "store.db"};
  ScriptedConnector crm;
  ManualClock clock;
  Metrics metrics;
  Resolver resolver{store, crm, {"RU", true}, clock};
  SyncLoop loop{store, crm, resolver, RetryPolicy(1000, 60000, 3), metrics, clock, 1};

  void ingest(std::vector<Event> events) {
    InboxRequest r;
    r.channel = "whatsapp";
    r.rawBody = "{}";
    r.receivedAtMs = clock.nowMs();
    r.events = std::move(events);
    store.ingest({r});
  }
  StoredEvent stored(const std::string& id) { return store.eventsByProviderId(id).at(0); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(sync_loop_suite, Loop)

BOOST_AUTO_TEST_CASE(events_are_resolved_and_written_with_their_idempotency_key) {
  ingest({textFrom("+79161234567", "w1"), textFrom("+79161234567", "w2", 1700000001)});
  BOOST_TEST(loop.runOnce(0) == 1);  // only the head of the person's queue
  BOOST_TEST(loop.runOnce(0) == 1);
  BOOST_TEST(loop.runOnce(0) == 0);
  BOOST_TEST(toString(stored("w1").state) == "written");
  BOOST_TEST(toString(stored("w2").state) == "written");
  auto written = crm.written();
  BOOST_REQUIRE_EQUAL(written.size(), 2u);
  BOOST_TEST(written[0].idempotencyKey == "whatsapp:msg:w1");
  BOOST_TEST(written[1].record.id == written[0].record.id);
  BOOST_TEST(crm.creates() == 1);
  BOOST_TEST(metrics.value("crmsync_events_delivered_total") == 2);
}

BOOST_AUTO_TEST_CASE(retryable_failures_back_off_honour_retry_after_and_block_only_their_person) {
  ingest({textFrom("+79161234567", "a1"), textFrom("+79161234567", "a2"), textFrom("+4915112345678", "b1")});
  crm.failNextWrites({Outcome::retryable("HTTP 429: slow down", std::chrono::milliseconds(30000))});
  loop.runOnce(0);  // a1 and b1 in one batch; the whole call is throttled
  StoredEvent a1 = stored("a1");
  BOOST_TEST(toString(a1.state) == "retrying");
  BOOST_TEST(a1.attempts == 1);
  BOOST_TEST(a1.nextAttemptAtMs >= clock.nowMs() + 30000);
  BOOST_TEST(a1.lastError == "HTTP 429: slow down");

  clock.advanceMs(29000);
  BOOST_TEST(loop.runOnce(0) == 0);  // nothing due: a2 waits behind a1, b1 waits for its time
  clock.advanceMs(1001);
  loop.runOnce(0);
  BOOST_TEST(toString(stored("a1").state) == "written");
  BOOST_TEST(toString(stored("b1").state) == "written");
  loop.runOnce(0);
  BOOST_TEST(toString(stored("a2").state) == "written");
  BOOST_TEST(metrics.value("crmsync_events_retried_total") == 2);
}

BOOST_AUTO_TEST_CASE(permanent_failures_are_dead_lettered_with_the_crms_message) {
  ingest({textFrom("+79161234567", "p1")});
  crm.failNextWrites({Outcome::permanent("HTTP 400: Property values were not valid: hs_timestamp")});
  loop.runOnce(0);
  StoredEvent p1 = stored("p1");
  BOOST_TEST(toString(p1.state) == "dead");
  auto dead = store.deadLetters(10);
  BOOST_REQUIRE_EQUAL(dead.size(), 1u);
  BOOST_TEST(dead[0].reason.find("Property values were not valid") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(retries_stop_after_max_attempts) {
  ingest({textFrom("+79161234567", "r1")});
  crm.failNextWrites({Outcome::retryable("503"), Outcome::retryable("503"), Outcome::retryable("503")});
  for (int i = 0; i < 3; ++i) {
    loop.runOnce(0);
    clock.advanceMs(120000);
  }
  StoredEvent r1 = stored("r1");
  BOOST_TEST(toString(r1.state) == "dead");
  BOOST_TEST(r1.lastError.find("gave up after 3 attempts") != std::string::npos, r1.lastError);
}

BOOST_AUTO_TEST_CASE(the_most_recently_updated_of_several_matches_wins_and_the_ledger_says_why) {
  crm.addCandidate({{"contact", "old"}, "Ivan (old)", {"8 (916) 123-45-67"}, {}, 1000, ""});
  crm.addCandidate({{"contact", "new"}, "Ivan", {"+7 916 123 45 67"}, {}, 2000, ""});
  crm.addCandidate({{"contact", "other"}, "Someone else", {"+7 916 000 00 00"}, {}, 9000, ""});
  ingest({textFrom("+79161234567", "m1")});
  loop.runOnce(0);
  BOOST_TEST(crm.written().at(0).record.id == "new");
  auto person = store.person(*store.findPerson({IdentifierKind::kPhone, "+79161234567"}));
  BOOST_REQUIRE(person.has_value());
  BOOST_REQUIRE_EQUAL(person->crmLinks.size(), 1u);
  BOOST_TEST(person->crmLinks[0].rule == "most_recently_updated");
  BOOST_TEST(person->crmLinks[0].reason.find("2 CRM records") != std::string::npos);
  BOOST_TEST(crm.creates() == 0);
}

BOOST_AUTO_TEST_CASE(a_candidate_whose_phones_are_not_the_clients_is_rejected) {
  crm.addCandidate({{"contact", "fuzzy"}, "Wrong", {"+7 916 123 45 68"}, {}, 1000, ""});
  ingest({textFrom("+79161234567", "m1")});
  loop.runOnce(0);
  BOOST_TEST(crm.creates() == 1);
  BOOST_TEST(crm.written().at(0).record.id != "fuzzy");
}

BOOST_AUTO_TEST_CASE(a_bsuid_seen_with_a_phone_joins_the_same_person) {
  Event first = textFrom("+79161234567", "m1");
  first.counterpart.push_back({IdentifierKind::kWhatsappBsuid, "US.1"});
  Event later = textFrom("+79161234567", "m2");
  later.counterpart = {{IdentifierKind::kWhatsappBsuid, "US.1"}};  // phone withheld
  ingest({first});
  loop.runOnce(0);
  ingest({later});
  loop.runOnce(0);
  BOOST_TEST(*stored("m1").personId == *stored("m2").personId);
  BOOST_TEST(crm.written().at(1).record.id == crm.written().at(0).record.id);
  BOOST_TEST(crm.creates() == 1);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(unknown_senders_are_refused_permanently_when_creation_is_off) {
  TempDir dir;
  SqliteStore store(dir / "store.db");
  ScriptedConnector crm;
  ManualClock clock;
  Metrics metrics;
  Resolver resolver(store, crm, {"RU", false}, clock);
  SyncLoop loop(store, crm, resolver, RetryPolicy(1000, 60000, 3), metrics, clock, 1);
  InboxRequest r;
  r.channel = "whatsapp";
  r.events = {textFrom("+447700900123", "u1")};
  store.ingest({r});
  loop.runOnce(0);
  StoredEvent u1 = store.eventsByProviderId("u1").at(0);
  BOOST_TEST(toString(u1.state) == "dead");
  BOOST_TEST(u1.lastError.find("crm.create_unknown") != std::string::npos);
  BOOST_TEST(crm.creates() == 0);
}

namespace {
struct RuleLoop {
  TempDir dir;
  SqliteStore store{dir / "store.db"};
  ScriptedConnector crm;
  ManualClock clock;
  Metrics metrics;
  std::unique_ptr<Resolver> resolver;
  std::unique_ptr<SyncLoop> loop;
  explicit RuleLoop(MatchRule rule) {
    resolver = std::make_unique<Resolver>(store, crm, ResolverOptions{"RU", true, rule}, clock);
    loop = std::make_unique<SyncLoop>(store, crm, *resolver, RetryPolicy(1000, 60000, 3), metrics, clock, 1);
    crm.addCandidate({{"contact", "unowned-new"}, "A", {"+79161234567"}, {}, 9000, ""});
    crm.addCandidate({{"contact", "owned-old"}, "B", {"89161234567"}, {}, 1000, "lawyer-7"});
    InboxRequest r;
    r.channel = "whatsapp";
    r.events = {textFrom("+79161234567", "m1")};
    store.ingest({r});
    loop->runOnce(0);
  }
};
}  // namespace

BOOST_AUTO_TEST_CASE(match_rule_owner_set_prefers_records_with_an_owner) {
  RuleLoop t(MatchRule::kOwnerSet);
  BOOST_TEST(t.crm.written().at(0).record.id == "owned-old");
  auto person = t.store.person(*t.store.findPerson({IdentifierKind::kPhone, "+79161234567"}));
  BOOST_TEST(person->crmLinks.at(0).rule == "owner_set");
}

BOOST_AUTO_TEST_CASE(match_rule_ambiguous_leaves_the_choice_to_an_admin) {
  RuleLoop t(MatchRule::kAmbiguous);
  BOOST_TEST(t.crm.written().empty());
  StoredEvent e = t.store.eventsByProviderId("m1").at(0);
  BOOST_TEST(toString(e.state) == "dead");
  BOOST_TEST(e.lastError.find("ambiguous: 2 CRM records") != std::string::npos, e.lastError);
  BOOST_TEST(e.lastError.find("owned-old") != std::string::npos);
  BOOST_TEST(t.crm.creates() == 0);
}

BOOST_AUTO_TEST_CASE(match_rule_names_are_checked) {
  BOOST_TEST((matchRuleFromString("owner_set") == MatchRule::kOwnerSet));
  BOOST_CHECK_THROW(matchRuleFromString("newest"), std::invalid_argument);
}
