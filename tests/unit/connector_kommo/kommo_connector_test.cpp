#define BOOST_TEST_MODULE kommo_connector
#include <boost/test/unit_test.hpp>

#include <deque>

#include "crm/kommo/kommo_connector.h"
#include "crm/kommo/kommo_errors.h"
#include "crmsync/phone.h"

using namespace crmsync;
using namespace crmsync::connectors::kommo;
using nlohmann::json;

namespace {

constexpr const char* kToken = "long-lived-token-value";

// Answers requests from a script, in order, and keeps every request (no network).
struct Script {
  std::deque<HttpResponse> answers;
  std::vector<HttpRequest> sent;
};

class ScriptedHttp final : public HttpClient {
 public:
  explicit ScriptedHttp(std::shared_ptr<Script> script) : script_(std::move(script)) {}
  Result<HttpResponse> send(const HttpRequest& request) override {
    script_->sent.push_back(request);
    if (script_->answers.empty()) return Result<HttpResponse>::fail(Outcome::retryable("network: script exhausted"));
    HttpResponse r = script_->answers.front();
    script_->answers.pop_front();
    return Result<HttpResponse>::ok(r);
  }

 private:
  std::shared_ptr<Script> script_;
};

HttpResponse ok(const json& body) { return {200, {}, body.dump()}; }
HttpResponse noContent() { return {204, {}, ""}; }
HttpResponse status(int code, const std::string& body = "") { return {code, {}, body}; }

struct Fixture {
  ManualClock clock;
  std::shared_ptr<Script> script = std::make_shared<Script>();
  KommoConnector kommo{std::make_unique<KommoApi>(std::make_unique<ScriptedHttp>(script), kToken, clock)};

