#define BOOST_TEST_MODULE hubspot_contract
#include <boost/test/unit_test.hpp>

#include <memory>
#include <sstream>

#include "contract/contract_harness.h"
#include "crm/hubspot/hubspot_connector.h"
#include "crm/hubspot/hubspot_properties.h"
#include "fakes/hubspot/fake_hubspot.h"
#include "http/budgeted_http_client.h"

namespace crmsync::test {

namespace {

using fakes::hubspot::FakeHubspot;

// The real HubSpot connector, built by its factory, against a fresh fake account per start().
class HubspotHarness final : public ContractHarness {
 public:
  void start(const std::string& defaultRegion) override {
    connector_.reset();
    fake_ = std::make_unique<FakeHubspot>();
    ConnectorEnvironment env;
    env.defaultRegion = defaultRegion;
    env.clock = &clock_;
    env.httpClient = makeHttpClientFactory(clock_, nullptr, "hubspot");
    // A short timeout so that timeoutAfterCommitNext (held 4 s) is a timeout for the connector.
    nlohmann::json section = {{"token", fake_->token()}, {"base_url", fake_->baseUrl()}, {"timeout_ms", 1000}};
    connector_ = connectors::hubspot::HubspotConnectorFactory().create(section, env);
  }
  CrmConnector& connector() override { return *connector_; }
  std::string name() const override { return "hubspot"; }

  std::string seedContact(const std::string& name, const std::vector<std::string>& phonesAsTyped) override {
    return fake_->seedContact(name, phonesAsTyped);
  }
  void seedDeals(const std::string& recordId, int open, int closed) override {
    for (int i = 0; i < open; ++i) {
      fake_->seedDeal(recordId, "Open deal " + std::to_string(i), "qualifiedtobuy", std::to_string(1000 + i), "owner-1");
    }
    for (int i = 0; i < closed; ++i) {
      fake_->seedDeal(recordId, "Closed deal " + std::to_string(i), i % 2 == 0 ? "closedwon" : "closedlost", "500", "owner-2");
    }
  }
  int contactCount() override { return fake_->contactCount(); }
  int activityCount(const std::string& idempotencyKey) override { return fake_->communicationCount(idempotencyKey); }
  void failNext(int status, const std::string& crmMessage, int times, std::optional<int> retryAfterSeconds) override {
    fake_->failNext(status, crmMessage, times, retryAfterSeconds);
  }
  void timeoutAfterCommitNext(int times) override { fake_->timeoutAfterCommitNext(times); }
  int limitViolations() override { return fake_->limitViolations(); }
  std::vector<std::int64_t> requestTimesMs() override { return fake_->requestTimesMs(); }
  int pageSize() override { return fake_->pageSize(); }

  std::string leadObject() const override { return "leads"; }
  std::vector<std::string> leadRecordIds() override {
    std::vector<std::string> ids;
    for (const auto& lead : fake_->leads()) {
      BOOST_TEST(lead["properties"]["hs_pipeline_stage"] == "new-stage-id");
      for (const auto& contact : lead["contacts"]) ids.push_back(contact.get<std::string>());
    }
    return ids;
  }
  void timeoutAfterLeadCreateNext() override { fake_->timeoutAfterCreateNext("leads"); }

  FakeHubspot& fake() { return *fake_; }

 private:
  SystemClock clock_;
  std::unique_ptr<FakeHubspot> fake_;
  std::unique_ptr<CrmConnector> connector_;
};

}  // namespace

std::unique_ptr<ContractHarness> makeHarness() { return std::make_unique<HubspotHarness>(); }

}  // namespace crmsync::test

#include "contract/contract_cases.inc"

// The fake itself must behave like HubSpot, or the contract proves nothing: these pin what it refuses,
// how it searches phones, its index lag and its limits.
#include "http/poco_http_client.h"

