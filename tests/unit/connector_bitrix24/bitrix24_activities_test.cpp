#define BOOST_TEST_MODULE bitrix24_activities
#include "crm/bitrix24/bitrix24_activities.h"

#include <boost/test/unit_test.hpp>

#include "crm/bitrix24/bitrix24_write_plan.h"

using namespace crmsync;
using namespace crmsync::connectors::bitrix24;
using nlohmann::json;

namespace {

Event message(const std::string& id, Direction direction = Direction::kOutbound) {
  Event e;
  e.channel = "whatsapp";
  e.providerId = id;
  e.direction = direction;
  e.type = "text";
  e.text = "hello";
  e.timestamp = 1700000000;
  e.counterpart = {{IdentifierKind::kPhone, "+79161234567"}};
  return e;
}

Event status(const std::string& id, const std::string& value) {
  Event e = message(id);
  e.kind = EventKind::kStatus;
  e.status = value;
  e.text.clear();
  return e;
}

Activity activity(const Event& e, json fields = json::object(), CrmRecordRef record = {"contact", "5"}) {
  return {e.dedupeKey(), std::move(record), e, "", std::move(fields)};
}

CallResult ok(json result) { return {Outcome::ok(), std::move(result), std::nullopt, 0}; }

}  // namespace

BOOST_AUTO_TEST_SUITE(fields)

BOOST_AUTO_TEST_CASE(a_message_is_an_activity_on_the_contact_keyed_by_its_id) {
  Activity a = activity(message("wamid.1", Direction::kInbound));
  auto fields = messageFields(a, "12");
  BOOST_REQUIRE_EQUAL(fields.index(), 0u);
  const json& f = std::get<0>(fields);
  BOOST_TEST(f["OWNER_ID"] == "5");
  BOOST_TEST(f["OWNER_TYPE_ID"] == 3);
  BOOST_TEST(f["TYPE_ID"] == 2);
  BOOST_TEST(f["DIRECTION"] == 1);
  BOOST_TEST(f["COMPLETED"] == "Y");
  BOOST_TEST(f["SUBJECT"] == "WhatsApp inbound text");
  BOOST_TEST(f["DESCRIPTION"] == "hello");
  BOOST_TEST(f["RESPONSIBLE_ID"] == "12");
  BOOST_TEST(f["START_TIME"] == "2023-11-14T22:13:20+00:00");
  BOOST_TEST(f["COMMUNICATIONS"] ==
             json::parse(R"([{"ENTITY_ID":"5","ENTITY_TYPE_ID":3,"TYPE":"PHONE","VALUE":"+79161234567"}])"));
  BOOST_TEST(f["ORIGINATOR_ID"] == "crmsync");
  BOOST_TEST(f["ORIGIN_ID"] == "whatsapp:msg:wamid.1");
  BOOST_TEST(f["ORIGIN_VERSION"] == "");
}

