#define BOOST_TEST_MODULE ingest_committer
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

#include "pipeline/ingest_committer.h"
#include "store/sqlite_store.h"
#include "support/test_support.h"

using namespace crmsync;
using crmsync::test::TempDir;

BOOST_AUTO_TEST_CASE(concurrent_submitters_all_get_their_own_receipt) {
  TempDir dir;
  SqliteStore store(dir / "store.db");
  std::atomic<int> commits{0};
  IngestCommitter committer(store, [&] { ++commits; });
  committer.start();
  std::vector<std::thread> threads;
  std::atomic<int> accepted{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        InboxRequest r;
        r.channel = "whatsapp";
        Event e;
        e.channel = "whatsapp";
        e.providerId = "w" + std::to_string(t) + "-" + std::to_string(i);
        e.counterpart = {{IdentifierKind::kPhone, "+7916000000" + std::to_string(t)}};
        r.events = {e};
        accepted += committer.submit(r).accepted;
      }
    });
  }
  for (auto& t : threads) t.join();
  committer.stop();
  BOOST_TEST(accepted.load() == 200);
  BOOST_TEST(store.counts().inbox == 200);
  BOOST_TEST(store.counts().received == 200);
  // Group commit: fewer transactions than requests whenever submitters overlapped; never more.
  BOOST_TEST(commits.load() <= 200);
  BOOST_TEST(commits.load() >= 1);
}

BOOST_AUTO_TEST_CASE(submit_after_stop_is_refused_not_lost) {
  TempDir dir;
  SqliteStore store(dir / "store.db");
  IngestCommitter committer(store, nullptr);
  committer.start();
  committer.stop();
  BOOST_CHECK_THROW(committer.submit(InboxRequest{}), StoreError);
  BOOST_TEST(store.counts().inbox == 0);
}
