#define BOOST_TEST_MODULE local_write
#include <boost/test/unit_test.hpp>

#include <string>
#include <thread>
#include <vector>

#include "crm/local/local_activities.h"
#include "crm/local/local_connector.h"
#include "support/test_support.h"

using namespace crmsync;
using crmsync::connectors::local::LocalConnector;
using crmsync::connectors::local::NewContact;
using crmsync::connectors::local::StoredActivity;
using crmsync::connectors::local::strongerStatus;

namespace {

Event message(const std::string& wamid, Direction direction, std::int64_t ts, const std::string& text) {
  Event e;
  e.kind = EventKind::kMessage;
  e.channel = "whatsapp";
  e.providerId = wamid;
  e.direction = direction;
  e.businessNumber = "15550001111";
  e.counterpart = {{IdentifierKind::kPhone, "+79161234567"}};
  e.timestamp = ts;
  e.type = "text";
  e.text = text;
  return e;
}

Event status(const std::string& wamid, const std::string& value, std::int64_t ts) {
  Event e;
  e.kind = EventKind::kStatus;
  e.channel = "whatsapp";
  e.providerId = wamid;
  e.direction = Direction::kOutbound;
  e.counterpart = {{IdentifierKind::kPhone, "+79161234567"}};
  e.timestamp = ts;
  e.status = value;
  return e;
}

struct Fixture {
  test::TempDir dir;
  ManualClock clock{1'700'000'000'000};
  LocalConnector crm{dir / "crm.sqlite", "RU", &clock};
  CrmRecordRef ivan;

  Fixture() {
    NewContact c;
    c.name = "Ivan";
    c.ownerId = "owner-7";
    c.phones = {"8 (916) 123-45-67"};
    ivan = {"contact", crm.addContact(c)};
  }

  Activity activity(const Event& e) const { return {e.dedupeKey(), ivan, e, "", nlohmann::json::object()}; }

  std::vector<ActivityResult> write(const std::vector<Activity>& batch) {
    auto result = crm.write(batch);
    BOOST_TEST_REQUIRE(result.isOk(), result.outcome.reason);
    BOOST_TEST_REQUIRE(result.value.size() == batch.size());
    return result.value;
  }

  ActivityResult writeOne(const Event& e) { return write({activity(e)}).front(); }

