#define BOOST_TEST_MODULE sqlite_store
#include <boost/test/unit_test.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <nlohmann/json.hpp>

#include "crmsync/model_json.h"
#include "store/sqlite_store.h"
#include "support/test_support.h"
#include "unit/store/store_test_helpers.h"

using namespace crmsync;
using namespace crmsync::test;

namespace {

Event richEvent() {
  Event e = message("wamid.RICH", "+79161234567", 1'697'043'223, "Привет 👋, \"quoted\" \\ text");
  e.counterpart = {{IdentifierKind::kWhatsappBsuid, "RU.bsuid.1"}, phone("+79161234567")};
  e.type = "image";
  e.media = {{"media-1", "image/jpeg", "c2hhMjU2", "https://lookaside.example/1", ""},
             {"media-2", "application/pdf", "", "", "offer.pdf"}};
  e.replyTo = "wamid.EARLIER";
  e.forwarded = true;
  e.details = {{"reaction", {{"emoji", "👍"}}}, {"pricing", {{"category", "service"}, {"billable", false}}}};
  return e;
}

}  // namespace

BOOST_AUTO_TEST_CASE(ingested_event_reads_back_losslessly) {
  TempDir dir;
  SqliteStore store(dir / "store.db");
  InboxRequest r = request({richEvent()}, kT0 + 5);
  r.ignored = {{"account_update", "not a conversation event"}};
  auto receipts = store.ingest({r});
  BOOST_TEST_REQUIRE(receipts.size() == 1u);
  BOOST_TEST(receipts[0].inboxId > 0);
  BOOST_TEST(receipts[0].accepted == 1);
  BOOST_TEST(receipts[0].duplicates == 0);
  BOOST_TEST(!receipts[0].quarantined);

  auto stored = store.eventsByProviderId("wamid.RICH");
  BOOST_TEST_REQUIRE(stored.size() == 1u);
  const StoredEvent& s = stored[0];
  BOOST_TEST(nlohmann::json(s.event) == nlohmann::json(richEvent()));
  BOOST_TEST(s.event.text == richEvent().text);
  BOOST_TEST(s.event.media.size() == 2u);
  BOOST_TEST(s.event.media[1].filename == "offer.pdf");
  BOOST_TEST(s.event.forwarded);
  BOOST_TEST(s.event.details["reaction"]["emoji"] == "👍");
  BOOST_TEST(s.id > 0);
  BOOST_TEST(s.inboxId == receipts[0].inboxId);
  BOOST_TEST(s.routeKey == "phone:+79161234567");  // the phone, although the bsuid comes first
  BOOST_TEST(s.state == EventState::kReceived);
  BOOST_TEST(s.attempts == 0);
  BOOST_TEST(s.nextAttemptAtMs == kT0 + 5);
  BOOST_TEST(s.lastError.empty());
  BOOST_TEST(!s.personId.has_value());
  BOOST_TEST(s.crmRecordId.empty());
  BOOST_TEST(s.crmActivityId.empty());
  BOOST_TEST(s.receivedAtMs == kT0 + 5);
  BOOST_TEST(s.updatedAtMs == kT0 + 5);

  // The inbox row keeps the body byte for byte and the request's tallies.
  SQLite::Database raw((dir / "store.db").string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(raw, "SELECT raw_body, accepted, duplicates, ignored_json, quarantined FROM inbox WHERE id = ?");
  q.bind(1, receipts[0].inboxId);
  BOOST_TEST_REQUIRE(q.executeStep());
  BOOST_TEST(q.getColumn(0).getString() == r.rawBody);
  BOOST_TEST(q.getColumn(1).getInt() == 1);
  BOOST_TEST(q.getColumn(2).getInt() == 0);
  BOOST_TEST(nlohmann::json::parse(q.getColumn(3).getString()) ==
             nlohmann::json::parse(R"([{"field":"account_update","reason":"not a conversation event"}])"));
  BOOST_TEST(q.getColumn(4).getInt() == 0);
}

BOOST_AUTO_TEST_CASE(route_key_falls_back_to_first_identifier_then_none) {
  TempDir dir;
  SqliteStore store(dir / "store.db");
  Event bsuidOnly = message("wamid.B", "+1");
  bsuidOnly.counterpart = {{IdentifierKind::kWhatsappBsuid, "US.9"}, {IdentifierKind::kEmail, "a@b.c"}};
  Event anonymous = message("wamid.N", "+1");
  anonymous.counterpart.clear();
  store.ingest({request({bsuidOnly, anonymous})});
  BOOST_TEST(store.eventsByProviderId("wamid.B").at(0).routeKey == "whatsapp_bsuid:US.9");
  BOOST_TEST(store.eventsByProviderId("wamid.N").at(0).routeKey == "none");
}

BOOST_AUTO_TEST_CASE(duplicates_in_one_batch_and_across_calls_are_counted_not_queued) {
  TempDir dir;
  SqliteStore store(dir / "store.db");
  auto first = store.ingest({request({message("wamid.1", "+1001"), message("wamid.1", "+1001")}),
                             request({message("wamid.1", "+1001"), message("wamid.2", "+1002")})});
  BOOST_TEST_REQUIRE(first.size() == 2u);
  BOOST_TEST(first[0].accepted == 1);
  BOOST_TEST(first[0].duplicates == 1);
  BOOST_TEST(first[1].accepted == 1);
  BOOST_TEST(first[1].duplicates == 1);

  auto again = store.ingest({request({message("wamid.1", "+1001", 1'700'000'000, "edited?")})});
  BOOST_TEST(again[0].accepted == 0);
  BOOST_TEST(again[0].duplicates == 1);
  BOOST_TEST(again[0].inboxId > first[1].inboxId);  // the redelivered body is still kept

  BOOST_TEST(store.eventsByProviderId("wamid.1").size() == 1u);
  BOOST_TEST(store.eventsByProviderId("wamid.1")[0].event.text == "hello");  // the first copy wins
  BOOST_TEST(providerIds(store.claimDue(0, 1, kT0, 100)) == (std::vector<std::string>{"wamid.1", "wamid.2"}));
  StateCounts c = store.counts();
  BOOST_TEST(c.received == 2);
  BOOST_TEST(c.inbox == 3);
}

BOOST_AUTO_TEST_CASE(redelivered_status_is_a_duplicate_other_status_or_recipient_is_not) {
  TempDir dir;
  SqliteStore store(dir / "store.db");
  auto a = store.ingest({request({status("wamid.S", "delivered", "+2001")})});
  auto b = store.ingest({request({status("wamid.S", "delivered", "+2001", 1'700'000'999)})});
  auto c = store.ingest({request({status("wamid.S", "read", "+2001"), status("wamid.S", "delivered", "+2002")})});
  BOOST_TEST(a[0].accepted == 1);
  BOOST_TEST(b[0].accepted == 0);
  BOOST_TEST(b[0].duplicates == 1);
  BOOST_TEST(c[0].accepted == 2);
  BOOST_TEST(c[0].duplicates == 0);
  BOOST_TEST(store.eventsByProviderId("wamid.S").size() == 3u);
}

BOOST_AUTO_TEST_CASE(quarantine_keeps_raw_body_and_reason_newest_first) {
  TempDir dir;
  SqliteStore store(dir / "store.db");
  const std::string binary("not json\0\xff\xfe tail", 16);
  InboxRequest withEvents = unparseable("{broken", "json parse error at byte 7", kT0 + 2);
  withEvents.events = {message("wamid.never", "+1")};  // a quarantined request queues nothing
  auto receipts = store.ingest({unparseable(binary, "body is not JSON", kT0 + 1), withEvents});
  BOOST_TEST(receipts[0].quarantined);
  BOOST_TEST(receipts[1].quarantined);
  BOOST_TEST(receipts[1].accepted == 0);

  auto q = store.quarantine(10);
  BOOST_TEST_REQUIRE(q.size() == 2u);
  BOOST_TEST(q[0].id == receipts[1].inboxId);
  BOOST_TEST(q[0].rawBody == "{broken");
  BOOST_TEST(q[0].reason == "json parse error at byte 7");
  BOOST_TEST(q[0].receivedAtMs == kT0 + 2);
  BOOST_TEST(q[1].id == receipts[0].inboxId);
  BOOST_TEST(q[1].rawBody == binary);  // NUL and invalid UTF-8 bytes intact
  BOOST_TEST(q[1].rawBody.size() == 16u);
  BOOST_TEST(q[1].channel == "whatsapp");
  BOOST_TEST(q[1].reason == "body is not JSON");
  BOOST_TEST(store.quarantine(1).size() == 1u);
  BOOST_TEST(store.quarantine(1)[0].id == receipts[1].inboxId);

  BOOST_TEST(store.eventsByProviderId("wamid.never").empty());
  StateCounts c = store.counts();
  BOOST_TEST(c.quarantined == 2);
  BOOST_TEST(c.inbox == 2);
  BOOST_TEST(c.received == 0);
}

BOOST_AUTO_TEST_CASE(group_commit_of_200_requests_returns_receipts_in_order) {
  TempDir dir;
  SqliteStore store(dir / "store.db");
  std::vector<InboxRequest> batch;
  for (int i = 0; i < 200; ++i) {
    batch.push_back(request({message("wamid.g" + std::to_string(i), "+3" + std::to_string(i % 17))}, kT0 + i));
  }
  auto receipts = store.ingest(batch);
  BOOST_TEST_REQUIRE(receipts.size() == 200u);
  for (int i = 0; i < 200; ++i) {
    BOOST_TEST(receipts[i].accepted == 1);
    if (i > 0) BOOST_TEST(receipts[i].inboxId == receipts[i - 1].inboxId + 1);
  }
  BOOST_TEST(store.eventsByProviderId("wamid.g199").at(0).inboxId == receipts[199].inboxId);
  StateCounts c = store.counts();
  BOOST_TEST(c.inbox == 200);
  BOOST_TEST(c.received == 200);
  BOOST_TEST(store.ingest({}).empty());
}

BOOST_AUTO_TEST_CASE(timeline_orders_by_provider_timestamp_not_arrival) {
  TempDir dir;
  SqliteStore store(dir / "store.db");
  // Arrival order: late message, early message, a status between them, another at the same second.
  store.ingest({request({message("wamid.late", "+4001", 300)})});
  store.ingest({request({message("wamid.early", "+4001", 100)})});
  store.ingest({request({status("wamid.early", "read", "+4001", 200), message("wamid.same", "+4001", 300)})});
  store.ingest({request({message("wamid.other", "+4999", 150)})});
  const std::int64_t p = store.createPerson("Anna", kT0);
  const std::int64_t other = store.createPerson("Boris", kT0);
  for (const auto* wamid : {"wamid.late", "wamid.early", "wamid.same"}) {
    for (const auto& e : store.eventsByProviderId(wamid)) store.markResolved(e.id, p, "crm-1", kT0 + 10);
  }
  store.markResolved(store.eventsByProviderId("wamid.other").at(0).id, other, "crm-2", kT0 + 10);

  auto tl = store.timeline(p);
  BOOST_TEST(providerIds(tl) == (std::vector<std::string>{"wamid.early", "wamid.early", "wamid.late", "wamid.same"}));
  BOOST_TEST(tl[0].event.kind == EventKind::kMessage);
  BOOST_TEST(tl[1].event.status == "read");
  BOOST_TEST(tl[0].personId.value() == p);
  BOOST_TEST(tl[0].crmRecordId == "crm-1");
  BOOST_TEST(tl[0].state == EventState::kResolved);
  BOOST_TEST(tl[0].updatedAtMs == kT0 + 10);
  BOOST_TEST(store.timeline(other).size() == 1u);
  BOOST_TEST(store.timeline(12345).empty());
}

BOOST_AUTO_TEST_CASE(events_by_provider_id_returns_message_and_its_statuses_in_arrival_order) {
  TempDir dir;
  SqliteStore store(dir / "store.db");
  store.ingest({request({status("wamid.M", "delivered", "+5001", 20)})});  // a status may beat its message
  store.ingest({request({message("wamid.M", "+5001", 10), message("wamid.X", "+5001", 11)})});
  store.ingest({request({status("wamid.M", "read", "+5001", 30)})});
  auto events = store.eventsByProviderId("wamid.M");
  BOOST_TEST_REQUIRE(events.size() == 3u);
  BOOST_TEST(events[0].event.status == "delivered");
  BOOST_TEST(events[1].event.kind == EventKind::kMessage);
  BOOST_TEST(events[2].event.status == "read");
  BOOST_TEST(events[0].id < events[1].id);
  BOOST_TEST(events[1].id < events[2].id);
  BOOST_TEST(store.eventsByProviderId("wamid.nope").empty());
}

BOOST_AUTO_TEST_CASE(counts_follow_every_state) {
  TempDir dir;
  SqliteStore store(dir / "store.db");
  std::vector<Event> events;
  for (int i = 0; i < 6; ++i) events.push_back(message("wamid.c" + std::to_string(i), "+600" + std::to_string(i)));
  store.ingest({request(events), unparseable("x", "bad")});
  auto due = store.claimDue(0, 1, kT0, 10);
  BOOST_TEST_REQUIRE(due.size() == 6u);
  store.markResolved(due[0].id, store.createPerson("p", kT0), "r", kT0);
  store.markWritten(due[1].id, "act-1", kT0);
  store.markWritten(due[2].id, "act-2", kT0);
  store.markRetry(due[3].id, kT0 + 1000, "timeout", kT0);
  store.markDead(due[4].id, "rejected", kT0);
  StateCounts c = store.counts();
  BOOST_TEST(c.received == 1);
  BOOST_TEST(c.resolved == 1);
  BOOST_TEST(c.written == 2);
  BOOST_TEST(c.retrying == 1);
  BOOST_TEST(c.dead == 1);
  BOOST_TEST(c.quarantined == 1);
  BOOST_TEST(c.inbox == 2);
}

BOOST_AUTO_TEST_CASE(everything_survives_close_and_reopen) {
  TempDir dir;
  const auto file = dir / "store.db";
  std::int64_t personId = 0;
  std::int64_t deadId = 0;
  {
    SqliteStore store(file);
    store.ingest({request({message("wamid.r1", "+7001", 10), message("wamid.r2", "+7002", 20)}),
                  unparseable("<xml/>", "not JSON")});
    personId = store.createPerson("Vera", kT0);
    BOOST_TEST(store.link(personId, {phone("+7001"), "whatsapp", "sender of wamid.r1", kT0}));
    store.setCrmLink(personId, {"local", "contact", "C-1", "created", "no match", kT0});
    auto due = store.claimDue(0, 1, kT0, 10);
    BOOST_TEST_REQUIRE(due.size() == 2u);
    store.markResolved(due[0].id, personId, "C-1", kT0 + 1);
    store.markWritten(due[0].id, "A-1", kT0 + 2);
    store.markDead(due[1].id, "no such contact", kT0 + 3);
    deadId = due[1].id;
  }
  SqliteStore reopened(file);
  BOOST_TEST(reopened.schemaVersion() == SqliteStore::latestSchemaVersion());
  auto r1 = reopened.eventsByProviderId("wamid.r1");
  BOOST_TEST_REQUIRE(r1.size() == 1u);
  BOOST_TEST(r1[0].state == EventState::kWritten);
  BOOST_TEST(r1[0].crmActivityId == "A-1");
  BOOST_TEST(r1[0].crmRecordId == "C-1");
  BOOST_TEST(reopened.timeline(personId).size() == 1u);
  BOOST_TEST(reopened.findPerson(phone("+7001")).value() == personId);
  BOOST_TEST(reopened.crmLink(personId, "local").value().recordId == "C-1");
  BOOST_TEST(reopened.person(personId).value().displayName == "Vera");
  BOOST_TEST(reopened.quarantine(10).at(0).rawBody == "<xml/>");
  BOOST_TEST(reopened.deadLetters(10).at(0).eventId == deadId);
  BOOST_TEST(reopened.claimDue(0, 1, kT0 + 100, 10).empty());
  StateCounts c = reopened.counts();
  BOOST_TEST(c.written == 1);
  BOOST_TEST(c.dead == 1);
  BOOST_TEST(c.inbox == 2);
  // And it keeps working: new events after reopen continue the sequences.
  auto more = reopened.ingest({request({message("wamid.r3", "+7001", 30)})});
  BOOST_TEST(more[0].accepted == 1);
  BOOST_TEST(reopened.claimDue(0, 1, kT0 + 100, 10).at(0).event.providerId == "wamid.r3");
}
