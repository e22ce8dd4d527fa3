#define BOOST_TEST_MODULE hubspot_e2e
#include <boost/test/unit_test.hpp>

#include <string>

#include "fakes/hubspot/fake_hubspot.h"
#include "support/corpus_payloads.h"
#include "support/service_process.h"

using namespace crmsync::test;
using crmsync::fakes::hubspot::FakeHubspot;
using nlohmann::json;

namespace {

// The real crmsync binary, configured for HubSpot, against a fake HubSpot account in this process.
struct Running {
  FakeHubspot hubspot;
  TempDir dir;
  ServiceProcess service{dir, {{"crm",
                                {{"connector", "hubspot"},
                                 {"hubspot", {{"token", hubspot.token()}, {"base_url", hubspot.baseUrl()}, {"timeout_ms", 5000}}}}}}};
  Running() { service.start(); }
};

// The communication HubSpot holds for this WhatsApp message once it is associated (crmsync upserts it,
// then associates it in a second request), or null.
json communicationOf(FakeHubspot& hubspot, const std::string& wamid) {
  for (const json& c : hubspot.communications()) {
    if (c["properties"].value("crmsync_idempotency_key", "") == "whatsapp:msg:" + wamid && !c["contacts"].empty()) return c;
  }
  return nullptr;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(hubspot_e2e, Running)

BOOST_AUTO_TEST_CASE(a_message_from_an_unknown_number_lands_on_a_new_contact) {
  HttpResult r = service.postSigned(textMessageBody("wamid.e2e.new", "79035550001", "Hello from WhatsApp", 1700000000, "Olga"));
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  bool written = waitUntil([&] { return !communicationOf(hubspot, "wamid.e2e.new").is_null(); });
  BOOST_TEST_REQUIRE(written, "no communication in HubSpot; crmsync log:\n" << service.log());
  json c = communicationOf(hubspot, "wamid.e2e.new");
  BOOST_TEST(c["properties"]["hs_communication_body"] == "Hello from WhatsApp");
  BOOST_TEST(c["properties"]["hs_communication_channel_type"] == "WHATS_APP");
  BOOST_TEST(c["properties"]["hs_communication_logged_from"] == "CRM");
  BOOST_TEST(c["properties"]["crmsync_whatsapp_direction"] == "inbound");
  BOOST_TEST(c["properties"]["hs_timestamp"] == "1700000000000");
  BOOST_TEST(hubspot.contactCount() == 1);
  BOOST_TEST_REQUIRE(c["contacts"].size() == 1u);
  json contact = hubspot.contact(c["contacts"][0].get<std::string>());
  BOOST_TEST(contact["phone"] == "+79035550001");
  BOOST_TEST(contact["firstname"] == "Olga");
  BOOST_TEST(hubspot.communicationCount("whatsapp:msg:wamid.e2e.new") == 1);
  BOOST_TEST(hubspot.limitViolations() == 0);
}

BOOST_AUTO_TEST_CASE(a_message_from_a_number_typed_the_local_way_lands_on_that_contact) {
  std::string ivan = hubspot.seedContact("Ivan", {"8 (916) 123-45-67"});
  HttpResult r = service.postSigned(textMessageBody("wamid.e2e.known", "79161234567", "It is Ivan"));
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  bool written = waitUntil([&] { return !communicationOf(hubspot, "wamid.e2e.known").is_null(); });
  BOOST_TEST_REQUIRE(written, "no communication in HubSpot; crmsync log:\n" << service.log());
  json c = communicationOf(hubspot, "wamid.e2e.known");
  BOOST_TEST(c["contacts"] == json::array({ivan}), c.dump() << " seeded " << ivan);
  BOOST_TEST(hubspot.contactCount() == 1);  // found, not created
  BOOST_TEST(hubspot.contact(ivan)["firstname"] == "Ivan");  // contact_update is only_if_empty
}

BOOST_AUTO_TEST_SUITE_END()

// `crmsync hubspot create-properties`: the real binary against an account where nobody created crmsync's
// properties yet; a second run finds them all and is not an error.
BOOST_AUTO_TEST_CASE(create_properties_cli_is_idempotent) {
  crmsync::fakes::hubspot::FakeHubspotOptions empty;
  empty.customProperties = false;
  FakeHubspot hubspot(empty);
  TempDir dir;
  ServiceProcess config{dir, {{"crm", {{"connector", "hubspot"},
                                       {"hubspot", {{"token", hubspot.token()}, {"base_url", hubspot.baseUrl()}}}}}}};
  auto [code, out] = runCrmsync({"hubspot", "create-properties", "--config", config.configPath()});
  BOOST_TEST(code == 0, out);
  BOOST_TEST(out.find("contacts.crmsync_person_key: created") != std::string::npos, out);
  BOOST_TEST(out.find("communications.crmsync_idempotency_key: created") != std::string::npos, out);
  BOOST_TEST(out.find(hubspot.token()) == std::string::npos, "the token is never printed");
  auto [again, second] = runCrmsync({"hubspot", "create-properties", "--config", config.configPath()});
  BOOST_TEST(again == 0, second);
  BOOST_TEST(second.find("created") == std::string::npos, second);
  BOOST_TEST(second.find("contacts.crmsync_person_key: present") != std::string::npos, second);
  auto [usage, text] = runCrmsync({"hubspot", "nonsense", "--config", config.configPath()});
  BOOST_TEST(usage == 2, text);
}
