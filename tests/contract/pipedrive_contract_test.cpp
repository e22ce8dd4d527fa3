#define BOOST_TEST_MODULE pipedrive_contract
#include <boost/test/unit_test.hpp>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "contract/contract_harness.h"
#include "crm/pipedrive/pipedrive_connector.h"
#include "crm/pipedrive/pipedrive_notes.h"
#include "fakes/pipedrive/fake_pipedrive.h"
#include "http/budgeted_http_client.h"

namespace crmsync::test {

namespace {

// Short, so the timeout case does not take long; the fake holds a committed answer for 1.5 s.
constexpr int kTimeoutMs = 1000;

class PipedriveHarness final : public ContractHarness {
 public:
  void start(const std::string& defaultRegion) override {
    connector_.reset();
    fake_ = std::make_unique<pipedrive::FakePipedrive>();
    fake_->start();
    ConnectorEnvironment env{defaultRegion, "", &clock_, makeHttpClientFactory(clock_, nullptr, "pipedrive")};
    nlohmann::json section = {
        {"api_token", fake_->apiToken()}, {"base_url", fake_->baseUrl()}, {"timeout_ms", kTimeoutMs}};
    connector_ = connectors::pipedrive::PipedriveConnectorFactory().create(section, env);
  }
  CrmConnector& connector() override { return *connector_; }
  std::string name() const override { return "pipedrive"; }

  std::string seedContact(const std::string& name, const std::vector<std::string>& phonesAsTyped) override {
    return fake_->addPerson(name, phonesAsTyped);
  }
  void seedDeals(const std::string& recordId, int open, int closed) override {
    for (int i = 0; i < open; ++i)
      fake_->addDeal(recordId, "Deal " + std::to_string(i), 1 + i % 5, "open", 1000 + i, i * 1000);
    for (int i = 0; i < closed; ++i)
      fake_->addDeal(recordId, "Closed " + std::to_string(i), 5, i % 2 ? "won" : "lost", 500);
  }

  int contactCount() override { return fake_->personCount(); }
  // A message's note carries its key's marker; a status applied in place carries its own status marker.
  int activityCount(const std::string& idempotencyKey) override {
    return fake_->notesContaining(connectors::pipedrive::noteMarker(idempotencyKey)) +
           fake_->notesContaining(connectors::pipedrive::statusMarker(idempotencyKey));
  }

  void failNext(int status, const std::string& crmMessage, int times, std::optional<int> retryAfterSeconds) override {
    fake_->failNext(status, crmMessage, times, retryAfterSeconds);
  }
  void timeoutAfterCommitNext(int times) override { fake_->timeoutAfterCommitNext(times); }

  int limitViolations() override { return fake_->limitViolations(); }
  std::vector<std::int64_t> requestTimesMs() override { return fake_->requestTimesMs(); }
  int pageSize() override { return fake_->pageSize(); }

  std::string leadObject() const override { return "lead"; }
  std::vector<std::string> leadRecordIds() override {
    std::vector<std::string> ids;
    for (const auto& lead : fake_->leads()) ids.push_back(std::to_string(lead["person_id"].get<int>()));
    return ids;
  }
  void timeoutAfterLeadCreateNext() override { fake_->timeoutAfterLeadCreateNext(); }

  pipedrive::FakePipedrive& fake() { return *fake_; }

 private:
  SystemClock clock_;
  std::unique_ptr<pipedrive::FakePipedrive> fake_;
  std::unique_ptr<CrmConnector> connector_;  // declared last: destroyed before the fake it talks to
};

}  // namespace

std::unique_ptr<ContractHarness> makeHarness() { return std::make_unique<PipedriveHarness>(); }

}  // namespace crmsync::test

#include "contract/contract_cases.inc"

