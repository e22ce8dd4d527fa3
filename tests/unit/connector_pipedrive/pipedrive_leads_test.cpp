#define BOOST_TEST_MODULE pipedrive_leads
#include <boost/test/unit_test.hpp>

#include "crm/pipedrive/pipedrive_leads.h"

using namespace crmsync;
using namespace crmsync::connectors::pipedrive;
using nlohmann::json;

namespace {

ContactDraft leadDraft(json fields) {
  ContactDraft d;
  d.object = "lead";
  d.displayName = "Ana";
  d.creationKey = "crmsync-person-3";
  d.fields = std::move(fields);
  return d;
}

}  // namespace

BOOST_AUTO_TEST_CASE(lead_fields_go_on_the_lead_and_the_rest_on_the_person) {
  ContactDraft d = leadDraft({{"name", "Ana S"}, {"lead.title", "WhatsApp lead"}, {"lead.owner_id", "17"},
                              {"lead.label_ids", "f981d4a4-7d1e-4a0e-8bb4-2c9b1b5c0001"}});
  ContactDraft person = personDraftOf(d);
  BOOST_TEST(person.object == "person");
  BOOST_TEST(person.fields == json({{"name", "Ana S"}}));
  Result<json> body = leadCreateBody(d, "42");
  BOOST_REQUIRE(body.isOk());
  BOOST_TEST(body.value["title"] == "WhatsApp lead");
  BOOST_TEST(body.value["person_id"] == 42);
  BOOST_TEST(body.value["owner_id"] == 17);
  BOOST_TEST(body.value["label_ids"] == json::array({"f981d4a4-7d1e-4a0e-8bb4-2c9b1b5c0001"}));
  BOOST_TEST(!body.value.contains("name"));
}

BOOST_AUTO_TEST_CASE(a_lead_without_mapped_fields_is_titled_after_the_client) {
  Result<json> body = leadCreateBody(leadDraft(json::object()), "7");
  BOOST_REQUIRE(body.isOk());
  BOOST_TEST(body.value == json({{"title", "WhatsApp: Ana"}, {"person_id", 7}}));
}

BOOST_AUTO_TEST_CASE(unknown_or_ill_typed_lead_fields_are_permanent_errors_naming_them) {
  Result<json> unknown = leadCreateBody(leadDraft({{"lead.value", 5}}), "7");
  BOOST_TEST(!unknown.isOk());
  BOOST_TEST((unknown.outcome.kind == Outcome::Kind::kPermanent));
  BOOST_TEST(unknown.outcome.reason.find("lead.value") != std::string::npos, unknown.outcome.reason);
  Result<json> owner = leadCreateBody(leadDraft({{"lead.owner_id", "me"}}), "7");
  BOOST_TEST(owner.outcome.reason.find("lead.owner_id") != std::string::npos, owner.outcome.reason);
  BOOST_TEST(!leadCreateBody(leadDraft({{"lead.label_ids", json::array({1})}}), "7").isOk());
}

BOOST_AUTO_TEST_CASE(requests_and_answers) {
  BOOST_TEST(listPersonLeads("42").target == "/api/v1/leads?person_id=42&limit=1");
  BOOST_TEST(listPersonLeads("42").method == "GET");
  HttpRequest post = createLead(json{{"title", "x"}});
  BOOST_TEST(post.method == "POST");
  BOOST_TEST(post.target == "/api/v1/leads");
  BOOST_TEST((hasLeads(R"({"success":true,"data":null})") == std::optional<bool>(false)));
  BOOST_TEST((hasLeads(R"({"success":true,"data":[{"id":"adf21080-0e10-11eb-879b-000000000001"}]})") == std::optional<bool>(true)));
  BOOST_TEST(!hasLeads("<html>").has_value());
  BOOST_TEST(isLeadObject("lead"));
  BOOST_TEST(!isLeadObject("person"));
}
