#define BOOST_TEST_MODULE hubspot_factory
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

#include "crm/hubspot/hubspot_connector.h"
#include "crmsync/config_error.h"
#include "hubspot_scripted_http.h"

using namespace crmsync;
using crmsync::connectors::hubspot::HubspotConnectorFactory;
using nlohmann::json;

namespace {

const std::string kSecret = "pat-na1-SECRET-0123";

struct Made {
  std::string baseUrl;
  std::vector<RateBudget> budgets;
  int timeoutMs = 0;
  int calls = 0;
};

ConnectorEnvironment environment(Made& made, const Clock* clock, std::shared_ptr<test::ScriptedHttp::Shared> shared = nullptr) {
  ConnectorEnvironment env;
  env.defaultRegion = "RU";
  env.clock = clock;
  if (!shared) shared = std::make_shared<test::ScriptedHttp::Shared>();
  env.httpClient = [&made, shared](const std::string& url, const std::vector<RateBudget>& budgets, int timeoutMs) {
    made = {url, budgets, timeoutMs, made.calls + 1};
    return std::make_unique<test::ScriptedHttp>(shared);
  };
  return env;
}

// The key and reason of the ConfigError `section` raises; empty key when none.
std::pair<std::string, std::string> failure(const json& section) {
  ManualClock clock;
  Made made;
  try {
    HubspotConnectorFactory().create(section, environment(made, &clock));
  } catch (const ConfigError& e) {
    return {e.key(), e.reason()};
  }
  return {};
}

}  // namespace

BOOST_AUTO_TEST_CASE(builds_a_connector_with_defaults_and_hubspots_budgets) {
  ManualClock clock;
  Made made;
  HubspotConnectorFactory factory;
  BOOST_TEST(factory.name() == "hubspot");
  auto crm = factory.create({{"token", kSecret}}, environment(made, &clock));
  BOOST_TEST_REQUIRE(crm.get() != nullptr);
  BOOST_TEST(crm->name() == "hubspot");
  BOOST_TEST(made.calls == 1);
  BOOST_TEST(made.baseUrl == "https://api.hubapi.com");
  BOOST_TEST(made.timeoutMs == 30000);
  BOOST_TEST_REQUIRE(made.budgets.size() == 2u);
  BOOST_TEST(made.budgets[0].scope == "default");
  BOOST_TEST(made.budgets[0].requests == 100);
  BOOST_TEST(made.budgets[0].windowMs == 10000);
  BOOST_TEST(made.budgets[0].burst == 0);
  BOOST_TEST(made.budgets[1].scope == "search");
  BOOST_TEST(made.budgets[1].requests == 4);
  BOOST_TEST(made.budgets[1].windowMs == 1000);
  BOOST_TEST(made.budgets[1].burst == 0);
  Capabilities caps = crm->capabilities();
  BOOST_TEST(caps.maxWriteBatch == 100);
  BOOST_TEST(caps.maxLookupBatch == 1);
  BOOST_TEST(caps.nativeIdempotency);
  BOOST_TEST(caps.updatesStatusInPlace);
  BOOST_TEST(caps.budgets.size() == 2u);
}

BOOST_AUTO_TEST_CASE(base_url_and_timeout_are_taken_from_the_section) {
  ManualClock clock;
  Made made;
  HubspotConnectorFactory().create({{"token", kSecret}, {"base_url", "http://127.0.0.1:8080"}, {"timeout_ms", 1500}},
                                   environment(made, &clock));
  BOOST_TEST(made.baseUrl == "http://127.0.0.1:8080");
  BOOST_TEST(made.timeoutMs == 1500);
}

BOOST_AUTO_TEST_CASE(requests_per_10s_sets_the_default_budget_and_leaves_search_at_4_per_second) {
  ManualClock clock;
  Made made;
  auto crm = HubspotConnectorFactory().create({{"token", kSecret}, {"requests_per_10s", 190}}, environment(made, &clock));
  BOOST_TEST_REQUIRE(made.budgets.size() == 2u);
  BOOST_TEST(made.budgets[0].scope == "default");
  BOOST_TEST(made.budgets[0].requests == 190);
  BOOST_TEST(made.budgets[0].windowMs == 10000);
  BOOST_TEST(made.budgets[1].scope == "search");
  BOOST_TEST(made.budgets[1].requests == 4);
  BOOST_TEST(made.budgets[1].windowMs == 1000);
  Capabilities caps = crm->capabilities();
  BOOST_TEST_REQUIRE(caps.budgets.size() == 2u);
  BOOST_TEST(caps.budgets[0].requests == 190);
  BOOST_TEST(caps.budgets[1].requests == 4);
  HubspotConnectorFactory().create({{"token", kSecret}, {"requests_per_10s", 250}}, environment(made, &clock));
  BOOST_TEST(made.budgets[0].requests == 250);
}

