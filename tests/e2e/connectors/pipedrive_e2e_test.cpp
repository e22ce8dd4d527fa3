#define BOOST_TEST_MODULE pipedrive_e2e
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "fakes/pipedrive/fake_pipedrive.h"
#include "support/corpus_payloads.h"
#include "support/service_process.h"

using namespace crmsync::test;
using crmsync::test::pipedrive::FakePipedrive;
using nlohmann::json;

namespace {

// The real crmsync binary, configured for Pipedrive, against a fake Pipedrive in this process.
struct Running {
  TempDir dir;
  FakePipedrive fake;
  std::unique_ptr<ServiceProcess> service;

  explicit Running(const std::string& token = "") {
    fake.start();
    json section = {
        {"api_token", token.empty() ? fake.apiToken() : token}, {"base_url", fake.baseUrl()}, {"timeout_ms", 5000}};
    service =
        std::make_unique<ServiceProcess>(dir, json{{"crm", {{"connector", "pipedrive"}, {"pipedrive", section}}}});
    service->start();
  }
  ~Running() { service.reset(); }  // the service stops before the fake it talks to
};

bool contains(const std::vector<std::string>& notes, const std::string& text) {
  return std::any_of(notes.begin(), notes.end(),
                     [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(pipedrive_e2e, Running)

BOOST_AUTO_TEST_CASE(an_unknown_number_becomes_a_person_with_the_message_as_a_note) {
  HttpResult r =
      service->postSigned(textMessageBody("wamid.pd-e2e-1", "79035550101", "Hello from WhatsApp", 1700000000, "Anna"));
  BOOST_REQUIRE_EQUAL(r.status, 200);
  BOOST_REQUIRE_MESSAGE(waitUntil([&] { return fake.notesContaining("Hello from WhatsApp") == 1; }), service->log());
  BOOST_REQUIRE_EQUAL(fake.personCount(), 1);
  const std::string id = fake.personIds().front();
  auto person = fake.person(id);
  BOOST_REQUIRE(person.has_value());
  BOOST_TEST((*person)["name"] == "Anna");
  BOOST_TEST((*person)["phones"][0]["value"] == "+79035550101");
  auto notes = fake.noteContents(id);
  BOOST_REQUIRE_EQUAL(notes.size(), 1u);
  BOOST_TEST(notes[0].find("WhatsApp inbound text") != std::string::npos, notes[0]);
  BOOST_TEST(notes[0].find("[crmsync:whatsapp:msg:wamid.pd-e2e-1]") != std::string::npos, notes[0]);
  BOOST_TEST(fake.limitViolations() == 0);
}

BOOST_AUTO_TEST_CASE(a_person_typed_in_local_format_is_found_and_nothing_is_duplicated) {
  const std::string id = fake.addPerson("Ivan Petrov", {"8 (916) 123-45-67"});
  const std::string body = textMessageBody("wamid.pd-e2e-2", "79161234567", "Where is my contract?");
  BOOST_REQUIRE_EQUAL(service->postSigned(body).status, 200);
  BOOST_REQUIRE_MESSAGE(waitUntil([&] { return contains(fake.noteContents(id), "Where is my contract?"); }),
                        service->log());
  BOOST_REQUIRE_EQUAL(service->postSigned(body).status, 200);  // Meta redelivers
  BOOST_REQUIRE_EQUAL(service->postSigned(textMessageBody("wamid.pd-e2e-3", "79161234567", "Second")).status, 200);
  BOOST_REQUIRE_MESSAGE(waitUntil([&] { return contains(fake.noteContents(id), "Second"); }), service->log());
  BOOST_TEST(fake.personCount() == 1);
  BOOST_TEST(fake.noteContents(id).size() == 2u);
  BOOST_TEST(fake.notesContaining("Where is my contract?") == 1);
  BOOST_TEST((*fake.person(id))["name"] == "Ivan Petrov");  // contact_update is only_if_empty
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(a_refused_token_pauses_the_connector_instead_of_dead_lettering) {
  Running running("a-revoked-token");
  BOOST_REQUIRE_EQUAL(running.service->postSigned(textMessageBody("wamid.pd-e2e-4", "79035550102", "Hi")).status, 200);
  const std::string sample = "crmsync_connector_auth_failures_total{connector=\"pipedrive\"}";
  BOOST_REQUIRE_MESSAGE(waitUntil([&] { return running.service->metric(sample) >= 1; }), running.service->log());
  BOOST_TEST(running.fake.notesContaining("Hi") == 0);
  BOOST_TEST(running.service->metric("crmsync_events_dead_total") == 0);
  // Neither the process output nor the debug log may carry the token.
  std::string logs = running.service->log();
  if (std::filesystem::exists(running.dir / "crmsync.log")) logs += readFile(running.dir / "crmsync.log");
  BOOST_TEST(logs.find("refused the credentials") != std::string::npos);
  BOOST_TEST(logs.find("a-revoked-token") == std::string::npos, "the token must never be logged");
}
