#define BOOST_TEST_MODULE hubspot_responses
#include <boost/test/unit_test.hpp>

#include <string>

#include "crm/hubspot/hubspot_batch.h"
#include "crm/hubspot/hubspot_contacts.h"
#include "crm/hubspot/hubspot_search.h"
#include "crm/hubspot/hubspot_values.h"

using namespace crmsync;
using namespace crmsync::connectors::hubspot;
using nlohmann::json;

namespace {

HttpResponse answer(int status, const std::string& body, std::map<std::string, std::string> headers = {}) {
  return {status, std::move(headers), body};
}

const json kSearchPage = {
    {"total", 3},
    {"results",
     {{{"id", "101"},
       {"properties",
        {{"firstname", "Ivan"}, {"lastname", "Petrov"}, {"phone", "8 (916) 123-45-67"}, {"mobilephone", "+7 916 123-45-67"},
         {"hubspot_owner_id", "77"}, {"email", nullptr}, {"crmsync_whatsapp_bsuid", "RU.9"}}},
       {"createdAt", "2024-01-01T00:00:00.000Z"},
       {"updatedAt", "2024-02-03T04:05:06.789Z"},
       {"archived", false}},
      {{"id", "102"}, {"properties", {{"firstname", "Anna"}, {"phone", nullptr}}}, {"updatedAt", "garbage"}}}},
    {"paging", {{"next", {{"after", "2"}, {"link", "?after=2"}}}}}};

}  // namespace

BOOST_AUTO_TEST_CASE(search_results_become_candidates_with_phones_as_stored) {
  auto results = parseResults(kSearchPage.dump());
  BOOST_TEST_REQUIRE(results.has_value());
  BOOST_TEST_REQUIRE(results->size() == 2u);
  CrmCandidate ivan = toCandidate((*results)[0]);
  BOOST_TEST(ivan.record.id == "101");
  BOOST_TEST(ivan.record.objectType == "contact");
  BOOST_TEST(ivan.displayName == "Ivan Petrov");
  BOOST_TEST(ivan.phones == (std::vector<std::string>{"8 (916) 123-45-67", "+7 916 123-45-67"}), boost::test_tools::per_element());
  BOOST_TEST(ivan.ownerId == "77");
  BOOST_TEST(ivan.updatedAtMs == 1706933106789);
  BOOST_TEST_REQUIRE(ivan.otherIdentifiers.size() == 1u);
  BOOST_TEST(ivan.otherIdentifiers[0].key() == "whatsapp_bsuid:RU.9");
  CrmCandidate anna = toCandidate((*results)[1]);
  BOOST_TEST(anna.phones.empty());
  BOOST_TEST(anna.displayName == "Anna");
  BOOST_TEST(anna.updatedAtMs == 0);
  BOOST_TEST(nextAfter(kSearchPage) == "2");
  BOOST_TEST(nextAfter(json{{"results", json::array()}}).empty());
  BOOST_TEST(!parseResults("<html>").has_value());
  BOOST_TEST(!parseResults("{\"status\":\"error\"}").has_value());
}

BOOST_AUTO_TEST_CASE(batch_answers_are_matched_by_their_key_property) {
  json body = {{"status", "COMPLETE"},
               {"results",
                {{{"id", "9"}, {"properties", {{"crmsync_idempotency_key", "k2"}}}, {"new", true}},
                 {{"id", "8"}, {"properties", {{"crmsync_idempotency_key", "k1"}}}, {"new", false}},
                 {{"id", "7"}, {"properties", json::object()}}}}};
  auto byKey = objectsByKey(body.dump(), "crmsync_idempotency_key");
  BOOST_TEST_REQUIRE(byKey.has_value());
  BOOST_TEST(byKey->size() == 2u);
  BOOST_TEST(byKey->at("k1").id == "8");
  BOOST_TEST(byKey->at("k2").isNew);
  BOOST_TEST(!byKey->at("k1").isNew);
}

BOOST_AUTO_TEST_CASE(association_answers_name_what_was_associated_and_why_not) {
  json ok = {{"status", "COMPLETE"},
             {"results", {{{"fromObjectTypeId", "0-18"}, {"fromObjectId", 900}, {"toObjectTypeId", "0-1"}, {"toObjectId", 501}}}}};
  auto parsed = parseAssociationResult(ok.dump());
  BOOST_TEST_REQUIRE(parsed.has_value());
  BOOST_TEST(parsed->associatedFromIds == std::vector<std::string>{"900"}, boost::test_tools::per_element());
  BOOST_TEST(parsed->errorMessage.empty());
  json partial = ok;
  partial["errors"] = {{{"status", "error"}, {"message", "No contacts with ID 502 exist"}, {"category", "VALIDATION_ERROR"}}};
  BOOST_TEST(parseAssociationResult(partial.dump())->errorMessage == "No contacts with ID 502 exist");
  BOOST_TEST(!parseAssociationResult("[]").has_value());
}

