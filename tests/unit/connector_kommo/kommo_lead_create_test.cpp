#define BOOST_TEST_MODULE kommo_lead_create
#include <boost/test/unit_test.hpp>

#include "crm/kommo/kommo_lead_create.h"

using namespace crmsync;
using namespace crmsync::connectors::kommo;
using nlohmann::json;

namespace {

ContactDraft leadDraft(json fields) {
  ContactDraft d;
  d.object = "leads";
  d.displayName = "Olga";
  d.source = "whatsapp";
  d.creationKey = "crmsync-person-5";
  d.identifiers = {{IdentifierKind::kPhone, "+79161234567"}};
  d.fields = std::move(fields);
  return d;
}

}  // namespace

BOOST_AUTO_TEST_CASE(one_lead_with_its_contact_embedded) {
  Result<json> body = complexLeadBody(leadDraft({{"lead.pipeline_id", 8000001}, {"lead.status_id", "8100002"},
                                                 {"lead.responsible_user_id", 9000001}, {"lead.tags", json::array({"wa", "new"})},
                                                 {"POSITION", "Lawyer"}}));
  BOOST_REQUIRE_MESSAGE(body.isOk(), body.outcome.reason);
  BOOST_TEST_REQUIRE(body.value.is_array());
  BOOST_TEST_REQUIRE(body.value.size() == 1u);
  const json& lead = body.value[0];
  BOOST_TEST(lead["name"] == "WhatsApp: Olga");
  BOOST_TEST(lead["pipeline_id"] == 8000001);
  BOOST_TEST(lead["status_id"] == 8100002);
  BOOST_TEST(lead["responsible_user_id"] == 9000001);
  BOOST_TEST(lead["_embedded"]["tags"] == json::parse(R"([{"name":"wa"},{"name":"new"}])"));
  const json& contact = lead["_embedded"]["contacts"][0];
  BOOST_TEST(contact["name"] == "Olga");
  BOOST_TEST(!contact.contains("request_id"));
  const std::string dumped = contact.dump();
  BOOST_TEST(dumped.find("+79161234567") != std::string::npos, dumped);
  BOOST_TEST(dumped.find("crmsync-person-5") != std::string::npos, dumped);  // CRMSYNC_KEY: the retry finds it
  BOOST_TEST(dumped.find("Lawyer") != std::string::npos, dumped);
  BOOST_TEST(dumped.find("pipeline") == std::string::npos, dumped);
}

BOOST_AUTO_TEST_CASE(without_lead_fields_the_lead_is_named_and_tagged_after_the_client) {
  Result<json> body = complexLeadBody(leadDraft(json::object()));
  BOOST_REQUIRE(body.isOk());
  BOOST_TEST(body.value[0]["name"] == "WhatsApp: Olga");
  BOOST_TEST(body.value[0]["_embedded"]["tags"] == json::parse(R"([{"name":"whatsapp"}])"));
  BOOST_TEST(!body.value[0].contains("status_id"));
}

BOOST_AUTO_TEST_CASE(bad_lead_fields_are_permanent_errors_naming_them) {
  Result<json> status = complexLeadBody(leadDraft({{"lead.status_id", "first"}}));
  BOOST_TEST(!status.isOk());
  BOOST_TEST((status.outcome.kind == Outcome::Kind::kPermanent));
  BOOST_TEST(status.outcome.reason.find("lead.status_id") != std::string::npos, status.outcome.reason);
  Result<json> unknown = complexLeadBody(leadDraft({{"lead.loss_reason_id", 3}}));
  BOOST_TEST(unknown.outcome.reason.find("lead.loss_reason_id") != std::string::npos, unknown.outcome.reason);
}

BOOST_AUTO_TEST_CASE(the_contact_id_comes_from_the_complex_answer) {
  BOOST_TEST(complexContactId(json::parse(R"([{"id":11,"contact_id":12,"company_id":null,"request_id":["0"],"merged":false}])")) == "12");
  BOOST_TEST(complexContactId(json::parse(R"({"_embedded":{}})")).empty());
  BOOST_TEST(complexContactId(json::parse(R"([{"id":11,"contact_id":null}])")).empty());
}
