#define BOOST_TEST_MODULE bitrix24_contract
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <memory>

#include "contract/contract_harness.h"
#include "crm/bitrix24/bitrix24_factory.h"
#include "fakes/bitrix24/fake_bitrix24.h"
#include "http/budgeted_http_client.h"
#include "http/poco_http_client.h"

namespace crmsync::test {

namespace {

// Short, so the injected timeout-after-commit costs a second, not thirty.
constexpr int kTimeoutMs = 1000;

// The real Bitrix24 connector, built by its factory, against a fresh fake portal; the webhook URL names a
// portal host and base_url sends the requests to the fake instead.
class Bitrix24Harness final : public ContractHarness {
 public:
  void start(const std::string& defaultRegion) override {
    connector_.reset();
    fake_ = std::make_unique<fakes::bitrix24::FakeBitrix24>("1", "c0ntr4ctw3bh00k");
    nlohmann::json section = {{"webhook_url", "https://contract.bitrix24.example" + fake_->webhookPath() + "/"},
                              {"base_url", fake_->baseUrl()},
                              {"timeout_ms", kTimeoutMs}};
    ConnectorEnvironment env{defaultRegion, "", &clock_, makeHttpClientFactory(clock_, nullptr, "bitrix24")};
    connector_ = connectors::bitrix24::Bitrix24ConnectorFactory().create(section, env);
  }
  CrmConnector& connector() override { return *connector_; }
  std::string name() const override { return "bitrix24"; }

  std::string seedContact(const std::string& name, const std::vector<std::string>& phonesAsTyped) override {
    return fake_->seedContact(name, phonesAsTyped);
  }
  void seedDeals(const std::string& recordId, int open, int closed) override {
    fake_->seedDeals(recordId, open, closed);
  }
  int contactCount() override { return fake_->contactCount(); }
  int activityCount(const std::string& idempotencyKey) override {
    return fake_->activityCountWithOrigin(idempotencyKey);
  }

  void failNext(int status, const std::string& crmMessage, int times, std::optional<int> retryAfterSeconds) override {
    fake_->failNext(status, crmMessage, times, retryAfterSeconds);
  }
  // Reads commit nothing, so the fault lands on the next request that writes (the add or update).
  void timeoutAfterCommitNext(int times) override { fake_->timeoutAfterCommitNext(times, kTimeoutMs + 500); }

  int limitViolations() override { return fake_->limitViolations(); }
  std::vector<std::int64_t> requestTimesMs() override { return fake_->requestTimesMs(); }
  int pageSize() override { return fakes::bitrix24::FakeBitrix24::pageSize(); }

  // On Bitrix24 the lead is the record itself (crm.lead.add), found later by its phone like a contact.
  std::string leadObject() const override { return "lead"; }
  std::vector<std::string> leadRecordIds() override {
    std::vector<std::string> ids;
    for (const auto& lead : fake_->leads()) ids.push_back(lead["ID"].get<std::string>());
    return ids;
  }
  void timeoutAfterLeadCreateNext() override { fake_->timeoutAfterCommitNext(1, kTimeoutMs + 500); }

 private:
  SystemClock clock_;
  std::unique_ptr<fakes::bitrix24::FakeBitrix24> fake_;
  std::unique_ptr<CrmConnector> connector_;
};

}  // namespace

std::unique_ptr<ContractHarness> makeHarness() { return std::make_unique<Bitrix24Harness>(); }

}  // namespace crmsync::test

#include "contract/contract_cases.inc"

// The fake itself: it must refuse and search the way Bitrix24 does, or the contract above proves nothing.
namespace crmsync::test::bitrix24_fake {

using nlohmann::json;

struct Raw {
  fakes::bitrix24::FakeBitrix24 fake{"1", "rawcode"};
  // Core's plain client, without budgets or back-off: the fake's own limits are what is tested.
  std::unique_ptr<HttpClient> http = std::make_unique<PocoHttpClient>(fake.baseUrl(), 5000);

