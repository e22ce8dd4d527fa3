#define BOOST_TEST_MODULE hubspot_connector
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

#include "crm/hubspot/hubspot_connector.h"
#include "crmsync/phone.h"
#include "hubspot_scripted_http.h"

using namespace crmsync;
using crmsync::connectors::hubspot::HubspotConnector;
using crmsync::test::ScriptedHttp;
using nlohmann::json;

namespace {

const std::string kToken = "pat-eu1-TOKEN-abc";

struct Fixture {
  ManualClock clock;
  std::shared_ptr<ScriptedHttp::Shared> http = std::make_shared<ScriptedHttp::Shared>();
  HubspotConnector crm{std::make_unique<ScriptedHttp>(http), kToken, &clock};

  void answer(int status, const json& body) { http->answers.push_back(ScriptedHttp::json(status, body)); }
  json sentBody(std::size_t i) const { return json::parse(http->sent.at(i).body); }
  std::string target(std::size_t i) const { return http->sent.at(i).target; }
};

Event message(const std::string& id) {
  Event e;
  e.channel = "whatsapp";
  e.providerId = id;
  e.type = "text";
  e.text = "hi " + id;
  e.timestamp = 1700000000;
  e.counterpart = {{IdentifierKind::kPhone, "+79161234567"}};
  return e;
}

Activity activity(const Event& e, const std::string& contact = "501") {
  return {e.dedupeKey(), {"contact", contact}, e, "", json::object()};
}

json upserted(const std::vector<std::pair<std::string, std::string>>& keyToId) {
  json results = json::array();
  for (const auto& [key, id] : keyToId) {
    results.push_back({{"id", id}, {"properties", {{"crmsync_idempotency_key", key}}}, {"new", true}});
  }
  return {{"status", "COMPLETE"}, {"results", results}};
}

json associated(const std::vector<std::string>& fromIds) {
  json results = json::array();
  for (const auto& id : fromIds) results.push_back({{"fromObjectId", std::stoll(id)}, {"toObjectId", 501}});
  return {{"status", "COMPLETE"}, {"results", results}};
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(hubspot_connector, Fixture)

BOOST_AUTO_TEST_CASE(find_sends_the_token_follows_pages_and_returns_each_contact_once) {
  answer(200, {{"results", {{{"id", "1"}, {"properties", {{"phone", "89161234567"}}}}}},
               {"paging", {{"next", {{"after", "1"}}}}}});
  answer(200, {{"results", {{{"id", "1"}, {"properties", {{"phone", "89161234567"}}}},
                            {{"id", "2"}, {"properties", {{"mobilephone", "+7 916 123-45-67"}}}}}}});
  auto found = crm.find({{{{IdentifierKind::kPhone, "+79161234567"}}, {phone::variants("+79161234567")}}});
  BOOST_TEST_REQUIRE(found.isOk(), found.outcome.reason);
  BOOST_TEST_REQUIRE(found.value.size() == 1u);
  BOOST_TEST(found.value[0].size() == 2u);
  BOOST_TEST_REQUIRE(http->sent.size() == 2u);
  for (const HttpRequest& r : http->sent) {
    BOOST_TEST(r.headers.at("Authorization") == "Bearer " + kToken);
    BOOST_TEST(r.headers.at("Content-Type") == "application/json");
    BOOST_TEST(r.scope == "search");
  }
  BOOST_TEST(!sentBody(0).contains("after"));
  BOOST_TEST(sentBody(1)["after"] == "1");
}

BOOST_AUTO_TEST_CASE(messages_are_upserted_once_per_key_then_associated) {
  Event a = message("wamid.a");
  Event b = message("wamid.b");
  answer(200, upserted({{b.dedupeKey(), "902"}, {a.dedupeKey(), "901"}}));  // HubSpot does not keep the order
  answer(201, associated({"901", "902"}));
  auto r = crm.write({activity(a), activity(b), activity(a)});
  BOOST_TEST_REQUIRE(r.isOk(), r.outcome.reason);
  BOOST_TEST_REQUIRE(http->sent.size() == 2u);
  BOOST_TEST(target(0) == "/crm/v3/objects/communications/batch/upsert");
  BOOST_TEST(sentBody(0)["inputs"].size() == 2u);
  BOOST_TEST(target(1) == "/crm/v4/associations/communications/contacts/batch/create");
  BOOST_TEST(sentBody(1)["inputs"].size() == 2u);
  BOOST_TEST(r.value.at(0).activityId == "901");
  BOOST_TEST(r.value.at(1).activityId == "902");
  BOOST_TEST(r.value.at(2).activityId == "901");
  for (const auto& item : r.value) BOOST_TEST(item.outcome.isOk(), item.outcome.reason);
}

BOOST_AUTO_TEST_CASE(a_refused_batch_is_retried_item_by_item_so_only_the_bad_one_fails) {
  Event good = message("wamid.good");
  Event bad = message("wamid.bad");
  answer(400, {{"status", "error"}, {"message", "Property values were not valid: body"}});
  answer(200, upserted({{good.dedupeKey(), "901"}}));
  answer(400, {{"status", "error"}, {"message", "Property values were not valid: body"}});
  answer(201, associated({"901"}));
  auto r = crm.write({activity(good), activity(bad)});
  BOOST_TEST_REQUIRE(r.isOk(), r.outcome.reason);
  BOOST_TEST(http->sent.size() == 4u);
  BOOST_TEST(r.value.at(0).outcome.isOk(), r.value.at(0).outcome.reason);
  BOOST_TEST((r.value.at(1).outcome.kind == Outcome::Kind::kPermanent));
  BOOST_TEST(r.value.at(1).outcome.reason == "HubSpot HTTP 400: Property values were not valid: body");
}

BOOST_AUTO_TEST_CASE(an_association_hubspot_refuses_fails_that_activity) {
  Event a = message("wamid.a");
  answer(200, upserted({{a.dedupeKey(), "901"}}));
  answer(207, {{"results", json::array()}, {"errors", {{{"message", "No contacts with ID 999 exist"}}}}});
  auto r = crm.write({activity(a, "999")});
  Outcome o = r.isOk() ? r.value.at(0).outcome : r.outcome;
  BOOST_TEST((o.kind == Outcome::Kind::kPermanent));
  BOOST_TEST(o.reason.find("No contacts with ID 999 exist") != std::string::npos, o.reason);
}

BOOST_AUTO_TEST_CASE(refused_credentials_fail_the_whole_call_without_showing_the_token) {
  answer(401, {{"status", "error"}, {"message", "Authentication credentials not found."}, {"category", "INVALID_AUTHENTICATION"}});
  auto r = crm.write({activity(message("wamid.a")), activity(message("wamid.b"))});
  BOOST_TEST(!r.isOk());
  BOOST_TEST((r.outcome.kind == Outcome::Kind::kAuthFailed));
  BOOST_TEST(r.outcome.reason.find("Authentication credentials not found") != std::string::npos);
  BOOST_TEST(r.outcome.reason.find(kToken) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(network_failures_are_retryable) {
  http->answers.push_back(Result<HttpResponse>::fail(Outcome::retryable("network: Timeout")));
  auto r = crm.write({activity(message("wamid.a"))});
  BOOST_TEST((r.outcome.kind == Outcome::Kind::kRetryable));
  BOOST_TEST(r.outcome.reason == "HubSpot unreachable: network: Timeout");
}

BOOST_AUTO_TEST_CASE(a_status_for_an_unknown_message_places_and_associates_a_placeholder) {
  Event s = message("wamid.x");
  s.kind = EventKind::kStatus;
  s.status = "delivered";
  const std::string messageKey = "whatsapp:msg:wamid.x";
  answer(207, {{"results", json::array()}, {"errors", {{{"category", "OBJECT_NOT_FOUND"}, {"context", {{"ids", {messageKey}}}}}}}});
  answer(200, upserted({{messageKey, "905"}}));
  answer(201, associated({"905"}));
  auto r = crm.write({activity(s)});
  BOOST_TEST_REQUIRE(r.isOk(), r.outcome.reason);
  BOOST_TEST(r.value.at(0).outcome.isOk(), r.value.at(0).outcome.reason);
  BOOST_TEST(r.value.at(0).activityId == "905");
  BOOST_TEST_REQUIRE(http->sent.size() == 3u);
  BOOST_TEST(target(0) == "/crm/v3/objects/communications/batch/read");
  json placeholder = sentBody(1)["inputs"][0];
  BOOST_TEST(placeholder["id"] == messageKey);
  BOOST_TEST(placeholder["properties"]["crmsync_whatsapp_status"] == "delivered");
  BOOST_TEST(placeholder["properties"]["hs_communication_channel_type"] == "WHATS_APP");
}

BOOST_AUTO_TEST_CASE(a_status_already_recorded_writes_nothing) {
  Event s = message("wamid.y");
  s.kind = EventKind::kStatus;
  s.status = "delivered";
  answer(200, {{"results", {{{"id", "906"}, {"properties", {{"crmsync_idempotency_key", "whatsapp:msg:wamid.y"},
                                                            {"crmsync_whatsapp_status", "read"}}}}}}});
  auto r = crm.write({activity(s)});
  BOOST_TEST_REQUIRE(r.isOk(), r.outcome.reason);
  BOOST_TEST(r.value.at(0).outcome.isOk());
  BOOST_TEST(r.value.at(0).activityId == "906");
  BOOST_TEST(http->sent.size() == 1u);  // read is newer than delivered: no write
}

BOOST_AUTO_TEST_CASE(create_returns_the_contact_of_the_creation_key) {
  answer(200, {{"results", {{{"id", "700"}, {"properties", {{"crmsync_person_key", "crmsync-person-3"}}}, {"new", false}}}}});
  ContactDraft d;
  d.displayName = "Ivan";
  d.identifiers = {{IdentifierKind::kPhone, "+79161234567"}};
  d.creationKey = "crmsync-person-3";
  auto r = crm.create(d);
  BOOST_TEST_REQUIRE(r.isOk(), r.outcome.reason);
  BOOST_TEST(r.value.id == "700");
  BOOST_TEST(r.value.objectType == "contact");
  BOOST_TEST(target(0) == "/crm/v3/objects/contacts/batch/upsert");
}

BOOST_AUTO_TEST_CASE(update_reads_current_values_only_for_only_if_empty_and_skips_empty_patches) {
  answer(200, {{"id", "501"}, {"properties", {{"firstname", "Typed by a lawyer"}}}});
  Outcome nothing = crm.update({{"contact", "501"}, {{"firstname", "Ivan", mapping::WritePolicy::kOnlyIfEmpty}}});
  BOOST_TEST(nothing.isOk(), nothing.reason);
  BOOST_TEST_REQUIRE(http->sent.size() == 1u);
  BOOST_TEST(http->sent[0].method == "GET");
  BOOST_TEST(target(0) == "/crm/v3/objects/contacts/501?properties=firstname");
  answer(200, {{"id", "501"}, {"properties", json::object()}});
  Outcome patched = crm.update({{"contact", "501"}, {{"jobtitle", "Client", mapping::WritePolicy::kOverwrite}}});
  BOOST_TEST(patched.isOk(), patched.reason);
  BOOST_TEST_REQUIRE(http->sent.size() == 2u);
  BOOST_TEST(http->sent[1].method == "PATCH");
  BOOST_TEST(sentBody(1)["properties"]["jobtitle"] == "Client");
  BOOST_TEST(crm.update({{"contact", "501"}, {{"city", nullptr, mapping::WritePolicy::kOverwrite}}}).isOk());
  BOOST_TEST(http->sent.size() == 2u);
}

BOOST_AUTO_TEST_CASE(context_follows_association_pages_and_keeps_open_deals_newest_first) {
  answer(200, {{"id", "501"}, {"properties", {{"hubspot_owner_id", "77"}}}});
  answer(200, {{"results", {{{"toObjectId", 11}}, {{"toObjectId", 12}}}}, {"paging", {{"next", {{"after", "2"}}}}}});
  answer(200, {{"results", {{{"toObjectId", 13}}}}});
  answer(200, {{"results",
                {{{"id", "11"}, {"properties", {{"dealstage", "qualifiedtobuy"}, {"hs_is_closed", "false"}}}, {"updatedAt", "2024-01-01T00:00:00Z"}},
                 {{"id", "12"}, {"properties", {{"dealstage", "closedwon"}, {"hs_is_closed", "true"}}}},
                 {{"id", "13"}, {"properties", {{"dealstage", "contractsent"}, {"hs_is_closed", "false"}}}, {"updatedAt", "2024-02-01T00:00:00Z"}}}}});
  auto ctx = crm.context({"contact", "501"});
  BOOST_TEST_REQUIRE(ctx.isOk(), ctx.outcome.reason);
  BOOST_TEST(ctx.value.ownerId == "77");
  BOOST_TEST_REQUIRE(ctx.value.deals.size() == 2u);
  BOOST_TEST(ctx.value.deals[0].id == "13");
  BOOST_TEST(ctx.value.deals[1].id == "11");
  BOOST_TEST(target(2).find("after=2") != std::string::npos);
  BOOST_TEST(sentBody(3)["inputs"].size() == 3u);
}

BOOST_AUTO_TEST_CASE(describe_sends_nothing) {
  auto previews = crm.describe({activity(message("wamid.p"))});
  BOOST_TEST(previews.size() == 2u);
  BOOST_TEST(http->sent.empty());
}

BOOST_AUTO_TEST_SUITE_END()
