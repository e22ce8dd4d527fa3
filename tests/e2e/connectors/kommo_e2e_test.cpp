#define BOOST_TEST_MODULE kommo_e2e
#include <boost/test/unit_test.hpp>

#include <optional>

#include "fakes/kommo/fake_kommo.h"
#include "support/corpus_payloads.h"
#include "support/service_process.h"

using namespace crmsync::test;
using nlohmann::json;

namespace {

// The real crmsync binary configured for Kommo, against a fake Kommo account in this process.
struct Running {
  TempDir dir;
  kommo::FakeKommo fake;
  std::unique_ptr<ServiceProcess> service;

  Running() {
    fake.start();
    json overrides = {{"crm", {{"connector", "kommo"},
                               {"kommo", {{"base_url", fake.baseUrl()}, {"token", fake.token()}, {"timeout_ms", 5000}}}}}};
    service = std::make_unique<ServiceProcess>(dir, overrides);
    service->start();
  }
  ~Running() { service.reset(); }

  // The note crmsync wrote for this WhatsApp message id, once it is there.
  std::optional<kommo::FakeNote> noteFor(const std::string& wamid) {
    const std::string footer = "crmsync-key: whatsapp:msg:" + wamid;
    for (const auto& n : fake.notes()) {
      if (n.text.size() >= footer.size() && n.text.compare(n.text.size() - footer.size(), footer.size(), footer) == 0) return n;
    }
    return std::nullopt;
  }
};

std::vector<std::string> fieldValues(const json& contact, const std::string& code) {
  std::vector<std::string> out;
  if (!contact["custom_fields_values"].is_array()) return out;
  for (const json& f : contact["custom_fields_values"]) {
    if (f["field_code"] != code) continue;
    for (const json& v : f["values"]) out.push_back(v["value"].get<std::string>());
  }
  return out;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(kommo_e2e, Running)

BOOST_AUTO_TEST_CASE(a_message_from_a_new_number_becomes_a_contact_with_a_note) {
  HttpResult r = service->postSigned(textMessageBody("wamid.kommo.new", "79035551234", "Hello from WhatsApp", 1700000000, "Anna"));
  BOOST_REQUIRE_EQUAL(r.status, 200);
  BOOST_REQUIRE_MESSAGE(waitUntil([&] { return noteFor("wamid.kommo.new").has_value(); }), service->log());
  kommo::FakeNote note = *noteFor("wamid.kommo.new");
  BOOST_TEST(note.noteType == "common");
  BOOST_TEST(note.text.find("WhatsApp inbound: Hello from WhatsApp") == 0u, note.text);
  BOOST_TEST(note.text.find("Business number: +15550783881") != std::string::npos, note.text);

  BOOST_REQUIRE_EQUAL(fake.contactCount(), 1);
  std::optional<json> contact = fake.contact(note.entityId);
  BOOST_REQUIRE(contact.has_value());
  BOOST_TEST((*contact)["name"] == "Anna");
  BOOST_TEST(fieldValues(*contact, "PHONE") == std::vector<std::string>{"+79035551234"}, boost::test_tools::per_element());
  BOOST_TEST(fieldValues(*contact, "CRMSYNC_KEY").size() == 1u);
  BOOST_TEST((*contact)["_embedded"]["tags"][0]["name"] == "whatsapp");
  BOOST_TEST(fake.limitViolations() == 0);
}

BOOST_AUTO_TEST_CASE(a_message_from_a_known_number_lands_on_the_contact_whatever_its_spelling) {
  std::string ivan = fake.addContact("Ivan Petrov", {"8 (916) 123-45-67"}, 9000001);
  HttpResult r = service->postSigned(textMessageBody("wamid.kommo.known", "79161234567", "Is my contract ready?"));
  BOOST_REQUIRE_EQUAL(r.status, 200);
  BOOST_REQUIRE_MESSAGE(waitUntil([&] { return noteFor("wamid.kommo.known").has_value(); }), service->log());
  BOOST_TEST(noteFor("wamid.kommo.known")->entityId == ivan);
  BOOST_TEST(fake.contactCount() == 1);
  BOOST_TEST((*fake.contact(ivan))["name"] == "Ivan Petrov", "contact_update is only_if_empty");

  // The same webhook delivered again (Meta retries) leaves one note.
  BOOST_REQUIRE_EQUAL(service->postSigned(textMessageBody("wamid.kommo.known", "79161234567", "Is my contract ready?")).status, 200);
  HttpResult second = service->postSigned(textMessageBody("wamid.kommo.later", "79161234567", "And the invoice?"));
  BOOST_REQUIRE_EQUAL(second.status, 200);
  BOOST_REQUIRE_MESSAGE(waitUntil([&] { return noteFor("wamid.kommo.later").has_value(); }), service->log());
  int notes = 0;
  for (const auto& n : fake.notes()) notes += n.text.find("wamid.kommo.known") != std::string::npos ? 1 : 0;
  BOOST_TEST(notes == 1);
  BOOST_TEST(fake.limitViolations() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