BOOST_AUTO_TEST_CASE(mapping_fields_override_defaults_and_may_not_touch_the_key) {
  auto mapped =
      messageFields(activity(message("wamid.1"),
                             {{"body", "[image] scan"}, {"SUBJECT", "WA"}, {"TYPE_ID", 1}, {"RESPONSIBLE_ID", nullptr}},
                             {"lead", "8"}),
                    "12");
  BOOST_REQUIRE_EQUAL(mapped.index(), 0u);
  const json& f = std::get<0>(mapped);
  BOOST_TEST(f["DESCRIPTION"] == "[image] scan");
  BOOST_TEST(f["SUBJECT"] == "WA");
  BOOST_TEST(f["TYPE_ID"] == 1);
  BOOST_TEST(f["RESPONSIBLE_ID"] == "12", "null keeps the default");
  BOOST_TEST(f["OWNER_TYPE_ID"] == 1);
  auto managed = messageFields(activity(message("wamid.1"), {{"ORIGIN_ID", "x"}}), "12");
  BOOST_TEST(std::get<1>(managed).find("ORIGIN_ID is written by crmsync") != std::string::npos);
  auto unknown = messageFields(activity(message("wamid.1"), {{"occurred_at", "x"}}), "12");
  BOOST_TEST(std::get<1>(unknown).find("'occurred_at' is not a Bitrix24 activity field") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_status_is_about_its_messages_activity) {
  Activity s = activity(status("wamid.1", "read"));
  BOOST_TEST(messageKey(s) == "whatsapp:msg:wamid.1");
  BOOST_TEST(s.idempotencyKey != messageKey(s));
  BOOST_TEST(std::get<0>(statusFields(s)) == json({{"SUBJECT", "WhatsApp outbound message: read"}}));
  auto placeholder = placeholderFields(s, "12");
  BOOST_TEST(std::get<0>(placeholder)["ORIGIN_VERSION"] == "placeholder:read");
  BOOST_TEST(statusOfVersion("placeholder:read") == "read");
  BOOST_TEST(isPlaceholder("placeholder:read"));
  BOOST_TEST(!isPlaceholder("read"));
  Call lookup = activityLookupCall({"whatsapp:msg:wamid.1"});
  BOOST_TEST(lookup.params["filter"] == json({{"ORIGINATOR_ID", "crmsync"}, {"@ORIGIN_ID", {"whatsapp:msg:wamid.1"}}}));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(write_plan)

BOOST_AUTO_TEST_CASE(new_messages_are_added_once_per_key_and_stored_ones_skipped) {
  std::vector<Activity> acts = {activity(message("a")), activity(message("b")), activity(message("a"))};
  Stored stored = {{"whatsapp:msg:b", {"77", ""}}};
  BOOST_TEST(messageKeys(acts) == (std::vector<std::string>{"whatsapp:msg:a", "whatsapp:msg:b"}));
  Results results(acts.size());
  auto steps = planRoundOne(acts, stored, "1", results);
  BOOST_REQUIRE_EQUAL(steps.size(), 1u);
  BOOST_TEST(steps[0].call.method == "crm.activity.add");
  BOOST_TEST(steps[0].items == (std::vector<std::size_t>{0, 2}));
  BOOST_REQUIRE(results[1].has_value());
  BOOST_TEST(results[1]->activityId == "77");
  std::map<std::string, Outcome> failed;
  applyOutcomes(steps, {ok(901)}, stored, failed, results);
  BOOST_TEST(results[0]->activityId == "901");
  BOOST_TEST(results[2]->activityId == "901");
  BOOST_TEST(stored.at("whatsapp:msg:a").id == "901");
}

BOOST_AUTO_TEST_CASE(a_status_updates_in_place_only_when_it_outranks_the_stored_one) {
  std::vector<Activity> acts = {activity(status("a", "delivered")), activity(status("a", "read")),
                                activity(status("b", "delivered"))};
  Stored stored = {{"whatsapp:msg:a", {"10", "delivered"}}, {"whatsapp:msg:b", {"11", "read"}}};
  Results results(acts.size());
  BOOST_TEST(planRoundOne(acts, stored, "1", results).empty());
  auto steps = planRoundTwo(acts, stored, {}, results);
  BOOST_REQUIRE_EQUAL(steps.size(), 1u);
  BOOST_TEST(steps[0].call.method == "crm.activity.update");
  BOOST_TEST(steps[0].call.params["id"] == "10");
  BOOST_TEST(steps[0].call.params["fields"]["ORIGIN_VERSION"] == "read");
  BOOST_TEST(steps[0].items == (std::vector<std::size_t>{0, 1}));
  BOOST_TEST(results[2]->outcome.isOk(), "a late delivered after read changes nothing");
  BOOST_TEST(results[2]->activityId == "11");
}

BOOST_AUTO_TEST_CASE(failed_always_wins) {
  std::vector<Activity> acts = {activity(status("a", "failed"))};
  Stored stored = {{"whatsapp:msg:a", {"10", "read"}}};
  Results results(1);
  auto steps = planRoundTwo(acts, stored, {}, results);
  BOOST_REQUIRE_EQUAL(steps.size(), 1u);
  BOOST_TEST(steps[0].version == "failed");
}

BOOST_AUTO_TEST_CASE(a_status_for_an_unknown_message_leaves_a_placeholder_the_message_fills) {
  std::vector<Activity> acts = {activity(status("c", "sent")), activity(status("c", "delivered"))};
  Stored stored;
  Results results(acts.size());
  auto steps = planRoundOne(acts, stored, "1", results);
  BOOST_REQUIRE_EQUAL(steps.size(), 1u);
  BOOST_TEST(steps[0].call.method == "crm.activity.add");
  BOOST_TEST(steps[0].call.params["fields"]["ORIGIN_VERSION"] == "placeholder:delivered");
  std::map<std::string, Outcome> failed;
  applyOutcomes(steps, {ok(55)}, stored, failed, results);
  BOOST_TEST(planRoundTwo(acts, stored, failed, results).empty());
  BOOST_TEST(results[0]->activityId == "55");

  std::vector<Activity> later = {activity(message("c"))};
  Results laterResults(1);
  auto fill = planRoundOne(later, stored, "1", laterResults);
  BOOST_REQUIRE_EQUAL(fill.size(), 1u);
  BOOST_TEST(fill[0].call.method == "crm.activity.update");
  BOOST_TEST(fill[0].call.params["id"] == "55");
  BOOST_TEST(fill[0].call.params["fields"]["DESCRIPTION"] == "hello");
  BOOST_TEST(fill[0].call.params["fields"]["ORIGIN_VERSION"] == "delivered");
}

BOOST_AUTO_TEST_CASE(a_message_and_its_status_in_one_call_add_then_update) {
  std::vector<Activity> acts = {activity(message("d")), activity(status("d", "read"))};
  Stored stored;
  Results results(acts.size());
  auto first = planRoundOne(acts, stored, "1", results);
  BOOST_REQUIRE_EQUAL(first.size(), 1u);
  std::map<std::string, Outcome> failed;
  applyOutcomes(first, {ok(70)}, stored, failed, results);
  auto second = planRoundTwo(acts, stored, failed, results);
  BOOST_REQUIRE_EQUAL(second.size(), 1u);
  BOOST_TEST(second[0].call.params["id"] == "70");
}

BOOST_AUTO_TEST_CASE(a_status_whose_message_failed_takes_that_failure) {
  std::vector<Activity> acts = {activity(message("e")), activity(status("e", "read"))};
  Stored stored;
  Results results(acts.size());
  auto first = planRoundOne(acts, stored, "1", results);
  std::map<std::string, Outcome> failed;
  applyOutcomes(first, {CallResult{Outcome::retryable("Bitrix24 HTTP 500"), nullptr, std::nullopt, 0}}, stored, failed,
                results);
  BOOST_TEST(planRoundTwo(acts, stored, failed, results).empty());
  BOOST_TEST((results[1]->outcome.kind == Outcome::Kind::kRetryable));
  BOOST_TEST(results[1]->outcome.reason == "Bitrix24 HTTP 500");
}

BOOST_AUTO_TEST_CASE(bad_records_and_answers_without_ids_are_per_item_failures) {
  std::vector<Activity> acts = {activity(message("f"), json::object(), {"deal", "3"}), activity(message("g"))};
  Stored stored;
  Results results(acts.size());
  auto steps = planRoundOne(acts, stored, "1", results);
  BOOST_TEST((results[0]->outcome.kind == Outcome::Kind::kPermanent));
  BOOST_REQUIRE_EQUAL(steps.size(), 1u);
  std::map<std::string, Outcome> failed;
  applyOutcomes(steps, {ok(false)}, stored, failed, results);
  BOOST_TEST((results[1]->outcome.kind == Outcome::Kind::kRetryable));
  BOOST_TEST(stored.empty());
}

BOOST_AUTO_TEST_SUITE_END()