// Pipedrive specifics beyond the shared contract: the same harness, against the same fake.
namespace crmsync::test::pipedrive_specific {

using connectors::pipedrive::noteMarker;
using connectors::pipedrive::statusMarker;
using contract::activityFor;
using contract::messageFrom;

struct Fixture {
  PipedriveHarness h;
  Fixture() { h.start("RU"); }
  CrmConnector& crm() { return h.connector(); }
};

ContactDraft draftFor(const std::string& e164, const std::string& key) {
  ContactDraft d;
  d.displayName = "New Client";
  d.identifiers = {{IdentifierKind::kPhone, e164}};
  d.source = "whatsapp";
  d.creationKey = key;
  return d;
}

BOOST_FIXTURE_TEST_SUITE(pipedrive_specific, Fixture)

BOOST_AUTO_TEST_CASE(a_create_retried_after_a_lost_answer_returns_the_same_person) {
  auto first = crm().create(draftFor("+79035550001", "crmsync-person-1"));
  BOOST_REQUIRE_MESSAGE(first.isOk(), first.outcome.reason);
  BOOST_TEST(h.fake().fieldsNamed("crmsync key") == 1);
  h.timeoutAfterCommitNext(1);
  auto lost = crm().create(draftFor("+79035550002", "crmsync-person-2"));
  BOOST_TEST((lost.outcome.kind == Outcome::Kind::kRetryable), lost.outcome.reason);
  BOOST_TEST(h.contactCount() == 2);  // committed, answer lost
  auto retry = crm().create(draftFor("+79035550002", "crmsync-person-2"));
  BOOST_REQUIRE_MESSAGE(retry.isOk(), retry.outcome.reason);
  BOOST_TEST(h.contactCount() == 2);
  BOOST_TEST(retry.value.id != first.value.id);
  auto person = h.fake().person(retry.value.id);
  BOOST_REQUIRE(person.has_value());
  BOOST_TEST((*person)["phones"][0]["value"] == "+79035550002");
  BOOST_TEST(h.fake().fieldsNamed("crmsync key") == 1);
}

BOOST_AUTO_TEST_CASE(a_status_before_its_message_leaves_one_note_with_both) {
  std::string id = h.seedContact("Ivan", {"+79161234567"});
  Event m = messageFrom("+79161234567", "wamid.early", "the text");
  m.direction = Direction::kOutbound;
  Event s = m;
  s.kind = EventKind::kStatus;
  s.status = "delivered";
  auto status = crm().write({activityFor(s, id)});
  BOOST_REQUIRE(status.isOk() && status.value.at(0).outcome.isOk());
  auto message = crm().write({activityFor(m, id)});
  BOOST_REQUIRE(message.isOk() && message.value.at(0).outcome.isOk());
  BOOST_TEST(message.value[0].activityId == status.value[0].activityId);
  auto notes = h.fake().noteContents(id);
  BOOST_REQUIRE_EQUAL(notes.size(), 1u);
  BOOST_TEST(notes[0].find("the text") != std::string::npos, notes[0]);
  BOOST_TEST(notes[0].find(statusMarker(s.dedupeKey())) != std::string::npos, notes[0]);
  BOOST_TEST(notes[0].find("[crmsync-placeholder]") == std::string::npos, notes[0]);
}

BOOST_AUTO_TEST_CASE(the_lookup_before_write_follows_note_pages) {
  std::string id = h.seedContact("Ivan", {"+79161234567"});
  std::vector<Activity> all;
  for (int i = 0; i < 25; ++i) {
    Event e = messageFrom("+79161234567", "wamid.page" + std::to_string(i));
    e.timestamp += i * 60;
    all.push_back(activityFor(e, id));
  }
  for (std::size_t from = 0; from < all.size(); from += 10) {
    std::vector<Activity> batch(all.begin() + from, all.begin() + std::min(all.size(), from + 10));
    auto r = crm().write(batch);
    BOOST_REQUIRE(r.isOk());
    for (const auto& item : r.value) BOOST_REQUIRE_MESSAGE(item.outcome.isOk(), item.outcome.reason);
  }
  auto again = crm().write({all.front()});  // the oldest: on the last page, newest first
  BOOST_REQUIRE(again.isOk() && again.value.at(0).outcome.isOk());
  BOOST_TEST(h.activityCount(all.front().idempotencyKey) == 1);
  BOOST_TEST(h.fake().noteContents(id).size() == 25u);
  auto log = h.fake().requestLog();
  BOOST_TEST(std::any_of(log.begin(), log.end(),
                         [](const std::string& l) { return l.find("start=20") != std::string::npos; }));
}

BOOST_AUTO_TEST_CASE(only_if_empty_never_overwrites_and_never_skips) {
  std::string id = h.seedContact("Ivan Typed", {"8 916 123 45 67"});
  using mapping::FieldWrite;
  using mapping::WritePolicy;
  Outcome o =
      crm().update({{"person", id},
                    {FieldWrite{"name", "WhatsApp Name", WritePolicy::kOnlyIfEmpty},
                     FieldWrite{"phone", "+79161234567", WritePolicy::kOnlyIfEmpty},
                     FieldWrite{"owner_id", 2, WritePolicy::kOverwrite}, FieldWrite{"org_id", 9, WritePolicy::kNever},
                     FieldWrite{"email", nullptr, WritePolicy::kOverwrite}}});
  BOOST_REQUIRE_MESSAGE(o.isOk(), o.reason);
  auto person = h.fake().person(id);
  BOOST_REQUIRE(person.has_value());
  BOOST_TEST((*person)["name"] == "Ivan Typed");
  BOOST_TEST((*person)["phones"][0]["value"] == "8 916 123 45 67");
  BOOST_TEST((*person)["owner_id"] == 2);
  BOOST_TEST((*person)["org_id"].is_null());
  BOOST_TEST((*person)["emails"].empty());
  std::size_t before = h.requestTimesMs().size();
  BOOST_TEST(crm().update({{"person", id}, {FieldWrite{"email", nullptr, WritePolicy::kOverwrite}}}).isOk());
  BOOST_TEST(h.requestTimesMs().size() == before, "nothing to write must send nothing");
}

BOOST_AUTO_TEST_CASE(pipedrive_refusals_come_back_with_its_own_message) {
  std::string id = h.seedContact("Ivan", {"+79161234567"});
  ContactDraft bad = draftFor("+79035550003", "crmsync-person-3");
  bad.fields = {{"0123456789abcdef0123456789abcdef01234567", "x"}};  // a custom field key Pipedrive does not have
  auto created = crm().create(bad);
  BOOST_TEST((created.outcome.kind == Outcome::Kind::kPermanent), created.outcome.reason);
  BOOST_TEST(created.outcome.reason.find("Pipedrive HTTP 400: Validation failed: custom_fields") != std::string::npos,
             created.outcome.reason);
  Activity unknownField = activityFor(messageFrom("+79161234567", "wamid.bad-field"), id);
  unknownField.fields["bogus"] = 1;
  auto written = crm().write({unknownField});
  BOOST_REQUIRE(written.isOk());
  BOOST_TEST((written.value[0].outcome.kind == Outcome::Kind::kPermanent));
  BOOST_TEST(written.value[0].outcome.reason.find("'bogus'") != std::string::npos, written.value[0].outcome.reason);
}

BOOST_AUTO_TEST_CASE(requests_carry_the_token_in_the_header_only) {
  h.seedContact("Ivan", {"+79161234567"});
  BOOST_REQUIRE(crm().find({contract::queryFor("+79161234567")}).isOk());
  for (const auto& line : h.fake().requestLog()) BOOST_TEST(line.find("api_token") == std::string::npos, line);
  SystemClock clock;
  ConnectorEnvironment env{"RU", "", &clock, makeHttpClientFactory(clock, nullptr, "pipedrive")};
  auto wrong = connectors::pipedrive::PipedriveConnectorFactory().create(
      {{"api_token", "not-the-token"}, {"base_url", h.fake().baseUrl()}}, env);
  auto refused = wrong->find({contract::queryFor("+79161234567")});
  BOOST_TEST((refused.outcome.kind == Outcome::Kind::kAuthFailed), refused.outcome.reason);
  BOOST_TEST(refused.outcome.reason.find("unauthorized access") != std::string::npos, refused.outcome.reason);
  BOOST_TEST(refused.outcome.reason.find("not-the-token") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(context_names_stages_and_puts_the_latest_deal_first) {
  std::string id = h.seedContact("Ivan", {"+79161234567"});
  h.fake().addDeal(id, "Older", 2, "open", 1500.5, 60'000);
  h.fake().addDeal(id, "Newest", 4, "open", 2000, 0);
  h.fake().addDeal(id, "Won", 5, "won", 100, 0);
  auto ctx = crm().context({"person", id});
  BOOST_REQUIRE_MESSAGE(ctx.isOk(), ctx.outcome.reason);
  BOOST_REQUIRE_EQUAL(ctx.value.deals.size(), 2u);
  BOOST_TEST(ctx.value.deals[0].title == "Newest");
  BOOST_TEST(ctx.value.deals[0].stage == "Proposal Made");
  BOOST_TEST(ctx.value.deals[0].amount == "2000");
  BOOST_TEST(ctx.value.deals[1].amount == "1500.5");
  BOOST_TEST(ctx.value.deals[1].currency == "EUR");
  BOOST_TEST(ctx.value.ownerId == "1");
}

BOOST_AUTO_TEST_CASE(the_fake_refuses_a_search_burst_the_way_pipedrive_does) {
  // Straight at the fake, without core's budgets: the 11th search inside 2 s is refused.
  SystemClock clock;
  auto raw = makeHttpClientFactory(clock, nullptr, "raw")(h.fake().baseUrl(), {}, 5000);
  HttpRequest search = connectors::pipedrive::searchPersons("9161234567", "phone", false);
  search.headers["x-api-token"] = h.fake().apiToken();
  std::vector<int> statuses;
  for (int i = 0; i < 11; ++i) statuses.push_back(raw->send(search).value.status);
  BOOST_TEST(std::count(statuses.begin(), statuses.end(), 200) >= 10);
  BOOST_TEST(h.limitViolations() >= 1);
  auto refused = raw->send(search).value;
  BOOST_REQUIRE_EQUAL(refused.status, 429);
  BOOST_TEST(connectors::pipedrive::crmMessage(refused) == "Request over limit");
  Outcome o = connectors::pipedrive::outcomeOf(refused, clock.nowMs());
  BOOST_TEST((o.kind == Outcome::Kind::kRetryable));
  BOOST_TEST(o.retryAfter.count() >= 1000);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace crmsync::test::pipedrive_specific