  void answer(std::initializer_list<HttpResponse> answers) {
    for (const auto& a : answers) script->answers.push_back(a);
  }
  const HttpRequest& request(std::size_t i) const { return script->sent.at(i); }
};

Activity message(const std::string& id, const std::string& contact = "1000001") {
  Activity a;
  a.event.channel = "whatsapp";
  a.event.providerId = id;
  a.event.text = "text of " + id;
  a.event.type = "text";
  a.event.timestamp = 1700000000;
  a.event.counterpart = {{IdentifierKind::kPhone, "+79161234567"}};
  a.idempotencyKey = a.event.dedupeKey();
  a.record = {"contact", contact};
  a.fields = {{"text", "WhatsApp inbound: " + a.event.text}};
  return a;
}

Activity statusOf(const Activity& m, const std::string& value) {
  Activity s = m;
  s.event.kind = EventKind::kStatus;
  s.event.status = value;
  s.event.text.clear();
  s.idempotencyKey = s.event.dedupeKey();
  s.fields = json::object();
  return s;
}

json notesPage(const json& notes) { return {{"_page", 1}, {"_links", {{"self", {{"href", "x"}}}}}, {"_embedded", {{"notes", notes}}}}; }

json note(int id, const std::string& entity, const std::string& text) {
  return {{"id", id}, {"entity_id", std::stoll(entity)}, {"note_type", "common"}, {"params", {{"text", text}}}};
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(kommo_connector, Fixture)

BOOST_AUTO_TEST_CASE(write_looks_up_then_posts_one_array_exactly_as_described) {
  std::vector<Activity> batch = {message("wamid.a"), message("wamid.b", "1000002")};
  answer({noContent(), ok(json::parse(R"({"_embedded":{"notes":[{"id":11,"request_id":"0"},{"id":12,"request_id":"1"}]}})"))});
  auto r = kommo.write(batch);
  BOOST_REQUIRE(r.isOk());
  BOOST_REQUIRE_EQUAL(r.value.size(), 2u);
  BOOST_TEST(r.value[0].outcome.isOk());
  BOOST_TEST(r.value[0].activityId == "11");
  BOOST_TEST(r.value[1].activityId == "12");
  BOOST_REQUIRE_EQUAL(script->sent.size(), 2u);
  BOOST_TEST(request(0).headers.at("Authorization") == std::string("Bearer ") + kToken);
  auto preview = kommo.describe(batch);
  BOOST_REQUIRE_EQUAL(preview.size(), 2u);
  BOOST_TEST(request(0).method == "GET");
  BOOST_TEST(request(0).target == preview[0].path);
  BOOST_TEST(request(1).method == preview[1].method);
  BOOST_TEST(request(1).target == preview[1].path);
  BOOST_TEST(json::parse(request(1).body) == preview[1].body);
  BOOST_TEST(request(1).headers.at("Content-Type") == "application/json");
  BOOST_TEST(script->sent.size() == 2u, "describe() sent nothing");
}

BOOST_AUTO_TEST_CASE(a_note_already_holding_the_key_is_not_written_again) {
  Activity a = message("wamid.a");
  answer({ok(notesPage(json::array({note(7, "1000001", "older\ncrmsync-key: " + a.idempotencyKey)})))});
  auto r = kommo.write({a, a});
  BOOST_REQUIRE(r.isOk());
  BOOST_TEST(r.value[0].activityId == "7");
  BOOST_TEST(r.value[1].activityId == "7");
  BOOST_TEST(script->sent.size() == 1u);
}

BOOST_AUTO_TEST_CASE(per_item_validation_errors_fail_only_their_item) {
  answer({noContent(), status(400, R"({"title":"Bad Request","status":400,"detail":"Request validation failed",
      "validation-errors":[{"request_id":"1","errors":[{"code":"NotBlank","path":"params.text","detail":"This value should not be blank."}]}]})")});
  auto r = kommo.write({message("wamid.a"), message("wamid.b")});
  BOOST_REQUIRE(r.isOk());
  BOOST_TEST((r.value[0].outcome.kind == Outcome::Kind::kRetryable), r.value[0].outcome.reason);
  BOOST_TEST((r.value[1].outcome.kind == Outcome::Kind::kPermanent));
  BOOST_TEST(r.value[1].outcome.reason == "Kommo HTTP 400: params.text: This value should not be blank. (NotBlank)");
}

BOOST_AUTO_TEST_CASE(a_failed_lookup_fails_the_whole_call) {
  answer({status(401, R"({"title":"Unauthorized","status":401,"detail":"Unauthorized"})")});
  auto r = kommo.write({message("wamid.a")});
  BOOST_TEST((r.outcome.kind == Outcome::Kind::kAuthFailed));
  BOOST_TEST(r.outcome.reason.find(kToken) == std::string::npos);
  BOOST_TEST(script->sent.size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_invalid_activity_is_refused_without_a_request) {
  Activity a = message("wamid.a", "not-a-number");
  auto r = kommo.write({a});
  BOOST_REQUIRE(r.isOk());
  BOOST_TEST((r.value[0].outcome.kind == Outcome::Kind::kPermanent));
  BOOST_TEST(script->sent.empty());
}

BOOST_AUTO_TEST_CASE(a_status_updates_its_message_note_in_place_once) {
  Activity m = message("wamid.a");
  std::string text = "hi\ncrmsync-key: " + m.idempotencyKey;
  answer({ok(notesPage(json::array({note(7, "1000001", text)}))), ok(json::parse(R"({"_embedded":{"notes":[{"id":7}]}})"))});
  auto r = kommo.write({statusOf(m, "delivered"), statusOf(m, "read")});
  BOOST_REQUIRE(r.isOk());
  BOOST_TEST(r.value[0].outcome.isOk());
  BOOST_TEST(r.value[1].activityId == "7");
  BOOST_REQUIRE_EQUAL(script->sent.size(), 2u);
  BOOST_TEST(request(1).method == "PATCH");
  BOOST_TEST(json::parse(request(1).body) ==
             json::parse(R"([{"id":7,"entity_id":1000001,"note_type":"common","params":{"text":"hi\nWhatsApp status: read\ncrmsync-key: )" +
                         m.idempotencyKey + R"("}}])"));

  answer({ok(notesPage(json::array({note(7, "1000001", "hi\nWhatsApp status: read\ncrmsync-key: " + m.idempotencyKey)})))});
  auto again = kommo.write({statusOf(m, "delivered")});
  BOOST_REQUIRE(again.isOk());
  BOOST_TEST(again.value[0].outcome.isOk());
  BOOST_TEST(script->sent.size() == 3u, "a weaker status changes nothing");
}

BOOST_AUTO_TEST_CASE(a_status_of_a_message_kommo_never_got_is_a_note_of_its_own) {
  Activity s = statusOf(message("wamid.x"), "read");
  answer({noContent(), ok(json::parse(R"({"_embedded":{"notes":[{"id":9,"request_id":"0"}]}})"))});
  auto r = kommo.write({s});
  BOOST_REQUIRE(r.isOk());
  BOOST_TEST(r.value[0].activityId == "9");
  BOOST_TEST(json::parse(request(1).body)[0]["params"]["text"] == "WhatsApp status: read\ncrmsync-key: " + s.idempotencyKey);
}

BOOST_AUTO_TEST_CASE(a_403_right_after_a_429_is_retried_not_paused) {
  answer({status(429, "<html>429</html>"), status(403, "<html>403 Forbidden</html>")});
  auto first = kommo.write({message("wamid.a")});
  BOOST_TEST((first.outcome.kind == Outcome::Kind::kRetryable));
  auto second = kommo.write({message("wamid.a")});
  BOOST_TEST((second.outcome.kind == Outcome::Kind::kRetryable), second.outcome.reason);
  clock.advanceMs(kBlockAfterThrottleWindowMs + 1);
  answer({status(403, "")});
  BOOST_TEST((kommo.write({message("wamid.a")}).outcome.kind == Outcome::Kind::kAuthFailed));
}

BOOST_AUTO_TEST_CASE(find_asks_each_term_and_follows_pages) {
  json contact = {{"id", 5}, {"name", "Ivan"}, {"custom_fields_values", json::parse(R"([{"field_code":"PHONE","values":[{"value":"8 916 123 45 67"}]}])")}};
  json page1 = {{"_links", {{"next", {{"href", "p2"}}}}}, {"_embedded", {{"contacts", json::array({contact})}}}};
  json page2 = {{"_links", json::object()}, {"_embedded", {{"contacts", json::array({contact})}}}};
  answer({ok(page1), ok(page2), noContent(), noContent()});
  auto r = kommo.find({{{{IdentifierKind::kPhone, "+79161234567"}}, {phone::variants("+79161234567")}}});
  BOOST_REQUIRE(r.isOk());
  BOOST_REQUIRE_EQUAL(r.value.at(0).size(), 1u);
  BOOST_TEST(r.value[0][0].phones == std::vector<std::string>{"8 916 123 45 67"}, boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(script->sent.size(), 4u);
  BOOST_TEST(request(0).target == "/api/v4/contacts?query=9161234567&limit=250&page=1");
  BOOST_TEST(request(1).target == "/api/v4/contacts?query=9161234567&limit=250&page=2");
  BOOST_TEST(request(2).target.find("query=%2B7%20916%20123-45-67") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(create_makes_crmsyncs_fields_once_and_finds_an_earlier_attempt_by_its_key) {
  ContactDraft d;
  d.displayName = "Anna";
  d.identifiers = {{IdentifierKind::kPhone, "+79035551234"}};
  d.creationKey = "crmsync-person-3";
  json fields = {{"_embedded", {{"custom_fields", json::parse(R"([{"id":1,"code":"PHONE"},{"id":2,"code":"CRMSYNC_KEY"}])")}}}};
  answer({ok(fields), ok(json::parse(R"({"_embedded":{"custom_fields":[{"id":3}]}})")), noContent(),
          ok(json::parse(R"({"_embedded":{"contacts":[{"id":77,"request_id":"0"}]}})"))});
  auto made = kommo.create(d);
  BOOST_REQUIRE_MESSAGE(made.isOk(), made.outcome.reason);
  BOOST_TEST(made.value.id == "77");
  BOOST_REQUIRE_EQUAL(script->sent.size(), 4u);
  BOOST_TEST(json::parse(request(1).body) == json::parse(R"([{"name":"WhatsApp BSUID","type":"text","code":"WHATSAPP_BSUID"}])"));
  BOOST_TEST(request(2).target == "/api/v4/contacts?query=crmsync-person-3&limit=250&page=1");
  BOOST_TEST(request(3).method == "POST");

  json found = {{"_embedded", {{"contacts", json::array({{{"id", 77}, {"custom_fields_values",
      json::parse(R"([{"field_code":"CRMSYNC_KEY","values":[{"value":"crmsync-person-3"}]}])")}}})}}}};
  answer({ok(found)});
  auto again = kommo.create(d);
  BOOST_REQUIRE(again.isOk());
  BOOST_TEST(again.value.id == "77");
  BOOST_TEST(script->sent.size() == 5u, "fields are checked once; no second POST");
}

BOOST_AUTO_TEST_CASE(update_reads_the_contact_for_only_if_empty_and_writes_what_is_empty) {
  using mapping::WritePolicy;
  answer({ok(json::parse(R"({"id":5,"name":"Typed by a lawyer","first_name":""})")), ok(json::parse(R"({"id":5})"))});
  Outcome o = kommo.update({{"contact", "5"}, {{"name", "Anna", WritePolicy::kOnlyIfEmpty}, {"first_name", "Anna", WritePolicy::kOnlyIfEmpty}}});
  BOOST_TEST(o.isOk(), o.reason);
  BOOST_REQUIRE_EQUAL(script->sent.size(), 2u);
  BOOST_TEST(request(0).target == "/api/v4/contacts/5");
  BOOST_TEST(request(1).method == "PATCH");
  BOOST_TEST(json::parse(request(1).body) == json::parse(R"({"first_name":"Anna"})"));

  answer({ok(json::parse(R"({"id":5,"name":"Typed by a lawyer"})"))});
  BOOST_TEST(kommo.update({{"contact", "5"}, {{"name", "Anna", WritePolicy::kOnlyIfEmpty}, {"x", nullptr, WritePolicy::kOverwrite}}}).isOk());
  BOOST_TEST(script->sent.size() == 3u, "nothing to write: no PATCH");
}

BOOST_AUTO_TEST_CASE(context_reads_every_page_of_the_contacts_leads) {
  json contact = {{"id", 5}, {"responsible_user_id", 9}, {"_embedded", {{"leads", json::parse(R"([{"id":1},{"id":2},{"id":3}])")}}}};
  json pipelines = json::parse(R"({"_embedded":{"pipelines":[{"id":1,"_embedded":{"statuses":[{"id":11,"name":"New"},{"id":142,"name":"Won"}]}}]}})");
  json leads1 = {{"_links", {{"next", {{"href", "n"}}}}},
                 {"_embedded", {{"leads", json::parse(R"([{"id":1,"status_id":11,"price":5,"updated_at":1},{"id":2,"status_id":142}])")}}}};
  json leads2 = {{"_embedded", {{"leads", json::parse(R"([{"id":3,"status_id":11,"price":7,"updated_at":2}])")}}}};
  answer({ok(contact), ok(pipelines), ok(json{{"currency", "EUR"}}), ok(leads1), ok(leads2)});
  auto ctx = kommo.context({"contact", "5"});
  BOOST_REQUIRE_MESSAGE(ctx.isOk(), ctx.outcome.reason);
  BOOST_TEST(ctx.value.ownerId == "9");
  BOOST_REQUIRE_EQUAL(ctx.value.deals.size(), 2u);
  BOOST_TEST(ctx.value.deals[0].id == "3");
  BOOST_TEST(ctx.value.deals[1].stage == "New");
  BOOST_TEST(ctx.value.deals[1].currency == "EUR");
  BOOST_TEST(request(3).target.find("/api/v4/leads?filter%5Bid%5D%5B%5D=1&") == 0u);
  BOOST_TEST(request(4).target.find("page=2") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
