#define BOOST_TEST_MODULE bitrix24_config
#include "crm/bitrix24/bitrix24_config.h"

#include <boost/test/unit_test.hpp>

#include "crm/bitrix24/bitrix24_factory.h"
#include "crmsync/config_error.h"
#include "crmsync/http_client.h"

using namespace crmsync;
using namespace crmsync::connectors::bitrix24;
using nlohmann::json;

namespace {

const std::string kSecret = "s3cr3tc0de";
const std::string kWebhook = "https://acme.bitrix24.de/rest/12/" + kSecret + "/";

// The ConfigError `section` raises: its key and whole message.
std::pair<std::string, std::string> refusal(const json& section) {
  try {
    parseConfig(section);
  } catch (const ConfigError& e) {
    return {e.key(), e.what()};
  }
  BOOST_FAIL("accepted: " + section.dump());
  return {};
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_webhook_url_gives_host_path_and_user) {
  Bitrix24Config c = parseConfig({{"webhook_url", kWebhook}});
  BOOST_TEST(c.origin == "https://acme.bitrix24.de");
  BOOST_TEST(c.webhookPath == "/rest/12/" + kSecret);
  BOOST_TEST(c.userId == "12");
  BOOST_TEST(c.timeoutMs == 30000);
  BOOST_TEST(c.entityTypes == std::vector<std::string>{"CONTACT"});
  BOOST_TEST(c.baseUrl() == "https://acme.bitrix24.de/rest/12/" + kSecret);
}

BOOST_AUTO_TEST_CASE(base_url_replaces_only_the_host) {
  Bitrix24Config c = parseConfig({{"webhook_url", kWebhook},
                                  {"base_url", "http://127.0.0.1:8080/"},
                                  {"timeout_ms", 1500},
                                  {"entity_types", {"LEAD", "CONTACT", "LEAD"}}});
  BOOST_TEST(c.baseUrl() == "http://127.0.0.1:8080/rest/12/" + kSecret);
  BOOST_TEST(c.timeoutMs == 1500);
  BOOST_TEST((c.entityTypes == std::vector<std::string>{"LEAD", "CONTACT"}));
}

BOOST_AUTO_TEST_CASE(the_webhook_is_required_and_named) {
  auto [key, message] = refusal(json::object());
  BOOST_TEST(key == "crm.bitrix24.webhook_url");
  BOOST_TEST(message.find("required") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_bad_webhook_is_refused_without_showing_the_secret) {
  for (const std::string& url :
       {"http://acme.bitrix24.de/rest/12/" + kSecret + "/", "https://acme.bitrix24.de/rest/" + kSecret + "/",
        "https://acme.bitrix24.de/rest/x/" + kSecret + "/", "https://acme.bitrix24.de/api/12/" + kSecret,
        "https://acme.bitrix24.de/rest/12/" + kSecret + "/crm.contact.list", "acme/rest/12/" + kSecret,
        "https://acme.bitrix24.de/rest/12/" + kSecret + "/?auth=1"}) {
    auto [key, message] = refusal({{"webhook_url", url}});
    BOOST_TEST(key == "crm.bitrix24.webhook_url", url);
    BOOST_TEST(message.find(kSecret) == std::string::npos, message);
  }
  BOOST_TEST(refusal({{"webhook_url", 42}}).first == "crm.bitrix24.webhook_url");
}

BOOST_AUTO_TEST_CASE(unknown_keys_and_bad_values_name_their_key) {
  BOOST_TEST(refusal({{"webhook_url", kWebhook}, {"token", "x"}}).first == "crm.bitrix24.token");
  BOOST_TEST(refusal({{"webhook_url", kWebhook}, {"token", "x"}}).second == "crm.bitrix24.token: unknown key");
  BOOST_TEST(refusal({{"webhook_url", kWebhook}, {"base_url", "ftp://x"}}).first == "crm.bitrix24.base_url");
  BOOST_TEST(refusal({{"webhook_url", kWebhook}, {"base_url", "http://x/rest"}}).first == "crm.bitrix24.base_url");
  auto pasted = refusal({{"webhook_url", kWebhook}, {"base_url", kWebhook}});
  BOOST_TEST(pasted.first == "crm.bitrix24.base_url");
  BOOST_TEST(pasted.second.find(kSecret) == std::string::npos, pasted.second);
  BOOST_TEST(refusal({{"webhook_url", kWebhook}, {"timeout_ms", 0}}).first == "crm.bitrix24.timeout_ms");
  BOOST_TEST(refusal({{"webhook_url", kWebhook}, {"timeout_ms", "1000"}}).first == "crm.bitrix24.timeout_ms");
  BOOST_TEST(refusal({{"webhook_url", kWebhook}, {"entity_types", {"COMPANY"}}}).first == "crm.bitrix24.entity_types");
  BOOST_TEST(refusal({{"webhook_url", kWebhook}, {"entity_types", json::array()}}).first ==
             "crm.bitrix24.entity_types");
  BOOST_TEST(refusal(json::array()).first == "crm.bitrix24");
}

BOOST_AUTO_TEST_CASE(the_factory_hands_core_the_webhook_and_the_leaky_bucket) {
  std::string seenUrl;
  std::vector<RateBudget> seenBudgets;
  int seenTimeout = 0;
  ConnectorEnvironment env;
  env.httpClient = [&](const std::string& url, const std::vector<RateBudget>& budgets, int timeoutMs) {
    seenUrl = url;
    seenBudgets = budgets;
    seenTimeout = timeoutMs;
    return std::unique_ptr<HttpClient>();
  };
  Bitrix24ConnectorFactory factory;
  BOOST_TEST(factory.name() == "bitrix24");
  auto connector = factory.create({{"webhook_url", kWebhook}, {"timeout_ms", 2000}}, env);
  BOOST_TEST(connector->name() == "bitrix24");
  BOOST_TEST(seenUrl == "https://acme.bitrix24.de/rest/12/" + kSecret);
  BOOST_TEST(seenTimeout == 2000);
  BOOST_REQUIRE_EQUAL(seenBudgets.size(), 1u);
  BOOST_TEST(seenBudgets[0].scope == "default");
  BOOST_TEST(seenBudgets[0].requests == 2);
  BOOST_TEST(seenBudgets[0].windowMs == 1000);
  BOOST_TEST(seenBudgets[0].burst == 50);
  BOOST_TEST(factory.requiredMappingFields().at("message_activity") == std::vector<std::string>{"DESCRIPTION"});
  BOOST_CHECK_THROW(factory.validate({{"webhook_url", "nope"}}, env), ConfigError);
}

BOOST_AUTO_TEST_CASE(a_url_the_http_client_refuses_is_reported_without_the_secret) {
  ConnectorEnvironment env;
  env.httpClient = [](const std::string& url, const std::vector<RateBudget>&, int) -> std::unique_ptr<HttpClient> {
    throw ConfigError("base_url", "cannot parse '" + url + "'");
  };
  try {
    Bitrix24ConnectorFactory().create({{"webhook_url", kWebhook}}, env);
    BOOST_FAIL("accepted");
  } catch (const ConfigError& e) {
    BOOST_TEST(e.key() == "crm.bitrix24.webhook_url");
    BOOST_TEST(std::string(e.what()).find(kSecret) == std::string::npos);
  }
}
