#define BOOST_TEST_MODULE disk_full_fault
#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/resource.h>

#include <boost/test/unit_test.hpp>
#include <set>

#include "fault_support.h"

// The store's disk fills up. Mechanism: the test lowers the running child's RLIMIT_FSIZE with
// prlimit(2), so every write that would grow a file past the limit fails with EFBIG, exactly where a full
// disk fails with ENOSPC (crmsync ignores SIGXFSZ, so it gets the error instead of dying). No root, no
// loop mount. While it lasts webhooks must get 503 (so Meta retries), nothing is acknowledged that is not
// stored, and the service recovers once the limit is raised again.

using namespace crmsync::test;

namespace {

void limitFileSize(int pid, rlim_t bytes) {
  struct rlimit limit {};
  limit.rlim_cur = bytes;
  limit.rlim_max = RLIM_INFINITY;
  BOOST_REQUIRE_MESSAGE(prlimit(pid, RLIMIT_FSIZE, &limit, nullptr) == 0, "prlimit(" << pid << ") failed");
}

int crmCount(const ServiceProcess& service, const std::string& key) {
  SQLite::Database crm(service.crmPath(), SQLite::OPEN_READONLY);
  SQLite::Statement q(crm, "SELECT COUNT(*) FROM activities WHERE idempotency_key = ?");
  q.bind(1, key);
  q.executeStep();
  return q.getColumn(0).getInt();
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_full_disk_gets_503_acknowledges_nothing_unstored_and_recovers) {
  TempDir dir;
  ServiceProcess service(dir, {{"log", {{"level", "info"}}}});
  service.start();
  std::set<std::string> acked;
  std::set<std::string> refused;
  int seq = 0;
  auto postOne = [&](const std::string& phase) {
    std::string id = "wamid.disk-" + phase + "-" + std::to_string(seq);
    HttpResult r =
        service.postSigned(textMessageBody(id, "7916555" + std::to_string(1000 + seq % 4), "m", 1700000000 + seq));
    ++seq;
    (r.status == 200 ? acked : refused).insert(id);
    return r.status;
  };
  for (int i = 0; i < 10; ++i) BOOST_REQUIRE_EQUAL(postOne("before"), 200);

  limitFileSize(service.pid(), 1);  // the disk is full: no file may grow
  std::vector<int> statuses;
  for (int i = 0; i < 10; ++i) statuses.push_back(postOne("full"));
  for (int status : statuses) BOOST_TEST(status == 503, "a webhook answered " << status << " while the disk was full");
  BOOST_TEST(service.running(), "crmsync died on the full disk");
  BOOST_TEST(service.metric("crmsync_webhooks_rejected_total{channel=\"whatsapp\",reason=\"store\"}") >= 10);

  limitFileSize(service.pid(), RLIM_INFINITY);  // space is back
  BOOST_REQUIRE_MESSAGE(waitUntil([&] { return postOne("after") == 200; }, std::chrono::seconds(30)),
                        "no recovery after the disk had space again; log:\n"
                            << service.log());
  for (int i = 0; i < 9; ++i) BOOST_TEST(postOne("after") == 200);

  // Every acknowledged message reaches the CRM exactly once; a refused one only if it was re-sent.
  for (const auto& id : acked) {
    BOOST_REQUIRE_MESSAGE(
        waitUntil([&] { return crmCount(service, "whatsapp:msg:" + id) == 1; }, std::chrono::seconds(60)),
        id << " acknowledged but not in the CRM; log:\n"
           << service.log());
  }
  for (const auto& id : refused) {
    HttpResult r = service.get("/api/v1/events/" + id);
    BOOST_TEST(r.status == 404, id << " was refused with 503 but is stored: " << r.body);
  }
  const int code = service.terminate();
  const std::string log = service.log();
  BOOST_TEST(code == 0, "exit " << code << "; log tail:\n" << log.substr(log.size() > 3000 ? log.size() - 3000 : 0));
}
