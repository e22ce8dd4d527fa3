#define BOOST_TEST_MODULE bitrix24_requests
#include "crm/bitrix24/bitrix24_requests.h"

#include <boost/test/unit_test.hpp>

using namespace crmsync;
using namespace crmsync::connectors::bitrix24;
using nlohmann::json;

namespace {

constexpr std::int64_t kNow = 1'700'000'000'000;

HttpResponse answer(int status, const json& body, std::map<std::string, std::string> headers = {}) {
  return {status, std::move(headers), body.dump()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(encoding)

BOOST_AUTO_TEST_CASE(params_are_encoded_like_php_http_build_query) {
  json params = {{"fields", {{"SUBJECT", "Hi & bye"}, {"PHONE", {{{"VALUE", "+7 916"}, {"VALUE_TYPE", "MOBILE"}}}}}},
                 {"flag", true},
                 {"skip", nullptr},
                 {"empty", json::array()}};
  BOOST_TEST(encodeQuery(params) ==
             "fields%5BPHONE%5D%5B0%5D%5BVALUE%5D=%2B7%20916&fields%5BPHONE%5D%5B0%5D%5BVALUE_TYPE%5D=MOBILE"
             "&fields%5BSUBJECT%5D=Hi%20%26%20bye&flag=1");
}

BOOST_AUTO_TEST_CASE(a_call_is_a_json_post_to_its_method) {
  HttpRequest r = buildRequest({"crm.contact.get", {{"id", "5"}}, "default"});
  BOOST_TEST(r.method == "POST");
  BOOST_TEST(r.target == "/crm.contact.get.json");
  BOOST_TEST(r.headers.at("Content-Type") == "application/json");
  BOOST_TEST(json::parse(r.body) == json({{"id", "5"}}));
}

BOOST_AUTO_TEST_CASE(a_batch_names_its_calls_in_order_and_runs_on) {
  std::vector<Call> calls;
  for (int i = 0; i < 12; ++i) calls.push_back({"crm.contact.get", {{"id", i}}, "default"});
  HttpRequest r = buildBatchRequest(calls);
  BOOST_TEST(r.target == "/batch.json");
  json body = json::parse(r.body);
  BOOST_TEST(body["halt"] == 0);
  BOOST_TEST(body["cmd"]["c00"] == "crm.contact.get?id=0");
  BOOST_TEST(body["cmd"]["c11"] == "crm.contact.get?id=11");
  // Keys sort in call order, so the portal runs them in the order given.
  std::vector<std::string> keys;
  for (auto it = body["cmd"].begin(); it != body["cmd"].end(); ++it) keys.push_back(it.key());
  BOOST_TEST(keys.front() == "c00");
  BOOST_TEST(keys.back() == "c11");
}

BOOST_AUTO_TEST_CASE(previews_show_one_call_alone_and_several_as_batches_of_50) {
  std::vector<Call> calls(51, Call{"crm.activity.add", {{"fields", {{"SUBJECT", "x"}}}}, "default"});
  auto one = previews({calls[0]});
  BOOST_REQUIRE_EQUAL(one.size(), 1u);
  BOOST_TEST(one[0].path == "/crm.activity.add.json");
  auto many = previews(calls);
  BOOST_REQUIRE_EQUAL(many.size(), 2u);
  BOOST_TEST(many[0].path == "/batch.json");
  BOOST_TEST(many[0].body["cmd"].size() == 50u);
  BOOST_TEST(many[1].body["cmd"].size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(answers)

BOOST_AUTO_TEST_CASE(a_list_page_gives_its_rows_next_and_total) {
  CallResult r =
      parseResponse(answer(200, {{"result", json::array({{{"ID", "1"}}})}, {"next", 50}, {"total", 120}}), kNow);
  BOOST_TEST(r.outcome.isOk());
  BOOST_TEST(r.result.size() == 1u);
  BOOST_REQUIRE(r.next.has_value());
  BOOST_TEST(*r.next == 50);
  BOOST_TEST(r.total == 120);
}

BOOST_AUTO_TEST_CASE(the_crms_own_error_text_is_kept) {
  BOOST_TEST(errorMessage({{"error", "ACCESS_DENIED"}, {"error_description", "Access denied."}}) ==
             "ACCESS_DENIED: Access denied.");
  BOOST_TEST(errorMessage({{"error", ""}, {"error_description", "The field SUBJECT is not defined or empty."}}) ==
             "The field SUBJECT is not defined or empty.");
  BOOST_TEST(errorMessage({{"error", "NOT_FOUND"}}) == "NOT_FOUND");
  BOOST_TEST(errorMessage(json::object()).empty());
  CallResult r = parseResponse(answer(400, {{"error", ""}, {"error_description", "Not found"}}), kNow);
  BOOST_TEST((r.outcome.kind == Outcome::Kind::kPermanent));
  BOOST_TEST(r.outcome.reason == "Bitrix24 HTTP 400: Not found");
}

BOOST_AUTO_TEST_CASE(refused_webhooks_are_auth_failures) {
  for (int status : {401, 403}) {
    CallResult r = parseResponse(
        answer(status, {{"error", "INVALID_CREDENTIALS"}, {"error_description", "Invalid request credentials"}}), kNow);
    BOOST_TEST((r.outcome.kind == Outcome::Kind::kAuthFailed));
    BOOST_TEST(r.outcome.reason.find("Invalid request credentials") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(query_limit_exceeded_backs_off_without_retry_after) {
  CallResult r =
      parseResponse(answer(503, {{"error", "QUERY_LIMIT_EXCEEDED"}, {"error_description", "Too many requests"}}), kNow);
  BOOST_TEST((r.outcome.kind == Outcome::Kind::kRetryable));
  BOOST_TEST(r.outcome.retryAfter.count() == kQueryLimitBackoffMs);
  CallResult told = parseResponse(answer(503, {{"error", "QUERY_LIMIT_EXCEEDED"}}, {{"retry-after", "3"}}), kNow);
  BOOST_TEST(told.outcome.retryAfter.count() == 3000);
}

BOOST_AUTO_TEST_CASE(operation_time_limit_waits_until_the_operating_budget_resets) {
  json body = {{"error", "OPERATION_TIME_LIMIT"},
               {"error_description", "Method is blocked"},
               {"time", {{"operating_reset_at", (kNow + 42'000) / 1000}}}};
  CallResult r = parseResponse(answer(429, body), kNow);
  BOOST_TEST((r.outcome.kind == Outcome::Kind::kRetryable));
  BOOST_TEST(r.outcome.retryAfter.count() == 42'000);
  CallResult unknown = parseResponse(answer(429, {{"error", "OPERATION_TIME_LIMIT"}}), kNow);
  BOOST_TEST(unknown.outcome.retryAfter.count() == kOperationLimitBackoffMs);
  // A reset time no clock reaches is ignored (casting it would be undefined), not waited for.
  json absurd = {{"error", "OPERATION_TIME_LIMIT"}, {"time", {{"operating_reset_at", 1e300}}}};
  BOOST_TEST(parseResponse(answer(429, absurd), kNow).outcome.retryAfter.count() == kOperationLimitBackoffMs);
}

BOOST_AUTO_TEST_CASE(an_answer_that_is_not_bitrix24_json_is_retryable) {
  HttpResponse html{200, {}, "<html>maintenance</html>"};
  BOOST_TEST((parseResponse(html, kNow).outcome.kind == Outcome::Kind::kRetryable));
  BOOST_TEST((parseResponse(answer(200, {{"time", json::object()}}), kNow).outcome.kind == Outcome::Kind::kRetryable));
  CallResult error200 = parseResponse(answer(200, {{"error", "ACCESS_DENIED"}, {"error_description", "no"}}), kNow);
  BOOST_TEST((error200.outcome.kind == Outcome::Kind::kPermanent));
}

BOOST_AUTO_TEST_CASE(a_batch_answer_is_split_per_call) {
  json body = {{"result",
                {{"result", {{"c00", 17}, {"c02", json::array({{{"ID", "3"}}})}}},
                 {"result_error",
                  {{"c01", {{"error", ""}, {"error_description", "Not found"}}},
                   {"c03", {{"error", "QUERY_LIMIT_EXCEEDED"}, {"error_description", "Too many requests"}}},
                   {"c04", {{"error", "insufficient_scope"}, {"error_description", ""}}}}},
                 {"result_total", {{"c02", 51}}},
                 {"result_next", {{"c02", 50}}},
                 {"result_time", json::array()}}}};
  auto parts = parseBatchResponse(answer(200, body), 6, kNow);
  BOOST_REQUIRE_EQUAL(parts.size(), 6u);
  BOOST_TEST(parts[0].outcome.isOk());
  BOOST_TEST(parts[0].result == 17);
  BOOST_TEST((parts[1].outcome.kind == Outcome::Kind::kPermanent));
  BOOST_TEST(parts[1].outcome.reason.find("Not found") != std::string::npos);
  BOOST_TEST(parts[2].total == 51);
  BOOST_TEST(parts[2].next.value_or(0) == 50);
  BOOST_TEST((parts[3].outcome.kind == Outcome::Kind::kRetryable));
  BOOST_TEST((parts[4].outcome.kind == Outcome::Kind::kAuthFailed));
  BOOST_TEST((parts[5].outcome.kind == Outcome::Kind::kRetryable), "a call the answer forgot");
}

BOOST_AUTO_TEST_CASE(a_failed_batch_fails_every_call_the_same_way) {
  auto parts = parseBatchResponse(
      answer(400, {{"error", "ERROR_BATCH_LENGTH_EXCEEDED"}, {"error_description", "Max batch length exceeded"}}), 3,
      kNow);
  BOOST_REQUIRE_EQUAL(parts.size(), 3u);
  for (const auto& p : parts) {
    BOOST_TEST((p.outcome.kind == Outcome::Kind::kPermanent));
    BOOST_TEST(p.outcome.reason.find("Max batch length exceeded") != std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()