BOOST_AUTO_TEST_CASE(requests_per_10s_outside_1_to_250_is_a_config_error_naming_the_key) {
  for (const json& bad : {json(0), json(251), json(-5), json("190"), json(99.5)}) {
    auto [name, reason] = failure({{"token", kSecret}, {"requests_per_10s", bad}});
    BOOST_TEST(name == "crm.hubspot.requests_per_10s", bad.dump());
    BOOST_TEST(reason.find("1 to 250") != std::string::npos, reason);
  }
  BOOST_TEST(failure({{"token", kSecret}, {"requests_per_10s", 1}}).first.empty());
}

BOOST_AUTO_TEST_CASE(associate_open_deal_must_be_a_boolean) {
  BOOST_TEST(failure({{"token", kSecret}, {"associate_open_deal", "yes"}}).first == "crm.hubspot.associate_open_deal");
  BOOST_TEST(failure({{"token", kSecret}, {"associate_open_deal", true}}).first.empty());
  BOOST_TEST(failure({{"token", kSecret}, {"associate_open_deal", false}}).first.empty());
}

BOOST_AUTO_TEST_CASE(config_errors_name_the_key_and_never_the_secret) {
  BOOST_TEST(failure({{"base_url", "https://api.hubapi.com"}}).first == "crm.hubspot.token");
  BOOST_TEST(failure({{"token", ""}}).first == "crm.hubspot.token");
  BOOST_TEST(failure({{"token", 42}}).first == "crm.hubspot.token");
  auto spaced = failure({{"token", kSecret + " x"}});
  BOOST_TEST(spaced.first == "crm.hubspot.token");
  BOOST_TEST(spaced.second.find("SECRET") == std::string::npos, spaced.second);
  BOOST_TEST(failure({{"token", kSecret}, {"tokn", "x"}}).first == "crm.hubspot.tokn");
  BOOST_TEST(failure({{"token", kSecret}, {"tokn", "x"}}).second == "unknown key");
  BOOST_TEST(failure({{"token", kSecret}, {"base_url", "ftp://x"}}).first == "crm.hubspot.base_url");
  BOOST_TEST(failure({{"token", kSecret}, {"base_url", "https://"}}).first == "crm.hubspot.base_url");
  BOOST_TEST(failure({{"token", kSecret}, {"base_url", 5}}).first == "crm.hubspot.base_url");
  BOOST_TEST(failure({{"token", kSecret}, {"timeout_ms", 0}}).first == "crm.hubspot.timeout_ms");
  BOOST_TEST(failure({{"token", kSecret}, {"timeout_ms", "30000"}}).first == "crm.hubspot.timeout_ms");
  BOOST_TEST(failure({{"token", kSecret}, {"timeout_ms", 600001}}).first == "crm.hubspot.timeout_ms");
  BOOST_TEST(failure(json::array()).first == "crm.hubspot");
  BOOST_TEST(failure({{"token", kSecret}}).first.empty());
}

BOOST_AUTO_TEST_CASE(validate_checks_without_building_a_client) {
  ManualClock clock;
  Made made;
  HubspotConnectorFactory factory;
  BOOST_CHECK_NO_THROW(factory.validate({{"token", kSecret}}, environment(made, &clock)));
  BOOST_CHECK_THROW(factory.validate({{"token", kSecret}, {"extra", 1}}, environment(made, &clock)), ConfigError);
  BOOST_TEST(made.calls == 0);
}

BOOST_AUTO_TEST_CASE(a_connector_needs_an_http_client) {
  ManualClock clock;
  ConnectorEnvironment env;
  env.clock = &clock;
  BOOST_CHECK_THROW(HubspotConnectorFactory().create({{"token", kSecret}}, env), ConfigError);
}

BOOST_AUTO_TEST_CASE(a_bad_url_from_the_client_names_base_url) {
  ManualClock clock;
  ConnectorEnvironment env;
  env.clock = &clock;
  env.httpClient = [](const std::string&, const std::vector<RateBudget>&, int) -> std::unique_ptr<HttpClient> {
    throw ConfigError("base_url", "cannot parse");
  };
  try {
    HubspotConnectorFactory().create({{"token", kSecret}, {"base_url", "http://bad host"}}, env);
    BOOST_FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    BOOST_TEST(e.key() == "crm.hubspot.base_url");
  }
}

BOOST_AUTO_TEST_CASE(mapping_documents_must_fill_the_communication_body) {
  auto required = HubspotConnectorFactory().requiredMappingFields();
  BOOST_TEST(required.at("message_activity") == std::vector<std::string>{"hs_communication_body"}, boost::test_tools::per_element());
}