namespace crmsync::test::hubspot_fake {

using fakes::hubspot::FakeHubspot;
using fakes::hubspot::FakeHubspotOptions;
using nlohmann::json;

namespace {

HttpResponse send(FakeHubspot& fake, const std::string& method, const std::string& target, const json& body,
                  const std::string& token) {
  PocoHttpClient client(fake.baseUrl(), 5000);
  HttpRequest r;
  r.method = method;
  r.target = target;
  r.body = body.is_null() ? "" : body.dump();
  if (!token.empty()) r.headers["Authorization"] = "Bearer " + token;
  r.headers["Content-Type"] = "application/json";
  Result<HttpResponse> answer = client.send(r);
  BOOST_REQUIRE_MESSAGE(answer.isOk(), answer.outcome.reason);
  return answer.value;
}

json searchPhone(FakeHubspot& fake, const std::string& property, const std::string& value) {
  json body = {{"filterGroups", {{{"filters", {{{"propertyName", property}, {"operator", "EQ"}, {"value", value}}}}}}},
               {"properties", {"phone"}}};
  HttpResponse r = send(fake, "POST", "/crm/v3/objects/contacts/search", body, fake.token());
  BOOST_REQUIRE_EQUAL(r.status, 200);
  return json::parse(r.body)["results"];
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hubspot_fake)

BOOST_AUTO_TEST_CASE(refuses_requests_without_the_right_bearer_token) {
  FakeHubspot fake;
  HttpResponse missing = send(fake, "GET", "/crm/v3/objects/contacts/1", nullptr, "");
  BOOST_TEST(missing.status == 401);
  BOOST_TEST(json::parse(missing.body)["category"] == "INVALID_AUTHENTICATION");
  BOOST_TEST(json::parse(missing.body)["message"].get<std::string>().find("Authentication credentials not found") == 0u);
  BOOST_TEST(send(fake, "GET", "/crm/v3/objects/contacts/1", nullptr, "wrong").status == 401);
}

BOOST_AUTO_TEST_CASE(refuses_unknown_paths_properties_and_options) {
  FakeHubspot fake;
  BOOST_TEST(send(fake, "GET", "/crm/v3/nothing", nullptr, fake.token()).status == 404);
  json unknown = {{"inputs", {{{"idProperty", "crmsync_idempotency_key"}, {"id", "k"}, {"properties", {{"body", "x"}}}}}}};
  HttpResponse bad = send(fake, "POST", "/crm/v3/objects/communications/batch/upsert", unknown, fake.token());
  BOOST_TEST(bad.status == 400);
  BOOST_TEST(json::parse(bad.body)["message"].get<std::string>().find("PROPERTY_DOESNT_EXIST") != std::string::npos);
  json option = {{"inputs", {{{"idProperty", "crmsync_idempotency_key"}, {"id", "k"},
                              {"properties", {{"hs_communication_channel_type", "TELEGRAM"}, {"hs_timestamp", "1"}}}}}}};
  BOOST_TEST(send(fake, "POST", "/crm/v3/objects/communications/batch/upsert", option, fake.token()).status == 400);
  json notUnique = {{"inputs", {{{"idProperty", "hs_communication_body"}, {"id", "k"}, {"properties", json::object()}}}}};
  BOOST_TEST(send(fake, "POST", "/crm/v3/objects/communications/batch/upsert", notUnique, fake.token()).status == 400);
  BOOST_TEST(fake.communicationCount("k") == 0);
  json tooMany = {{"filterGroups", json::array()}};
  json filter = {{"propertyName", "phone"}, {"operator", "EQ"}, {"value", "1"}};
  for (int i = 0; i < 6; ++i) tooMany["filterGroups"].push_back({{"filters", json::array({filter})}});
  BOOST_TEST(send(fake, "POST", "/crm/v3/objects/contacts/search", tooMany, fake.token()).status == 400);
}

BOOST_AUTO_TEST_CASE(searches_phones_as_hubspot_does) {
  FakeHubspot fake;
  std::string id = fake.seedContact("Anna", {"0151 12345678", "+7 916 123-45-67"});
  // Four searches: the fifth within a second would be refused (4 per second).
  json results = searchPhone(fake, "phone", "0151 12345678");
  BOOST_TEST_REQUIRE(results.size() == 1u);
  BOOST_TEST(searchPhone(fake, "phone", "+4915112345678").empty());  // exact text only
  BOOST_TEST(searchPhone(fake, "hs_searchable_calculated_phone_number", "15112345678").size() == 1u);
  BOOST_TEST(searchPhone(fake, "hs_searchable_calculated_mobile_number", "9161234567").size() == 1u);
  BOOST_TEST(results[0]["id"] == id);
  BOOST_TEST(results[0]["properties"]["phone"] == "0151 12345678");  // stored as typed
}

BOOST_AUTO_TEST_CASE(new_contacts_stay_invisible_to_search_while_the_index_lags) {
  FakeHubspotOptions lagging;
  lagging.searchLagMs = 60000;
  FakeHubspot fake(lagging);
  json create = {{"inputs", {{{"idProperty", "crmsync_person_key"}, {"id", "p1"}, {"properties", {{"phone", "+79161234567"}}}}}}};
  HttpResponse created = send(fake, "POST", "/crm/v3/objects/contacts/batch/upsert", create, fake.token());
  BOOST_TEST_REQUIRE(created.status == 200);
  BOOST_TEST(searchPhone(fake, "phone", "+79161234567").empty());
  // The unique key is not an index: an upsert finds the contact at once.
  HttpResponse again = send(fake, "POST", "/crm/v3/objects/contacts/batch/upsert", create, fake.token());
  BOOST_TEST(json::parse(again.body)["results"][0]["new"] == false);
  BOOST_TEST(fake.contactCount() == 1);
}

BOOST_AUTO_TEST_CASE(enforces_the_search_limit_and_counts_violations) {
  FakeHubspot fake;
  int throttled = 0;
  for (int i = 0; i < 5; ++i) {
    json body = {{"filterGroups", json::array()}};
    HttpResponse r = send(fake, "POST", "/crm/v3/objects/contacts/search", body, fake.token());
    if (r.status == 429) {
      ++throttled;
      BOOST_TEST(json::parse(r.body)["policyName"] == "SECONDLY");
    }
  }
  BOOST_TEST(throttled == 1);
  BOOST_TEST(fake.limitViolations() == 1);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace crmsync::test::hubspot_fake

// HubSpot's own options, against the same fake: communications on the open deal, leads.
namespace crmsync::test::hubspot_options {

using fakes::hubspot::FakeHubspot;
using nlohmann::json;

namespace {

std::unique_ptr<CrmConnector> connectorFor(FakeHubspot& fake, const Clock& clock, json extra) {
  ConnectorEnvironment env;
  env.defaultRegion = "RU";
  env.clock = &clock;
  env.httpClient = makeHttpClientFactory(clock, nullptr, "hubspot");
  json section = {{"token", fake.token()}, {"base_url", fake.baseUrl()}, {"timeout_ms", 1000}};
  section.update(extra);
  return connectors::hubspot::HubspotConnectorFactory().create(section, env);
}

Activity messageOn(const std::string& contactId, const std::string& id) {
  Event e;
  e.channel = "whatsapp";
  e.providerId = id;
  e.type = "text";
  e.text = "hello";
  e.timestamp = 1700000000;
  e.counterpart = {{IdentifierKind::kPhone, "+79161234567"}};
  return {e.dedupeKey(), {"contact", contactId}, e, "", json{{"hs_communication_body", e.text}}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hubspot_options)

BOOST_AUTO_TEST_CASE(associate_open_deal_puts_each_communication_on_the_contacts_open_deal_once) {
  SystemClock clock;
  FakeHubspot fake;
  auto crm = connectorFor(fake, clock, {{"associate_open_deal", true}});
  std::string contact = fake.seedContact("Ivan", {"+79161234567"});
  std::string open = fake.seedDeal(contact, "Open", "qualifiedtobuy", "1000", "owner-1");
  fake.seedDeal(contact, "Won", "closedwon", "500", "owner-1");
  for (int i = 0; i < 2; ++i) {  // a retry changes nothing
    auto written = crm->write({messageOn(contact, "wamid.deal")});
    BOOST_REQUIRE_MESSAGE(written.isOk(), written.outcome.reason);
    BOOST_TEST(written.value.at(0).outcome.isOk(), written.value.at(0).outcome.reason);
  }
  json comms = fake.communications();
  BOOST_TEST_REQUIRE(comms.size() == 1u);
  BOOST_TEST(comms[0]["contacts"] == json::array({contact}));
  BOOST_TEST(comms[0]["deals"] == json::array({open}));
}

BOOST_AUTO_TEST_CASE(without_associate_open_deal_communications_stay_on_the_contact_only) {
  SystemClock clock;
  FakeHubspot fake;
  auto crm = connectorFor(fake, clock, json::object());
  std::string contact = fake.seedContact("Ivan", {"+79161234567"});
  fake.seedDeal(contact, "Open", "qualifiedtobuy", "1000", "owner-1");
  auto written = crm->write({messageOn(contact, "wamid.nodeal")});
  BOOST_REQUIRE(written.isOk());
  BOOST_TEST(written.value.at(0).outcome.isOk());
  BOOST_TEST(fake.communications().at(0)["deals"].empty());
}

BOOST_AUTO_TEST_CASE(a_contact_without_an_open_deal_still_gets_its_communication) {
  SystemClock clock;
  FakeHubspot fake;
  auto crm = connectorFor(fake, clock, {{"associate_open_deal", true}});
  std::string contact = fake.seedContact("Ivan", {"+79161234567"});
  fake.seedDeal(contact, "Lost", "closedlost", "1000", "owner-1");
  auto written = crm->write({messageOn(contact, "wamid.lost")});
  BOOST_REQUIRE(written.isOk());
  BOOST_TEST(written.value.at(0).outcome.isOk(), written.value.at(0).outcome.reason);
  BOOST_TEST(fake.communications().at(0)["deals"].empty());
}

BOOST_AUTO_TEST_CASE(lead_fields_from_the_mapping_go_on_the_lead_and_are_checked_by_the_fake) {
  SystemClock clock;
  FakeHubspot fake;
  auto crm = connectorFor(fake, clock, json::object());
  ContactDraft draft;
  draft.object = "leads";
  draft.displayName = "Olga";
  draft.creationKey = "crmsync-person-7";
  draft.identifiers = {{IdentifierKind::kPhone, "+79035550001"}};
  draft.fields = {{"lead.hs_pipeline_stage", "attempting-stage-id"}, {"lead.hubspot_owner_id", "77"}, {"lastname", "K"}};
  auto made = crm->create(draft);
  BOOST_REQUIRE_MESSAGE(made.isOk(), made.outcome.reason);
  json leads = fake.leads();
  BOOST_TEST_REQUIRE(leads.size() == 1u);
  BOOST_TEST(leads[0]["properties"]["hs_pipeline_stage"] == "attempting-stage-id");
  BOOST_TEST(leads[0]["properties"]["hubspot_owner_id"] == "77");
  BOOST_TEST(leads[0]["properties"]["hs_lead_name"] == "WhatsApp: Olga");
  BOOST_TEST(leads[0]["contacts"] == json::array({made.value.id}));
  BOOST_TEST(fake.contact(made.value.id)["lastname"] == "K");
  // A stage HubSpot does not have is HubSpot's permanent refusal, with its message.
  draft.creationKey = "crmsync-person-8";
  draft.identifiers = {{IdentifierKind::kPhone, "+79035550002"}};
  draft.fields = {{"lead.hs_pipeline_stage", "no-such-stage"}};
  auto refused = crm->create(draft);
  BOOST_TEST(!refused.isOk());
  BOOST_TEST((refused.outcome.kind == Outcome::Kind::kPermanent));
  BOOST_TEST(refused.outcome.reason.find("no-such-stage was not one of the allowed options") != std::string::npos,
             refused.outcome.reason);
}

BOOST_AUTO_TEST_CASE(create_properties_creates_what_is_missing_and_reports_existing_ones_as_present) {
  SystemClock clock;
  fakes::hubspot::FakeHubspotOptions empty;
  empty.customProperties = false;
  FakeHubspot fake(empty);
  ConnectorEnvironment env;
  env.defaultRegion = "RU";
  env.clock = &clock;
  env.httpClient = makeHttpClientFactory(clock, nullptr, "hubspot");
  json section = {{"token", fake.token()}, {"base_url", fake.baseUrl()}};
  // Before: HubSpot refuses the upsert keyed on a property that does not exist.
  auto crm = connectorFor(fake, clock, json::object());
  ContactDraft draft;
  draft.creationKey = "crmsync-person-1";
  draft.displayName = "Ivan";
  draft.identifiers = {{IdentifierKind::kPhone, "+79161234567"}};
  BOOST_TEST(!crm->create(draft).isOk());
  std::ostringstream first;
  BOOST_TEST(connectors::hubspot::runCreateProperties(section, env, first) == 0, first.str());
  BOOST_TEST(first.str().find("contacts.crmsync_person_key: created") != std::string::npos, first.str());
  BOOST_TEST(first.str().find("communications.crmsync_idempotency_key: created") != std::string::npos, first.str());
  std::ostringstream second;  // idempotent: nothing left to create, and that is not an error
  BOOST_TEST(connectors::hubspot::runCreateProperties(section, env, second) == 0, second.str());
  BOOST_TEST(second.str().find("created") == std::string::npos, second.str());
  BOOST_TEST(second.str().find("communications.crmsync_whatsapp_status: present") != std::string::npos, second.str());
  // After: the unique key works as crmsync needs it.
  auto made = crm->create(draft);
  BOOST_REQUIRE_MESSAGE(made.isOk(), made.outcome.reason);
  BOOST_TEST(crm->create(draft).value.id == made.value.id);
  BOOST_TEST(fake.contactCount() == 1);
}

BOOST_AUTO_TEST_CASE(the_fake_refuses_a_duplicate_property_with_409) {
  FakeHubspot fake;
  PocoHttpClient client(fake.baseUrl(), 5000);
  HttpRequest r;
  r.method = "POST";
  r.target = "/crm/v3/properties/contacts";
  r.body = json{{"name", "crmsync_person_key"}, {"label", "x"}, {"type", "string"}, {"fieldType", "text"},
                {"groupName", "contactinformation"}}.dump();
  r.headers = {{"Authorization", "Bearer " + fake.token()}, {"Content-Type", "application/json"}};
  Result<HttpResponse> answer = client.send(r);
  BOOST_REQUIRE(answer.isOk());
  BOOST_TEST(answer.value.status == 409);
  BOOST_TEST(json::parse(answer.value.body)["message"].get<std::string>().find("already exists") != std::string::npos);
  r.method = "GET";
  r.target = "/crm/v3/properties/contacts/no_such_property";
  r.body.clear();
  BOOST_TEST(client.send(r).value.status == 404);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace crmsync::test::hubspot_options
