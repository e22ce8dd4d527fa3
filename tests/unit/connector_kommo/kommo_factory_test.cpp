#define BOOST_TEST_MODULE kommo_factory
#include <boost/test/unit_test.hpp>

#include "crm/kommo/kommo_connector.h"
#include "crmsync/config_error.h"
#include "crmsync/http_client.h"
#include "crmsync/mapping.h"
#include "support/test_support.h"

using namespace crmsync;
using namespace crmsync::connectors::kommo;
using nlohmann::json;

namespace {

constexpr const char* kSecret = "eyJ0eXAiOiJKV1Qi.secret-token";

class NoNetwork final : public HttpClient {
 public:
  Result<HttpResponse> send(const HttpRequest&) override { return Result<HttpResponse>::fail(Outcome::retryable("no network")); }
};

struct Made {
  std::string baseUrl;
  std::vector<RateBudget> budgets;
  int timeoutMs = 0;
};

ConnectorEnvironment envRecording(Made& made, const Clock& clock) {
  return {"RU", "", &clock, [&made](const std::string& url, const std::vector<RateBudget>& budgets, int timeout) {
            made = {url, budgets, timeout};
            return std::unique_ptr<HttpClient>(new NoNetwork);
          }};
}

// The ConfigError key for `section`, "" when it is accepted; the message never shows the token.
std::string refusedKey(const json& section) {
  SystemClock clock;
  Made made;
  try {
    KommoConnectorFactory().validate(section, envRecording(made, clock));
  } catch (const ConfigError& e) {
    BOOST_TEST(std::string(e.what()).find(kSecret) == std::string::npos, e.what());
    return e.key();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_valid_section_builds_a_connector_with_kommos_budget) {
  SystemClock clock;
  Made made;
  auto connector = KommoConnectorFactory().create({{"subdomain", "acme"}, {"token", kSecret}}, envRecording(made, clock));
  BOOST_TEST(connector->name() == "kommo");
  BOOST_TEST(made.baseUrl == "https://acme.kommo.com");
  BOOST_TEST(made.timeoutMs == 30000);
  BOOST_REQUIRE_EQUAL(made.budgets.size(), 1u);
  BOOST_TEST(made.budgets[0].scope == "default");
  BOOST_TEST(made.budgets[0].requests == 7);
  BOOST_TEST(made.budgets[0].windowMs == 1000);
  BOOST_TEST(made.budgets[0].burst == 0);
  Capabilities caps = connector->capabilities();
  BOOST_TEST(caps.updatesStatusInPlace);
  BOOST_TEST(!caps.nativeIdempotency);
  BOOST_TEST(caps.maxWriteBatch == 250);

  KommoConnectorFactory().create({{"base_url", "https://acme.amocrm.ru/"}, {"token", kSecret}, {"timeout_ms", 1500}},
                                 envRecording(made, clock));
  BOOST_TEST(made.baseUrl == "https://acme.amocrm.ru");
  BOOST_TEST(made.timeoutMs == 1500);
}

BOOST_AUTO_TEST_CASE(config_errors_name_the_key) {
  BOOST_TEST(refusedKey({{"subdomain", "acme"}, {"token", kSecret}}).empty());
  BOOST_TEST(refusedKey({{"subdomain", "acme"}}) == "crm.kommo.token");
  BOOST_TEST(refusedKey({{"subdomain", "acme"}, {"token", ""}}) == "crm.kommo.token");
  BOOST_TEST(refusedKey({{"subdomain", "acme"}, {"token", std::string(kSecret) + "\n"}}) == "crm.kommo.token");
  BOOST_TEST(refusedKey({{"token", kSecret}}) == "crm.kommo.subdomain");
  BOOST_TEST(refusedKey({{"subdomain", "acme.kommo.com"}, {"token", kSecret}}) == "crm.kommo.subdomain");
  BOOST_TEST(refusedKey({{"subdomain", "acme"}, {"base_url", "https://acme.kommo.com"}, {"token", kSecret}}) == "crm.kommo.base_url");
  BOOST_TEST(refusedKey({{"base_url", "acme.kommo.com"}, {"token", kSecret}}) == "crm.kommo.base_url");
  BOOST_TEST(refusedKey({{"subdomain", "acme"}, {"token", kSecret}, {"timeout_ms", 0}}) == "crm.kommo.timeout_ms");
  BOOST_TEST(refusedKey({{"subdomain", "acme"}, {"token", kSecret}, {"timeout_ms", "30000"}}) == "crm.kommo.timeout_ms");
  BOOST_TEST(refusedKey({{"subdomain", "acme"}, {"token", kSecret}, {"api_key", "x"}}) == "crm.kommo.api_key");
  BOOST_TEST(refusedKey(json::array()) == "crm.kommo");
}

BOOST_AUTO_TEST_CASE(the_shipped_mapping_document_compiles_with_the_required_fields) {
  const auto required = KommoConnectorFactory().requiredMappingFields();
  BOOST_TEST(required.at("message_activity") == std::vector<std::string>{"text"}, boost::test_tools::per_element());
  std::vector<mapping::MappingError> errors;
  auto doc = mapping::MappingDocument::compile(test::readFile(test::sourceDir() / "mappings" / "kommo.json"), "kommo.json",
                                               errors, required);
  for (const auto& e : errors) BOOST_TEST_MESSAGE(e.toString());
  BOOST_REQUIRE(doc != nullptr);
  BOOST_TEST(doc->connector() == "kommo");

  std::string withoutText = R"({"connector": "kommo", "writes": {"message_activity": {"object": "note",
      "fields": {"body": {"source": "message.text"}}}}})";
  errors.clear();
  BOOST_TEST(mapping::MappingDocument::compile(withoutText, "k.json", errors, required) == nullptr);
  BOOST_REQUIRE(!errors.empty());
  BOOST_TEST(errors[0].message.find("'text'") != std::string::npos, errors[0].toString());
}

BOOST_AUTO_TEST_CASE(the_shipped_mapping_fills_a_note_and_a_contact) {
  std::vector<mapping::MappingError> errors;
  auto doc = mapping::MappingDocument::compile(test::readFile(test::sourceDir() / "mappings" / "kommo.json"), "kommo.json",
                                               errors, KommoConnectorFactory().requiredMappingFields());
  BOOST_REQUIRE(doc != nullptr);
  json sources = {{"message", {{"text", "Contract scan"}, {"type", "image"}, {"has_media", true}, {"direction", "inbound"},
                               {"timestamp", 1719835200}}},
                  {"business", {{"number", "+15550783881"}}},
                  {"person", {{"display_name", "Anna"}, {"phone", "+79161234567"}}},
                  {"channel", {{"name", "whatsapp"}}}};
  auto note = doc->apply(mapping::WriteKind::kMessageActivity, sources);
  BOOST_REQUIRE(note.has_value());
  BOOST_TEST(note->object == "note");
  BOOST_TEST(note->value("text") == "WhatsApp inbound: [image] Contract scan");
  BOOST_TEST(note->value("Sent") == "2024-07-01 12:00 UTC");
  auto contact = doc->apply(mapping::WriteKind::kContactCreate, sources);
  BOOST_REQUIRE(contact.has_value());
  BOOST_TEST(contact->object == "contacts");
  BOOST_TEST(contact->value("name") == "Anna");
  BOOST_TEST(contact->value("tags") == "whatsapp");
  BOOST_TEST(contact->value("responsible_user_id").is_null());
}
