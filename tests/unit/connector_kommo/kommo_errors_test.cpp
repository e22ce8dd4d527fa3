#define BOOST_TEST_MODULE kommo_errors
#include <boost/test/unit_test.hpp>

#include "crm/kommo/kommo_errors.h"

using namespace crmsync;
using namespace crmsync::connectors::kommo;

namespace {

HttpResponse answer(int status, const std::string& body, std::map<std::string, std::string> headers = {}) {
  return HttpResponse{status, std::move(headers), body};
}

constexpr std::int64_t kNow = 1'700'000'000'000;

}  // namespace

BOOST_AUTO_TEST_CASE(the_problem_detail_is_the_message) {
  BOOST_TEST(errorMessage(R"({"title":"Bad Request","type":"https://httpstatus.es/400","status":400,"detail":"Entity not found"})") ==
             "Entity not found");
  BOOST_TEST(errorMessage(R"({"title":"Unauthorized","status":401})") == "Unauthorized");
  BOOST_TEST(errorMessage(R"({"title":"Unauthorized","status":401,"detail":"Unauthorized","hint":"Token has expired"})") ==
             "Unauthorized; Token has expired");
  BOOST_TEST(errorMessage(R"({"response":{"error":"Account is blocked","error_code":"403"}})") == "Account is blocked");
  BOOST_TEST(errorMessage("").empty());
}

BOOST_AUTO_TEST_CASE(validation_errors_name_the_path_and_code) {
  const std::string body = R"({"title":"Bad Request","status":400,"detail":"Request validation failed","validation-errors":[
      {"request_id":"0","errors":[{"code":"NotSupportedChoice","path":"custom_fields_values.0.field_id","detail":"The value you selected is not a valid choice."}]},
      {"request_id":"2","errors":[{"code":"NotBlank","path":"params.text","detail":"This value should not be blank."}]}]})";
  BOOST_TEST(errorMessage(body) ==
             "Request validation failed; custom_fields_values.0.field_id: The value you selected is not a valid choice. "
             "(NotSupportedChoice); params.text: This value should not be blank. (NotBlank)");
  auto items = itemErrors(body);
  BOOST_REQUIRE_EQUAL(items.size(), 2u);
  BOOST_TEST(items["2"] == "params.text: This value should not be blank. (NotBlank)");
  BOOST_TEST(items.count("1") == 0u);
  BOOST_TEST(itemErrors("<html>").empty());
}

BOOST_AUTO_TEST_CASE(a_body_that_is_not_json_is_read_as_short_text) {
  BOOST_TEST(errorMessage("<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body><h1>429 Too Many Requests</h1></body></html>") ==
             "429 Too Many Requests 429 Too Many Requests");
  BOOST_TEST(errorMessage(std::string(500, 'x')).size() <= 205u);
}

BOOST_AUTO_TEST_CASE(statuses_are_classified_as_the_contract_says) {
  BOOST_TEST((classify(answer(200, "{}"), kNow, 0).kind == Outcome::Kind::kOk));
  BOOST_TEST((classify(answer(204, ""), kNow, 0).kind == Outcome::Kind::kOk));
  Outcome bad = classify(answer(400, R"({"detail":"Request validation failed"})"), kNow, 0);
  BOOST_TEST((bad.kind == Outcome::Kind::kPermanent));
  BOOST_TEST(bad.reason == "Kommo HTTP 400: Request validation failed");
  BOOST_TEST((classify(answer(404, ""), kNow, 0).kind == Outcome::Kind::kPermanent));
  BOOST_TEST((classify(answer(401, R"({"title":"Unauthorized"})"), kNow, 0).kind == Outcome::Kind::kAuthFailed));
  BOOST_TEST((classify(answer(403, ""), kNow, 0).kind == Outcome::Kind::kAuthFailed));
  Outcome throttled = classify(answer(429, "<html>Too Many</html>", {{"retry-after", "3"}}), kNow, kNow);
  BOOST_TEST((throttled.kind == Outcome::Kind::kRetryable));
  BOOST_TEST(throttled.retryAfter.count() == 3000);
  BOOST_TEST((classify(answer(503, ""), kNow, 0).kind == Outcome::Kind::kRetryable));
  BOOST_TEST((classify(answer(408, ""), kNow, 0).kind == Outcome::Kind::kRetryable));
}

BOOST_AUTO_TEST_CASE(a_403_right_after_a_429_is_a_block_not_a_bad_token) {
  Outcome block = classify(answer(403, "<html>403 Forbidden</html>"), kNow, kNow - 5'000);
  BOOST_TEST((block.kind == Outcome::Kind::kRetryable), block.reason);
  BOOST_TEST(block.retryAfter.count() == kAssumedBlockMs);
  BOOST_TEST(block.reason.find("403") != std::string::npos);
  Outcome later = classify(answer(403, ""), kNow, kNow - kBlockAfterThrottleWindowMs - 1);
  BOOST_TEST((later.kind == Outcome::Kind::kAuthFailed));
}
