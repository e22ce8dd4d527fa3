#define BOOST_TEST_MODULE crash_e2e
#include <boost/test/unit_test.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include "support/corpus_payloads.h"
#include "support/service_process.h"

using namespace crmsync::test;
using nlohmann::json;

namespace {

// A stream of posts from several clients; the process is stopped in the middle (`stop`) and restarted.
// Every message that got a 200 must end up in the timeline and in the CRM exactly once.
void streamStopRestart(const std::function<void(ServiceProcess&)>& stop) {
  TempDir dir;
  ServiceProcess service(dir);
  service.start();

  constexpr int kThreads = 4;
  constexpr int kPerThread = 150;
  constexpr int kKillAfter = 200;
  std::mutex mutex;
  std::set<std::string> acked;
  std::atomic<int> ackedCount{0};
  std::vector<std::thread> posters;
  for (int t = 0; t < kThreads; ++t) {
    posters.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string id = "wamid.crash-" + std::to_string(t) + "-" + std::to_string(i);
        std::string from = "7916" + std::to_string(1000000 + t * 1000 + i % 25);  // 25 clients per thread
        try {
          HttpResult r = service.postSigned(textMessageBody(id, from, "message " + id, 1700000000 + i));
          if (r.status != 200) return;
        } catch (const std::exception&) {
          return;  // the process is gone: this one was never acknowledged
        }
        std::lock_guard<std::mutex> lock(mutex);
        acked.insert(id);
        ++ackedCount;
      }
    });
  }
  BOOST_REQUIRE(waitUntil([&] { return ackedCount.load() >= kKillAfter; }, std::chrono::seconds(120)));
  stop(service);
  for (auto& p : posters) p.join();
  BOOST_TEST_MESSAGE(acked.size() << " messages acknowledged before the stop");
  BOOST_REQUIRE_GE(acked.size(), static_cast<std::size_t>(kKillAfter));

  service.start();
  for (const auto& id : acked) {
    bool written = waitUntil([&] {
      HttpResult r = service.get("/api/v1/events/" + id);
      return r.status == 200 && r.json()["events"][0]["state"] == "written";
    }, std::chrono::seconds(60));
    BOOST_REQUIRE_MESSAGE(written, id << " acknowledged but not written: " << service.get("/api/v1/events/" + id).body);
  }
  SQLite::Database crm(service.crmPath(), SQLite::OPEN_READONLY);
  SQLite::Statement q(crm, "SELECT idempotency_key, COUNT(*) FROM activities GROUP BY idempotency_key");
  std::set<std::string> inCrm;
  while (q.executeStep()) {
    BOOST_TEST(q.getColumn(1).getInt() == 1, q.getColumn(0).getString() << " written more than once");
    inCrm.insert(q.getColumn(0).getString());
  }
  for (const auto& id : acked) BOOST_TEST(inCrm.count("whatsapp:msg:" + id) == 1u, id);

  // And each appears once in its person's timeline.
  json e = service.get("/api/v1/events/" + *acked.begin()).json()["events"][0];
  json timeline = service.get("/api/v1/people/" + std::to_string(e["person_id"].get<long long>()) + "/timeline").json()["timeline"];
  std::multiset<std::string> ids;
  for (const auto& t : timeline) ids.insert(t["provider_id"].get<std::string>());
  for (const auto& id : ids) BOOST_TEST(ids.count(id) == 1u, id);
  BOOST_TEST(service.terminate() == 0);
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_acknowledged_message_survives_sigkill_exactly_once) {
  streamStopRestart([](ServiceProcess& s) { s.kill9(); });
}

BOOST_AUTO_TEST_CASE(sigterm_mid_stream_shuts_down_cleanly_and_loses_nothing) {
  streamStopRestart([](ServiceProcess& s) {
    BOOST_TEST(s.terminate() == 0);
    BOOST_TEST(s.log().find("crmsync stopped") != std::string::npos, s.log());
  });
}
