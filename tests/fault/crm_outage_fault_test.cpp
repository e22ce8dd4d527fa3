#define BOOST_TEST_MODULE crm_outage_fault
#include <Poco/Net/StreamSocket.h>

#include <boost/test/unit_test.hpp>

#include "fault_support.h"

// The CRM (the Bitrix24 fake behind a FaultProxy) goes down, answers 503, throttles with 429 and
// Retry-After, or takes 5 s per request. The outages are short and crmsync's backoff is compressed
// (sync.backoff_* in milliseconds), so "a while" costs seconds, and every wait is on a condition.

using namespace crmsync::test;

namespace {

constexpr std::int64_t kClockGrainMs = 2;

std::vector<std::string> postMessages(const ServiceProcess& service, const std::string& tag, int count) {
  std::vector<std::string> ids;
  for (int i = 0; i < count; ++i) {
    std::string id = "wamid." + tag + "-" + std::to_string(i);
    std::string from = "7903555" + std::to_string(1000 + i % 3);  // three clients
    HttpResult r = service.postSigned(textMessageBody(id, from, tag + " " + std::to_string(i), 1700000000 + i));
    BOOST_REQUIRE_MESSAGE(r.status == 200, id << ": " << r.status << " " << r.body);
    ids.push_back(id);
  }
  return ids;
}

void requireDelivered(const HostedCrm& crm, const std::vector<std::string>& ids, std::chrono::seconds budget) {
  for (const auto& id : ids) {
    BOOST_REQUIRE_MESSAGE(waitUntil([&] { return crm.delivered(id); }, budget), id << " not delivered within "
                                                                                   << budget.count() << " s; log:\n"
                                                                                   << crm.service.log());
  }
}

bool eventInState(const ServiceProcess& service, const std::string& id, const std::string& state) {
  HttpResult r = service.get("/api/v1/events/" + id);
  return r.status == 200 && r.json()["events"][0]["state"] == state;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_crm_that_is_down_then_answers_503_loses_nothing_and_the_backlog_drains) {
  HostedCrm crm;
  crm.proxy.down();  // connection refused
  BOOST_REQUIRE_THROW(
      Poco::Net::StreamSocket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(crm.proxy.port()))),
      Poco::Exception);
  std::vector<std::string> ids = postMessages(crm.service, "down", 12);
  BOOST_REQUIRE_MESSAGE(waitUntil([&] { return eventInState(crm.service, ids[0], "retrying"); }),
                        crm.service.get("/api/v1/events/" + ids[0]).body);
  crm.proxy.answer503(4);  // back, but overloaded for a while
  crm.proxy.up();
  std::vector<std::string> more = postMessages(crm.service, "after", 4);
  ids.insert(ids.end(), more.begin(), more.end());
  requireDelivered(crm, ids, std::chrono::seconds(90));
  BOOST_TEST(crm.fake.limitViolations() == 0, "requests over Bitrix24's budget");
  int got503 = 0;
  for (const auto& r : crm.proxy.records()) got503 += r.status == 503;
  BOOST_TEST(got503 == 4);
  for (const auto& id : ids) BOOST_TEST(crm.fake.activityCountWithOrigin("whatsapp:msg:" + id) == 1, id);
}

BOOST_AUTO_TEST_CASE(no_request_arrives_before_the_time_a_429_named) {
  HostedCrm crm(nlohmann::json{{"sync", {{"workers", 1}}}});
  crm.proxy.answer429(5, 1);  // a storm: five 429s in a row, each "Retry-After: 1"
  std::vector<std::string> ids = postMessages(crm.service, "storm", 6);
  requireDelivered(crm, ids, std::chrono::seconds(90));
  std::vector<FaultProxy::Record> records = crm.proxy.records();
  int storms = 0;
  for (const auto& throttled : records) {
    if (throttled.status != 429) continue;
    ++storms;
    for (const auto& later : records) {
      if (later.arrivedMs <= throttled.answeredMs) continue;  // sent before crmsync could know
      // Both sides count whole milliseconds: allow the 2 ms that truncation can lose; Retry-After is in seconds.
      BOOST_TEST(
          later.arrivedMs + kClockGrainMs >= throttled.notBeforeMs,
          later.path << " arrived " << (throttled.notBeforeMs - later.arrivedMs) << " ms before the Retry-After");
    }
  }
  BOOST_TEST(storms == 5);
  BOOST_TEST(crm.service.metric("crmsync_crm_throttled_total{connector=\"bitrix24\"}") >= 5);
  BOOST_TEST(crm.fake.limitViolations() == 0);
}

BOOST_AUTO_TEST_CASE(a_crm_taking_5_s_per_request_does_not_slow_webhook_acknowledgements) {
  HostedCrm crm;
  crm.proxy.setLatency(std::chrono::milliseconds(5000));
  postMessages(crm.service, "warm", 1);
  BOOST_REQUIRE(waitUntil([&] { return crm.proxy.inFlight() > 0; }));  // the sync loop is stuck in a request
  std::int64_t slowest = 0;
  std::vector<std::string> ids;
  for (int i = 0; i < 40; ++i) {
    std::int64_t started = FaultProxy::nowMs();
    std::vector<std::string> one = postMessages(crm.service, "slow" + std::to_string(i), 1);
    slowest = std::max(slowest, FaultProxy::nowMs() - started);
    ids.push_back(one[0]);
  }
  BOOST_TEST(crm.proxy.inFlight() > 0, "the CRM request should still be in progress");
  BOOST_TEST(slowest < 1000, "slowest acknowledgement " << slowest << " ms while the CRM took 5 s per request");
  crm.proxy.setLatency(std::chrono::milliseconds(0));
  requireDelivered(crm, ids, std::chrono::seconds(90));
}
