#define BOOST_TEST_MODULE bitrix24_e2e
#include <boost/test/unit_test.hpp>

#include "fakes/bitrix24/fake_bitrix24.h"
#include "support/corpus_payloads.h"
#include "support/service_process.h"

using namespace crmsync::test;
using crmsync::fakes::bitrix24::FakeBitrix24;
using nlohmann::json;

namespace {

const std::string kCode = "e2ew3bh00kc0de";

// The real crmsync binary with crm.connector "bitrix24": the webhook names a portal, base_url sends its
// requests to the fake running in this process.
struct Running {
  FakeBitrix24 fake{"1", kCode};
  TempDir dir;
  ServiceProcess service{dir,
                         {{"crm",
                           {{"connector", "bitrix24"},
                            {"bitrix24",
                             {{"webhook_url", "https://e2e.bitrix24.example" + fake.webhookPath() + "/"},
                              {"base_url", fake.baseUrl()},
                              {"timeout_ms", 5000}}}}}}};
  Running() { service.start(); }

  json activityFor(const std::string& wamid) {
    for (const json& a : fake.activities()) {
      if (a.value("ORIGIN_ID", "") == "whatsapp:msg:" + wamid) return a;
    }
    return nullptr;
  }
  bool delivered(const std::string& wamid) {
    return waitUntil([&] { return fake.activityCountWithOrigin("whatsapp:msg:" + wamid) > 0; });
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(bitrix24_e2e, Running)

BOOST_AUTO_TEST_CASE(a_message_from_an_unknown_number_creates_the_contact_and_its_activity) {
  HttpResult r =
      service.postSigned(textMessageBody("wamid.b24new", "79035550101", "Need an appointment", 1700000000, "Olga"));
  BOOST_REQUIRE_EQUAL(r.status, 200);
  BOOST_REQUIRE_MESSAGE(delivered("wamid.b24new"), service.log());
  BOOST_REQUIRE_EQUAL(fake.contactCount(), 1);
  json contact = fake.contacts().at(0);
  BOOST_TEST(contact["NAME"] == "Olga");
  BOOST_TEST(contact["PHONE"][0]["VALUE"] == "+79035550101");
  BOOST_TEST(contact["ORIGINATOR_ID"] == "crmsync");
  json activity = activityFor("wamid.b24new");
  BOOST_TEST(activity["OWNER_ID"] == contact["ID"]);
  BOOST_TEST(activity["OWNER_TYPE_ID"] == "3");
  BOOST_TEST(activity["SUBJECT"] == "WhatsApp inbound text");
  BOOST_TEST(activity["DESCRIPTION"] == "Need an appointment");
  BOOST_TEST(activity["DIRECTION"] == "1");
  BOOST_TEST(activity["START_TIME"] == "2023-11-14T22:13:20+00:00");
  BOOST_TEST(fake.activityCountWithOrigin("whatsapp:msg:wamid.b24new") == 1);
}

BOOST_AUTO_TEST_CASE(a_contact_typed_the_national_way_is_found_and_nothing_is_created) {
  std::string id = fake.seedContact("Ivan Petrov", {"8 (916) 123-45-67"});
  BOOST_REQUIRE_EQUAL(service.postSigned(textMessageBody("wamid.b24known", "79161234567", "Hi, it's Ivan")).status,
                      200);
  BOOST_REQUIRE_MESSAGE(delivered("wamid.b24known"), service.log());
  BOOST_TEST(fake.contactCount() == 1);
  BOOST_TEST(activityFor("wamid.b24known")["OWNER_ID"] == id);
  // Redelivered by Meta: still one activity.
  BOOST_REQUIRE_EQUAL(service.postSigned(textMessageBody("wamid.b24known", "79161234567", "Hi, it's Ivan")).status,
                      200);
  BOOST_REQUIRE_EQUAL(service.postSigned(textMessageBody("wamid.b24after", "79161234567", "and again")).status, 200);
  BOOST_REQUIRE(delivered("wamid.b24after"));
  BOOST_TEST(fake.activityCountWithOrigin("whatsapp:msg:wamid.b24known") == 1);
}

BOOST_AUTO_TEST_CASE(the_webhook_code_never_reaches_the_logs) {
  BOOST_REQUIRE_EQUAL(service.postSigned(textMessageBody("wamid.b24log", "79035550102", "secret?")).status, 200);
  BOOST_REQUIRE(delivered("wamid.b24log"));
  BOOST_TEST(service.log().find(kCode) == std::string::npos);
  BOOST_TEST(fake.limitViolations() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
