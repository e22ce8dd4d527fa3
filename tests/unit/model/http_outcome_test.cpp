#define BOOST_TEST_MODULE http_outcome
#include <boost/test/unit_test.hpp>

#include "crmsync/http_client.h"

using namespace crmsync;

namespace {
HttpResponse response(int status, std::map<std::string, std::string> headers = {}) { return {status, std::move(headers), ""}; }
}  // namespace

BOOST_AUTO_TEST_CASE(statuses_are_classified_once_for_every_connector) {
  BOOST_TEST(classifyHttp(response(201), "HubSpot", "", 0).isOk());
  BOOST_TEST((classifyHttp(response(401), "HubSpot", "expired", 0).kind == Outcome::Kind::kAuthFailed));
  BOOST_TEST((classifyHttp(response(403), "Kommo", "", 0).kind == Outcome::Kind::kAuthFailed));
  for (int s : {408, 429, 500, 502, 503}) BOOST_TEST((classifyHttp(response(s), "X", "", 0).kind == Outcome::Kind::kRetryable));
  for (int s : {400, 404, 409, 422}) BOOST_TEST((classifyHttp(response(s), "X", "", 0).kind == Outcome::Kind::kPermanent));
}

BOOST_AUTO_TEST_CASE(the_crms_message_is_kept_in_the_reason) {
  Outcome o = classifyHttp(response(400), "Pipedrive", "Person not found", 0);
  BOOST_TEST(o.reason == "Pipedrive HTTP 400: Person not found");
}

BOOST_AUTO_TEST_CASE(retry_after_in_seconds_or_as_a_date) {
  BOOST_TEST(retryAfterMs(response(429, {{"retry-after", "7"}}), 0) == 7000);
  // Sun, 06 Nov 1994 08:49:37 GMT = 784111777 s
  BOOST_TEST(retryAfterMs(response(503, {{"retry-after", "Sun, 06 Nov 1994 08:49:37 GMT"}}), 784111770000) == 7000);
  BOOST_TEST(retryAfterMs(response(429, {{"retry-after", "soon"}}), 0) == 0);
  BOOST_TEST(retryAfterMs(response(429), 0) == 0);
  Outcome o = classifyHttp(response(429, {{"retry-after", "3"}}), "X", "", 0);
  BOOST_TEST(o.retryAfter.count() == 3000);
}