  StoredActivity only() {
    auto all = crm.activities(ivan.id);
    BOOST_TEST_REQUIRE(all.size() == 1u);
    return all.front();
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(status_precedence) {
  BOOST_TEST(strongerStatus("", "sent") == "sent");
  BOOST_TEST(strongerStatus("sent", "delivered") == "delivered");
  BOOST_TEST(strongerStatus("read", "delivered") == "read");
  BOOST_TEST(strongerStatus("read", "played") == "played");
  BOOST_TEST(strongerStatus("played", "read") == "played");
  BOOST_TEST(strongerStatus("read", "failed") == "failed");
  BOOST_TEST(strongerStatus("failed", "read") == "failed");
  BOOST_TEST(strongerStatus("delivered", "deleted") == "delivered");
  BOOST_TEST(strongerStatus("", "deleted") == "deleted");
}

BOOST_FIXTURE_TEST_SUITE(local_write, Fixture)

BOOST_AUTO_TEST_CASE(same_key_twice_gives_one_activity) {
  Event e = message("wamid.1", Direction::kInbound, 1700000000, "Hello");
  ActivityResult first = writeOne(e);
  clock.advanceMs(1000);
  e.text = "changed on redelivery";
  ActivityResult second = writeOne(e);
  BOOST_TEST(first.outcome.isOk());
  BOOST_TEST(second.outcome.isOk());
  BOOST_TEST(first.activityId == second.activityId);
  StoredActivity a = only();
  BOOST_TEST(a.body == "Hello");
  BOOST_TEST(a.updatedAtMs == 1'700'000'000'000);
  BOOST_TEST(a.idempotencyKey == "whatsapp:msg:wamid.1");
  BOOST_TEST(a.direction == "inbound");
  BOOST_TEST(a.type == "text");
  BOOST_TEST(a.businessNumber == "15550001111");
  BOOST_TEST(a.occurredAt == 1700000000);
}

BOOST_AUTO_TEST_CASE(same_key_twice_in_one_batch_gives_one_activity) {
  Event e = message("wamid.1", Direction::kInbound, 1700000000, "Hello");
  auto results = write({activity(e), activity(e)});
  BOOST_TEST(results[0].activityId == results[1].activityId);
  BOOST_TEST(crm.activities(ivan.id).size() == 1u);
}

BOOST_AUTO_TEST_CASE(mapped_body_and_subject_win_and_media_is_kept) {
  Event e = message("wamid.2", Direction::kInbound, 1700000000, "caption");
  e.type = "image";
  e.media = {{"media-123", "image/jpeg", "abc", "", ""}};
  Activity a = activity(e);
  a.fields = {{"body", "Photo: caption"}, {"subject", "WhatsApp image"}, {"ignored", 5}};
  write({a});
  StoredActivity stored = only();
  BOOST_TEST(stored.body == "Photo: caption");
  BOOST_TEST(stored.subject == "WhatsApp image");
  BOOST_TEST_REQUIRE(stored.media.size() == 1u);
  BOOST_TEST(stored.media[0].at("id").get<std::string>() == "media-123");
}

BOOST_AUTO_TEST_CASE(statuses_update_in_place_with_precedence_and_idempotent_history) {
  writeOne(message("wamid.3", Direction::kOutbound, 1700000000, "Your order shipped"));
  writeOne(status("wamid.3", "sent", 1700000001));
  writeOne(status("wamid.3", "read", 1700000003));
  ActivityResult late = writeOne(status("wamid.3", "delivered", 1700000002));
  writeOne(status("wamid.3", "read", 1700000003));  // redelivered webhook
  BOOST_TEST(late.outcome.isOk());
  StoredActivity a = only();
  BOOST_TEST(late.activityId == a.id);
  BOOST_TEST(a.status == "read");
  BOOST_TEST_REQUIRE(a.statusHistory.size() == 3u);
  BOOST_TEST(a.statusHistory[0].at("status").get<std::string>() == "sent");
  BOOST_TEST(a.statusHistory[1].at("status").get<std::string>() == "read");
  BOOST_TEST(a.statusHistory[2].at("status").get<std::string>() == "delivered");
  BOOST_TEST(a.statusHistory[2].at("timestamp").get<std::int64_t>() == 1700000002);
  BOOST_TEST(a.statusHistory[2].at("key").get<std::string>() == status("wamid.3", "delivered", 0).dedupeKey());
}

BOOST_AUTO_TEST_CASE(failed_is_recorded_and_wins) {
  writeOne(message("wamid.4", Direction::kOutbound, 1700000000, "Hi"));
  writeOne(status("wamid.4", "sent", 1700000001));
  writeOne(status("wamid.4", "failed", 1700000002));
  writeOne(status("wamid.4", "read", 1700000003));
  StoredActivity a = only();
  BOOST_TEST(a.status == "failed");
  BOOST_TEST(a.statusHistory.size() == 3u);
}

BOOST_AUTO_TEST_CASE(status_of_an_unseen_message_creates_a_placeholder_then_the_echo_fills_it) {
  ActivityResult delivered = writeOne(status("wamid.other", "delivered", 1700000005));
  ActivityResult read = writeOne(status("wamid.other", "read", 1700000009));
  BOOST_TEST(delivered.outcome.isOk());
  BOOST_TEST(read.activityId == delivered.activityId);
  StoredActivity p = only();
  BOOST_TEST(p.type == "placeholder");
  BOOST_TEST(p.direction == "outbound");
  BOOST_TEST(p.providerMessageId == "wamid.other");
  BOOST_TEST(p.status == "read");
  BOOST_TEST(p.statusHistory.size() == 2u);

  // The message itself arrives later (e.g. an echo of a message sent from the phone app).
  ActivityResult echo = writeOne(message("wamid.other", Direction::kOutbound, 1700000004, "sent from the app"));
  BOOST_TEST(echo.activityId == delivered.activityId);
  StoredActivity filled = only();
  BOOST_TEST(filled.type == "text");
  BOOST_TEST(filled.body == "sent from the app");
  BOOST_TEST(filled.status == "read");
  BOOST_TEST(filled.statusHistory.size() == 2u);
  // Everything again: still one activity, nothing changed.
  writeOne(message("wamid.other", Direction::kOutbound, 1700000004, "sent from the app"));
  writeOne(status("wamid.other", "delivered", 1700000005));
  BOOST_TEST(only().statusHistory.size() == 2u);
}

BOOST_AUTO_TEST_CASE(unknown_record_fails_only_its_item) {
  Activity good = activity(message("wamid.5", Direction::kInbound, 1700000000, "ok"));
  Activity bad = activity(message("wamid.6", Direction::kInbound, 1700000000, "lost"));
  bad.record = {"contact", "999"};
  Activity garbage = activity(message("wamid.7", Direction::kInbound, 1700000000, "lost"));
  garbage.record = {"contact", "abc"};
  auto results = write({good, bad, garbage});
  BOOST_TEST(results[0].outcome.isOk());
  BOOST_TEST((results[1].outcome.kind == Outcome::Kind::kPermanent));
  BOOST_TEST(results[1].outcome.reason == "contact 999 does not exist");
  BOOST_TEST(results[2].outcome.reason == "contact abc does not exist");
  BOOST_TEST(crm.activities(ivan.id).size() == 1u);
}

BOOST_AUTO_TEST_CASE(timeline_is_ordered_by_occurrence) {
  writeOne(message("wamid.b", Direction::kInbound, 1700000200, "second"));
  writeOne(message("wamid.a", Direction::kInbound, 1700000100, "first"));
  writeOne(message("wamid.c", Direction::kOutbound, 1700000200, "third"));
  auto all = crm.activities(ivan.id);
  BOOST_TEST_REQUIRE(all.size() == 3u);
  BOOST_TEST(all[0].body == "first");
  BOOST_TEST(all[1].body == "second");
  BOOST_TEST(all[2].body == "third");
}

BOOST_AUTO_TEST_CASE(context_returns_open_deals_most_recent_first) {
  auto deal = [](const char* title, const char* st, std::int64_t at) {
    Deal d;
    d.title = title;
    d.status = st;
    d.stage = "negotiation";
    d.amount = "1200.50";
    d.currency = "EUR";
    d.updatedAtMs = at;
    return d;
  };
  crm.addDeal(ivan.id, deal("old open", "open", 100));
  crm.addDeal(ivan.id, deal("won", "won", 400));
  crm.addDeal(ivan.id, deal("newest open", "open", 300));
  crm.addDeal(ivan.id, deal("lost", "lost", 500));
  crm.addDeal(ivan.id, deal("middle open", "open", 200));
  auto ctx = crm.context(ivan);
  BOOST_TEST_REQUIRE(ctx.isOk(), ctx.outcome.reason);
  BOOST_TEST(ctx.value.ownerId == "owner-7");
  BOOST_TEST(ctx.value.fetchedAtMs == 1'700'000'000'000);
  BOOST_TEST_REQUIRE(ctx.value.deals.size() == 3u);
  BOOST_TEST(ctx.value.deals[0].title == "newest open");
  BOOST_TEST(ctx.value.deals[1].title == "middle open");
  BOOST_TEST(ctx.value.deals[2].title == "old open");
  BOOST_TEST(ctx.value.deals[0].amount == "1200.50");
  BOOST_TEST(ctx.value.deals[0].currency == "EUR");
  BOOST_TEST(ctx.value.deals[0].stage == "negotiation");
  BOOST_TEST(ctx.value.deals[0].status == "open");
  BOOST_CHECK_THROW(crm.addDeal(ivan.id, deal("bad", "pending", 1)), std::runtime_error);
  BOOST_CHECK_THROW(crm.addDeal("999", deal("nobody", "open", 1)), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(context_of_an_unknown_contact_is_permanent) {
  auto ctx = crm.context({"contact", "42"});
  BOOST_TEST((ctx.outcome.kind == Outcome::Kind::kPermanent));
  BOOST_TEST(ctx.outcome.reason == "contact 42 does not exist");
}

BOOST_AUTO_TEST_CASE(reopening_the_file_keeps_everything) {
  writeOne(message("wamid.8", Direction::kOutbound, 1700000000, "persist me"));
  writeOne(status("wamid.8", "delivered", 1700000001));
  Deal d;
  d.title = "Renewal";
  crm.addDeal(ivan.id, d);
  {
    LocalConnector reopened(dir / "crm.sqlite", "RU", &clock);
    BOOST_TEST(reopened.contactCount() == 1);
    auto contact = reopened.contact(ivan.id);
    BOOST_TEST_REQUIRE(contact.has_value());
    BOOST_TEST(contact->name == "Ivan");
    BOOST_TEST(contact->ownerId == "owner-7");
    BOOST_TEST_REQUIRE(contact->phones.size() == 1u);
    BOOST_TEST(contact->phones[0].phone == "8 (916) 123-45-67");
    BOOST_TEST(contact->phones[0].e164 == "+79161234567");
    auto all = reopened.activities(ivan.id);
    BOOST_TEST_REQUIRE(all.size() == 1u);
    BOOST_TEST(all[0].body == "persist me");
    BOOST_TEST(all[0].status == "delivered");
    auto ctx = reopened.context(ivan);
    BOOST_TEST_REQUIRE(ctx.isOk());
    BOOST_TEST(ctx.value.deals.size() == 1u);
    // Writes through the reopened file stay idempotent.
    auto again = reopened.write({activity(message("wamid.8", Direction::kOutbound, 1700000000, "persist me"))});
    BOOST_TEST_REQUIRE(again.isOk());
    BOOST_TEST(again.value[0].activityId == all[0].id);
  }
  BOOST_TEST(crm.activities(ivan.id).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(concurrent_writes_of_one_key_make_one_activity) {
  test::TempDir dir;
  LocalConnector crm(dir / "crm.sqlite", "RU");
  NewContact c;
  c.name = "Ivan";
  CrmRecordRef ivan{"contact", crm.addContact(c)};
  Event e = message("wamid.race", Direction::kInbound, 1700000000, "once");
  std::vector<Result<std::vector<ActivityResult>>> results(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] { results[i] = crm.write({{e.dedupeKey(), ivan, e, "", nlohmann::json::object()}}); });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : results) {
    BOOST_TEST_REQUIRE(r.isOk(), r.outcome.reason);
    BOOST_TEST(r.value.at(0).activityId == results[0].value.at(0).activityId);
  }
  BOOST_TEST(crm.activities(ivan.id).size() == 1u);
}
