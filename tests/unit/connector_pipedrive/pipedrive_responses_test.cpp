#define BOOST_TEST_MODULE pipedrive_responses
#include <boost/test/unit_test.hpp>
#include <string>

#include "crm/pipedrive/pipedrive_requests.h"

using namespace crmsync;
using namespace crmsync::connectors::pipedrive;

namespace {

HttpResponse response(int status, const std::string& body, std::map<std::string, std::string> headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = body;
  r.headers = std::move(headers);
  return r;
}

const std::int64_t kNow = 1'700'000'000'000;

}  // namespace

BOOST_AUTO_TEST_CASE(search_items_keep_phones_exactly_as_stored) {
  auto page = parseSearchPage(R"({"success":true,"data":{"items":[
      {"result_score":0.5,"item":{"id":7,"type":"person","name":"Anna","phones":["8 (916) 123-45-67","+7 916"],
       "emails":["a@x.ru"],"owner":{"id":3},"custom_fields":["crmsync-person-1"],"notes":[]}},
      {"result_score":0.4,"item":{"id":"8","name":"Bob","phones":[]}}]},
      "additional_data":{"next_cursor":"b2Zmc2V0OjI="}})");
  BOOST_REQUIRE(page.isOk());
  BOOST_REQUIRE_EQUAL(page.value.items.size(), 2u);
  const FoundPerson& anna = page.value.items[0];
  BOOST_TEST(anna.id == "7");
  BOOST_TEST(anna.name == "Anna");
  BOOST_TEST(anna.phones == (std::vector<std::string>{"8 (916) 123-45-67", "+7 916"}),
             boost::test_tools::per_element());
  BOOST_TEST(anna.emails.at(0) == "a@x.ru");
  BOOST_TEST(anna.ownerId == "3");
  BOOST_TEST(anna.customValues.at(0) == "crmsync-person-1");
  BOOST_TEST(page.value.items[1].id == "8");
  BOOST_TEST(page.value.nextCursor == "b2Zmc2V0OjI=");
  auto last = parseSearchPage(R"({"success":true,"data":{"items":[]},"additional_data":{"next_cursor":null}})");
  BOOST_REQUIRE(last.isOk());
  BOOST_TEST(last.value.nextCursor.empty());
}

BOOST_AUTO_TEST_CASE(a_body_of_the_wrong_shape_is_retryable_not_a_crash) {
  for (const char* body : {"<html>502</html>", "{}", R"({"data":{"items":7}})", R"({"data":[1]})"}) {
    auto page = parseSearchPage(body);
    BOOST_TEST((page.outcome.kind == Outcome::Kind::kRetryable), body);
  }
  BOOST_TEST((parseNote(R"({"data":{"content":"x"}})").outcome.kind == Outcome::Kind::kRetryable));
  BOOST_TEST((parseCreatedId(R"({"data":null})").outcome.kind == Outcome::Kind::kRetryable));
}

BOOST_AUTO_TEST_CASE(persons_read_v2_contact_lists_custom_fields_and_update_time) {
  auto p = parsePerson(R"({"success":true,"data":{"id":5,"name":"Anna","owner_id":2,"org_id":null,
      "phones":[{"value":"+7 916","primary":true,"label":"mobile"}],"emails":[],
      "custom_fields":{"abc":"x"},"update_time":"2023-11-14T22:13:20Z"}})");
  BOOST_REQUIRE(p.isOk());
  BOOST_TEST(p.value.id == "5");
  BOOST_TEST(p.value.ownerId == "2");
  BOOST_TEST(p.value.orgId.empty());
  BOOST_TEST(p.value.phones.at(0) == "+7 916");
  BOOST_TEST(p.value.customFields["abc"] == "x");
  BOOST_TEST(p.value.updatedAtMs == 1'700'000'000'000);
  auto list = parsePersons(R"({"success":true,"data":[{"id":1},{"id":2}],"additional_data":{"next_cursor":null}})");
  BOOST_REQUIRE(list.isOk());
  BOOST_TEST(list.value.size() == 2u);
}

BOOST_AUTO_TEST_CASE(v1_note_pages_accept_null_data_and_report_the_next_start) {
  auto empty = parseNotesPage(
      R"({"success":true,"data":null,"additional_data":{"pagination":{"start":0,"limit":500,"more_items_in_collection":false}}})");
  BOOST_REQUIRE(empty.isOk());
  BOOST_TEST(empty.value.notes.empty());
  BOOST_TEST(!empty.value.nextStart.has_value());
  auto more = parseNotesPage(R"({"success":true,"data":[{"id":3,"content":"<p>a</p>"}],
      "additional_data":{"pagination":{"start":0,"limit":1,"more_items_in_collection":true,"next_start":1}}})");
  BOOST_REQUIRE(more.isOk());
  BOOST_TEST(more.value.notes.at(0).id == "3");
  BOOST_TEST(more.value.notes.at(0).content == "<p>a</p>");
  BOOST_TEST(more.value.nextStart.value() == 1);
}