  HttpResponse post(const std::string& path, const json& body) {
    HttpRequest r;
    r.method = "POST";
    r.target = path;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = body.dump();
    auto sent = http->send(r);
    BOOST_REQUIRE_MESSAGE(sent.isOk(), sent.outcome.reason);
    return sent.value;
  }
  json call(const std::string& method, const json& params, int expectStatus = 200) {
    HttpResponse r = post(fake.webhookPath() + "/" + method + ".json", params);
    BOOST_TEST(r.status == expectStatus, method << ": " << r.body);
    return json::parse(r.body);
  }
};

BOOST_FIXTURE_TEST_SUITE(bitrix24_fake, Raw)

BOOST_AUTO_TEST_CASE(refuses_wrong_webhooks_unknown_methods_and_unknown_fields) {
  json wrong = json::parse(post("/rest/1/wrongcode/crm.contact.list.json", json::object()).body);
  BOOST_TEST(wrong["error"] == "INVALID_CREDENTIALS");
  HttpResponse none = post("/rest/crm.contact.list.json", json::object());
  BOOST_TEST(none.status == 401);
  BOOST_TEST(json::parse(none.body)["error"] == "NO_AUTH_FOUND");
  BOOST_TEST(call("crm.contact.delete", {{"id", 1}}, 404)["error"] == "ERROR_METHOD_NOT_FOUND");
  BOOST_TEST(call("crm.contact.add", {{"fields", {{"NAME", "x"}, {"NAMEE", "typo"}}}}, 400)["error_description"] ==
             "Unknown field: NAMEE.");
  BOOST_TEST(
      call("crm.activity.add", {{"fields", {{"SUBJECT", "x"}}}}, 400)["error_description"].get<std::string>().find(
          "Could not build binding") == 0u);
  BOOST_TEST(fake.contactCount() == 0);
}

BOOST_AUTO_TEST_CASE(searches_phones_the_way_bitrix24_normalises_them) {
  std::string german = fake.seedContact("Klaus", {"0151 12345678"});
  std::string russian = fake.seedContact("Ivan", {"8 (916) 123-45-67"});
  auto find = [&](const std::string& value) {
    return call("crm.duplicate.findbycomm",
                {{"type", "PHONE"}, {"values", {value}}, {"entity_type", "CONTACT"}})["result"];
  };
  BOOST_TEST(find("+4915112345678") == json::array(), "a national number never matches its international form");
  BOOST_TEST(find("015112345678") == json({{"CONTACT", {std::stoi(german)}}}));
  BOOST_TEST(find("+79161234567") == json({{"CONTACT", {std::stoi(russian)}}}), "RU 8... is read as 7...");
  BOOST_TEST(find("0079161234567") == json({{"CONTACT", {std::stoi(russian)}}}));
  json stored = call("crm.contact.get", {{"id", russian}})["result"];
  BOOST_TEST(stored["PHONE"][0]["VALUE"] == "8 (916) 123-45-67", "stored exactly as typed");
}

BOOST_AUTO_TEST_CASE(batches_run_query_string_sub_calls_and_keep_their_limits) {
  json result =
      call("batch", {{"halt", 0},
                     {"cmd",
                      {{"a", "crm.contact.add?fields%5BNAME%5D=Anna&fields%5BPHONE%5D%5B0%5D%5BVALUE%5D=%2B7%20916"},
                       {"b", "batch?cmd%5Bx%5D=crm.contact.list"},
                       {"c", "crm.nothing.here"}}}})["result"];
  BOOST_TEST(result["result"]["a"] == 1);
  BOOST_TEST(result["result_error"]["b"]["error"] == "ERROR_BATCH_METHOD_NOT_ALLOWED");
  BOOST_TEST(result["result_error"]["c"]["error"] == "ERROR_METHOD_NOT_FOUND");
  BOOST_TEST(fake.contacts().at(0)["PHONE"][0]["VALUE"] == "+7 916");
  json cmd = json::object();
  for (int i = 0; i < 51; ++i) cmd["k" + std::to_string(i)] = "crm.contact.list";
  BOOST_TEST(call("batch", {{"cmd", cmd}}, 400)["error"] == "ERROR_BATCH_LENGTH_EXCEEDED");
}

BOOST_AUTO_TEST_CASE(lists_page_by_fifty) {
  std::string id = fake.seedContact("Ivan", {"+79161234567"});
  fake.seedDeals(id, 60, 3);
  json first = call("crm.deal.list", {{"filter", {{"CONTACT_ID", id}, {"CLOSED", "N"}}}, {"select", {"ID"}}});
  BOOST_TEST(first["result"].size() == 50u);
  BOOST_TEST(first["next"] == 50);
  BOOST_TEST(first["total"] == 60);
  json last = call("crm.deal.list", {{"filter", {{"CONTACT_ID", id}, {"CLOSED", "N"}}}, {"start", 50}});
  BOOST_TEST(last["result"].size() == 10u);
  BOOST_TEST(!last.contains("next"));
}

BOOST_AUTO_TEST_CASE(the_leaky_bucket_refuses_what_overflows_it) {
  auto start = std::chrono::steady_clock::now();
  int refused = 0;
  for (int i = 0; i < 100; ++i) {
    HttpResponse r = post(fake.webhookPath() + "/crm.contact.list.json", json::object());
    if (r.status == 503) {
      ++refused;
      BOOST_TEST(json::parse(r.body)["error"] == "QUERY_LIMIT_EXCEEDED");
      BOOST_TEST(r.header("retry-after").empty());
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // 50 at once, then 2 per second drained.
  BOOST_TEST(100 - refused <= 50 + static_cast<int>(2 * seconds) + 1, refused << " refused in " << seconds << " s");
  BOOST_TEST(refused >= 100 - 50 - static_cast<int>(2 * seconds) - 1, refused << " refused in " << seconds << " s");
  BOOST_TEST(fake.limitViolations() == refused);
}

BOOST_AUTO_TEST_CASE(an_injected_timeout_lands_after_the_commit_of_a_write) {
  PocoHttpClient impatient(fake.baseUrl(), 300);
  fake.timeoutAfterCommitNext(1, 800);
  call("crm.contact.list", json::object());  // reads commit nothing and are answered at once
  HttpRequest add{"POST",
                  fake.webhookPath() + "/crm.contact.add.json",
                  {{"Content-Type", "application/json"}},
                  json{{"fields", {{"NAME", "Late"}}}}.dump(),
                  "default"};
  auto sent = impatient.send(add);
  BOOST_TEST(!sent.isOk(), "the answer should have come too late");
  BOOST_TEST(fake.contactCount() == 1, "but the contact was created");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace crmsync::test::bitrix24_fake