BOOST_AUTO_TEST_CASE(deal_pages_and_deals_read_as_context) {
  json page = {{"results", {{{"toObjectId", 11}, {"associationTypes", json::array()}}, {{"toObjectId", "12"}}}},
               {"paging", {{"next", {{"after", "MTI="}}}}}};
  auto ids = parseIdPage(page.dump());
  BOOST_TEST_REQUIRE(ids.has_value());
  BOOST_TEST(ids->ids == (std::vector<std::string>{"11", "12"}), boost::test_tools::per_element());
  BOOST_TEST(ids->after == "MTI=");
  HubspotObject open{"11", {{"dealname", "Divorce"}, {"dealstage", "qualifiedtobuy"}, {"amount", "1500.50"},
                            {"deal_currency_code", "EUR"}, {"hubspot_owner_id", "77"}, {"hs_is_closed", "false"}}, 5, false};
  Deal d = toDeal(open);
  BOOST_TEST(d.status == "open");
  BOOST_TEST(d.title == "Divorce");
  BOOST_TEST(d.stage == "qualifiedtobuy");
  BOOST_TEST(d.amount == "1500.50");
  BOOST_TEST(d.currency == "EUR");
  BOOST_TEST(d.ownerId == "77");
  BOOST_TEST(d.updatedAtMs == 5);
  HubspotObject won{"12", {{"hs_is_closed", "true"}, {"hs_is_closed_won", "true"}}, 0, false};
  HubspotObject lost{"13", {{"hs_is_closed", "true"}, {"hs_is_closed_won", "false"}}, 0, false};
  BOOST_TEST(toDeal(won).status == "won");
  BOOST_TEST(toDeal(lost).status == "lost");
}

BOOST_AUTO_TEST_CASE(error_messages_are_hubspots_own) {
  BOOST_TEST(errorMessage(R"({"status":"error","message":"Property values were not valid","correlationId":"x","category":"VALIDATION_ERROR"})") ==
             "Property values were not valid");
  BOOST_TEST(errorMessage(R"({"message":"Batch failed","errors":[{"message":"one"},{"message":"Batch failed"},{"message":"two"}]})") ==
             "Batch failed; one; two");
  BOOST_TEST(errorMessage(R"({"errors":[{"message":"only detail"}]})") == "only detail");
  BOOST_TEST(errorMessage("  <html>Bad gateway</html>\n") == "<html>Bad gateway</html>");
  BOOST_TEST(errorMessage("").empty());
  BOOST_TEST(errorMessage(std::string(1000, 'x')).size() == 300u);
}

BOOST_AUTO_TEST_CASE(answers_are_classified_the_shared_way_with_hubspots_policies) {
  const std::int64_t now = 1700000000000;
  Outcome bad = classify(answer(400, R"({"message":"Property \"x\" does not exist"})"), now);
  BOOST_TEST((bad.kind == Outcome::Kind::kPermanent));
  BOOST_TEST(bad.reason == "HubSpot HTTP 400: Property \"x\" does not exist");
  BOOST_TEST((classify(answer(401, "{}"), now).kind == Outcome::Kind::kAuthFailed));
  BOOST_TEST((classify(answer(403, R"({"category":"MISSING_SCOPES"})"), now).kind == Outcome::Kind::kAuthFailed));
  BOOST_TEST((classify(answer(404, "{}"), now).kind == Outcome::Kind::kPermanent));
  BOOST_TEST((classify(answer(502, "bad gateway"), now).kind == Outcome::Kind::kRetryable));
  BOOST_TEST(classify(answer(200, "{}"), now).isOk());
  BOOST_TEST(classify(answer(207, "{}"), now).isOk());
  Outcome secondly = classify(answer(429, R"({"policyName":"SECONDLY","errorType":"RATE_LIMIT"})"), now);
  BOOST_TEST((secondly.kind == Outcome::Kind::kRetryable));
  BOOST_TEST(secondly.retryAfter.count() == 1000);
  BOOST_TEST(classify(answer(429, R"({"policyName":"TEN_SECONDLY_ROLLING"})"), now).retryAfter.count() == 10000);
  BOOST_TEST(classify(answer(429, R"({"policyName":"DAILY"})"), now).retryAfter.count() == 3600000);
  // A Retry-After header wins over the policy's guess.
  BOOST_TEST(classify(answer(429, R"({"policyName":"TEN_SECONDLY_ROLLING"})", {{"retry-after", "3"}}), now).retryAfter.count() == 3000);
  BOOST_TEST(classify(answer(429, "{}"), now).retryAfter.count() == 0);
}

BOOST_AUTO_TEST_CASE(values_and_timestamps_read_the_way_hubspot_writes_them) {
  BOOST_TEST(*propertyText(json("text")) == "text");
  BOOST_TEST(*propertyText(json(42)) == "42");
  BOOST_TEST(*propertyText(json(42.0)) == "42");
  BOOST_TEST(*propertyText(json(true)) == "true");
  BOOST_TEST(!propertyText(json(nullptr)).has_value());
  BOOST_TEST(!propertyText(json::array()).has_value());
  BOOST_TEST(isoTimestamp(1700000000123) == "2023-11-14T22:13:20.123Z");
  BOOST_TEST(parseIsoTimestamp("2023-11-14T22:13:20.123Z") == 1700000000123);
  BOOST_TEST(parseIsoTimestamp("2023-11-14T22:13:20Z") == 1700000000000);
  BOOST_TEST(parseIsoTimestamp("yesterday") == 0);
}