BOOST_AUTO_TEST_CASE(deals_keep_amounts_as_decimal_text) {
  auto page = parseDealsPage(R"({"success":true,"data":[
      {"id":1,"title":"A","stage_id":3,"status":"open","value":1500,"currency":"EUR","owner_id":4,"update_time":"2023-11-14T22:13:20Z"},
      {"id":2,"title":"B","stage_id":1,"status":"open","value":99.5,"currency":"USD","owner_id":4},
      {"id":3,"title":"C","stage_id":1,"status":"open","value":200.0,"currency":"USD","owner_id":4}],
      "additional_data":{"next_cursor":"x"}})");
  BOOST_REQUIRE(page.isOk());
  BOOST_REQUIRE_EQUAL(page.value.deals.size(), 3u);
  BOOST_TEST(page.value.deals[0].amount == "1500");
  BOOST_TEST(page.value.deals[0].stage == "3");
  BOOST_TEST(page.value.deals[0].ownerId == "4");
  BOOST_TEST(page.value.deals[0].updatedAtMs == 1'700'000'000'000);
  BOOST_TEST(page.value.deals[1].amount == "99.5");
  BOOST_TEST(page.value.deals[2].amount == "200");
  BOOST_TEST(page.value.nextCursor == "x");
}

BOOST_AUTO_TEST_CASE(fields_and_stages_are_indexed) {
  auto fields = parseFieldsPage(R"({"success":true,"data":[{"key":"name","name":"Name"},
      {"key":"0123456789abcdef0123456789abcdef01234567","name":"crmsync Key"}],
      "additional_data":{"pagination":{"more_items_in_collection":false}}})");
  BOOST_REQUIRE(fields.isOk());
  BOOST_TEST(fields.value.keysByName.at("crmsync key") == "0123456789abcdef0123456789abcdef01234567");
  auto key = parseFieldKey(R"({"success":true,"data":{"id":9,"key":"abc","name":"crmsync key"}})");
  BOOST_TEST(key.value == "abc");
  auto stages = parseStagesPage(
      R"({"success":true,"data":[{"id":1,"name":"Qualified"}],"additional_data":{"next_cursor":null}})");
  BOOST_TEST(stages.value.namesById.at("1") == "Qualified");
}

BOOST_AUTO_TEST_CASE(errors_carry_pipedrives_own_message) {
  auto bad = response(
      400,
      R"({"success":false,"error":"Validation failed: name: required","error_info":"Please check developers.pipedrive.com"})");
  BOOST_TEST(crmMessage(bad) == "Validation failed: name: required");
  Outcome o = outcomeOf(bad, kNow);
  BOOST_TEST((o.kind == Outcome::Kind::kPermanent));
  BOOST_TEST(o.reason == "Pipedrive HTTP 400: Validation failed: name: required");
  BOOST_TEST(crmMessage(response(502, "<html>Bad gateway</html>")).empty());
  BOOST_TEST((outcomeOf(response(502, "<html/>"), kNow).kind == Outcome::Kind::kRetryable));
  BOOST_TEST((outcomeOf(response(404, R"({"success":false,"error":"Person not found"})"), kNow).kind ==
              Outcome::Kind::kPermanent));
}

BOOST_AUTO_TEST_CASE(refused_credentials_are_auth_failures) {
  for (int status : {401, 403}) {
    Outcome o = outcomeOf(response(status, R"({"success":false,"error":"unauthorized access","errorCode":401})"), kNow);
    BOOST_TEST((o.kind == Outcome::Kind::kAuthFailed));
    BOOST_TEST(o.reason.find("unauthorized access") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(over_the_limit_waits_for_retry_after_or_the_rate_limit_reset) {
  auto limited = response(429, R"({"success":false,"error":"Request over limit","errorCode":429})",
                          {{"x-ratelimit-reset", "2"}, {"x-ratelimit-remaining", "0"}});
  Outcome o = outcomeOf(limited, kNow);
  BOOST_TEST((o.kind == Outcome::Kind::kRetryable));
  BOOST_TEST(o.retryAfter.count() == 2000);
  BOOST_TEST(o.reason == "Pipedrive HTTP 429: Request over limit");
  limited.headers["retry-after"] = "7";
  BOOST_TEST(outcomeOf(limited, kNow).retryAfter.count() == 7000);
  BOOST_TEST(outcomeOf(response(503, "{}"), kNow).retryAfter.count() == 0);
}

BOOST_AUTO_TEST_CASE(a_2xx_that_says_it_failed_is_permanent) {
  Outcome o = outcomeOf(response(200, R"({"success":false,"error":"Item not found"})"), kNow);
  BOOST_TEST((o.kind == Outcome::Kind::kPermanent));
  BOOST_TEST(o.reason.find("Item not found") != std::string::npos);
  BOOST_TEST(outcomeOf(response(201, R"({"success":true,"data":{"id":1}})"), kNow).isOk());
}

BOOST_AUTO_TEST_CASE(times_of_both_api_versions_are_read_as_utc) {
  BOOST_TEST(parseTimeMs("2023-11-14T22:13:20Z") == 1'700'000'000'000);
  BOOST_TEST(parseTimeMs("2023-11-14 22:13:20") == 1'700'000'000'000);
  BOOST_TEST(parseTimeMs("2023-11-14") == 1'699'920'000'000);
  BOOST_TEST(parseTimeMs("yesterday") == 0);
  BOOST_TEST(parseTimeMs("") == 0);
}
