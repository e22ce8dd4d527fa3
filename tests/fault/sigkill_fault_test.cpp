#define BOOST_TEST_MODULE sigkill_fault
#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "fault_support.h"

// 20,000 messages from 500 senders, posted by several threads, while the real binary is SIGKILLed 20
// times at random points (seeded; the seed is printed; CRMSYNC_FAULT_SEED replays one). Every message
// that got a 200 must end up in the embedded CRM exactly once, on one contact per sender, in the order
// the sender sent them. A sender re-sends what was not acknowledged (as Meta does), so in the end every
// message is acknowledged.

using namespace crmsync::test;

namespace {

constexpr int kSenders = 500;
constexpr int kPerSender = 40;  // 20,000 messages
constexpr int kKills = 20;
constexpr int kThreads = 8;
constexpr int kBatch = 10;  // messages per webhook body

// Sender s's number, typed the way message `seq` happens to carry it: one person, many spellings.
std::string senderNumber(int s, int seq) {
  const int local = 1000000 + s;
  const std::string ru = "7916" + std::to_string(local);
  const std::string de = "49151" + std::to_string(10000000 + s);
  const bool german = s % 5 == 4;
  switch (seq % 3) {
    case 0:
      return german ? de : ru;
    case 1:
      return "+" + (german ? de : ru);
    default:
      return german ? "+49 151 " + std::to_string(10000000 + s)
                    : "+7 916 " + std::to_string(local).substr(0, 3) + "-" + std::to_string(local).substr(3, 2) + "-" +
                          std::to_string(local).substr(5, 2);
  }
}

std::string messageId(int s, int seq) { return "wamid.kill-" + std::to_string(s) + "-" + std::to_string(seq); }

unsigned seedFromEnvironment() {
  const char* fixed = std::getenv("CRMSYNC_FAULT_SEED");
  return fixed ? static_cast<unsigned>(std::stoul(fixed)) : std::random_device{}();
}

struct Progress {
  std::atomic<int> acked{0};
  std::atomic<int> refused{0};  // posts that got no 200 (and were sent again)
};

// One thread: its senders' messages in rounds, kBatch per body; an unacknowledged body is sent again
// until it is acknowledged, so each sender's messages are acknowledged in order.
void postAll(int port, int thread, Progress& progress) {
  Poster poster(port);
  std::vector<int> senders;
  for (int s = thread; s < kSenders; s += kThreads) senders.push_back(s);
  for (int seq = 0; seq < kPerSender; ++seq) {
    for (std::size_t first = 0; first < senders.size(); first += kBatch) {
      std::vector<OutMessage> batch;
      for (std::size_t i = first; i < std::min(senders.size(), first + kBatch); ++i) {
        int s = senders[i];
        batch.push_back({messageId(s, seq), senderNumber(s, seq), "message " + std::to_string(seq), 1700000000L + seq});
      }
      const std::string body = batchBody(batch);
      while (poster.post(body) != 200) {
        ++progress.refused;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a sender's retry pace while crmsync restarts
      }
      progress.acked += static_cast<int>(batch.size());
    }
  }
}

int crmActivityCount(const ServiceProcess& service) {
  try {
    SQLite::Database crm(service.crmPath(), SQLite::OPEN_READONLY);
    return crm.execAndGet("SELECT COUNT(*) FROM activities").getInt();
  } catch (const SQLite::Exception&) {
    return -1;  // not created yet
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_acknowledged_message_is_in_the_crm_once_and_in_order_after_20_sigkills) {
  const unsigned seed = seedFromEnvironment();
  BOOST_TEST_MESSAGE("sigkill fault seed " << seed << " (CRMSYNC_FAULT_SEED=" << seed << " replays it)");
  std::mt19937 random(seed);
  TempDir dir;
  const int port = freePort();
  ServiceProcess service(dir, {{"http", {{"listen", "127.0.0.1:" + std::to_string(port)}, {"threads", 16}}},
                               {"sync", {{"workers", 8}}},
                               {"log", {{"level", "info"}}}});
  service.start();

  // The kill points: 20 distinct acknowledgement counts spread over the stream, each plus a few ms.
  std::uniform_int_distribution<int> at(200, kSenders * kPerSender - 500);
  std::set<int> points;
  while (static_cast<int>(points.size()) < kKills) points.insert(at(random));
  std::uniform_int_distribution<int> jitterMs(0, 30);

  Progress progress;
  std::vector<std::thread> posters;
  for (int t = 0; t < kThreads; ++t) posters.emplace_back(postAll, port, t, std::ref(progress));
  for (int point : points) {
    BOOST_REQUIRE_MESSAGE(waitUntil([&] { return progress.acked >= point; }, std::chrono::seconds(120)),
                          "stalled at " << progress.acked << " acknowledged; log:\n"
                                        << service.log().substr(0, 4000));
    std::this_thread::sleep_for(std::chrono::milliseconds(jitterMs(random)));  // a random moment, not a wait
    service.kill9();
    service.start();
  }
  for (auto& p : posters) p.join();
  BOOST_TEST_MESSAGE(progress.acked << " messages acknowledged, " << progress.refused
                                    << " posts refused or cut by a kill");
  BOOST_REQUIRE_EQUAL(progress.acked.load(), kSenders * kPerSender);

  // The final clean drain, then a clean stop, then the CRM file is read.
  const int expected = kSenders * kPerSender;
  bool drained = waitUntil([&] { return crmActivityCount(service) >= expected; }, std::chrono::seconds(180));
  BOOST_REQUIRE_MESSAGE(drained, "only " << crmActivityCount(service) << " of " << expected << " in the CRM");
  BOOST_TEST(service.terminate() == 0);

  SQLite::Database crm(service.crmPath(), SQLite::OPEN_READONLY);
  SQLite::Statement rows(crm, "SELECT idempotency_key, contact_id FROM activities ORDER BY id");
  std::map<std::string, int> copies;
  std::map<int, long long> contactOf;  // sender -> contact
  std::map<int, int> lastSeq;          // sender -> the last sequence number seen in CRM order
  int outOfOrder = 0;
  int split = 0;
  while (rows.executeStep()) {
    const std::string key = rows.getColumn(0).getString();
    ++copies[key];
    int s = 0;
    int seq = 0;
    if (std::sscanf(key.c_str(), "whatsapp:msg:wamid.kill-%d-%d", &s, &seq) != 2) continue;
    long long contact = rows.getColumn(1).getInt64();
    auto [it, fresh] = contactOf.emplace(s, contact);
    if (!fresh && it->second != contact) ++split;
    auto last = lastSeq.find(s);
    if (last != lastSeq.end() && last->second >= seq) ++outOfOrder;
    lastSeq[s] = seq;
  }
  int missing = 0;
  int duplicated = 0;
  for (int s = 0; s < kSenders; ++s) {
    for (int seq = 0; seq < kPerSender; ++seq) {
      auto it = copies.find("whatsapp:msg:" + messageId(s, seq));
      if (it == copies.end())
        ++missing;
      else if (it->second != 1)
        ++duplicated;
    }
  }
  BOOST_TEST(missing == 0, missing << " acknowledged messages are not in the CRM (seed " << seed << ")");
  BOOST_TEST(duplicated == 0, duplicated << " messages are in the CRM more than once (seed " << seed << ")");
  BOOST_TEST(outOfOrder == 0, outOfOrder << " messages are out of their sender's order (seed " << seed << ")");
  BOOST_TEST(split == 0, split << " messages landed on another contact than their sender's (seed " << seed << ")");
  BOOST_TEST(contactOf.size() == static_cast<std::size_t>(kSenders));
}
