#define BOOST_TEST_MODULE store_mappings
#include <boost/test/unit_test.hpp>

#include "store/sqlite_store.h"
#include "support/test_support.h"

using namespace crmsync;
using crmsync::test::TempDir;

BOOST_AUTO_TEST_CASE(versions_count_up_per_connector_and_survive_reopening) {
  TempDir dir;
  {
    SqliteStore store(dir / "s.db");
    BOOST_TEST(store.addMappingVersion({"local", 0, "system", "file:abc", 1, "{}", ""}) == 1);
    BOOST_TEST(store.addMappingVersion({"local", 0, "alice", "api", 2, "{\"a\":1}", "+ a"}) == 2);
    BOOST_TEST(store.addMappingVersion({"hubspot", 0, "bob", "api", 3, "{}", ""}) == 1);
  }
  SqliteStore store(dir / "s.db");
  auto latest = store.latestMapping("local");
  BOOST_REQUIRE(latest.has_value());
  BOOST_TEST(latest->version == 2);
  BOOST_TEST(latest->author == "alice");
  BOOST_TEST(latest->diff == "+ a");
  auto all = store.mappingVersions("local", 10);
  BOOST_REQUIRE_EQUAL(all.size(), 2u);
  BOOST_TEST(all[0].version == 2);  // newest first
  BOOST_TEST(store.mappingVersion("local", 1)->text == "{}");
  BOOST_TEST(!store.mappingVersion("local", 3).has_value());
  BOOST_TEST(store.hasMappingOrigin("local", "file:abc"));
  BOOST_TEST(!store.hasMappingOrigin("hubspot", "file:abc"));
  BOOST_TEST(!store.latestMapping("kommo").has_value());
}

BOOST_AUTO_TEST_CASE(audit_log_is_newest_first) {
  TempDir dir;
  SqliteStore store(dir / "s.db");
  store.audit({10, "alice", "mapping.save", "local", "v2"});
  store.audit({20, "bob", "mapping.rollback", "local", "v3"});
  auto log = store.auditLog(10);
  BOOST_REQUIRE_EQUAL(log.size(), 2u);
  BOOST_TEST(log[0].actor == "bob");
  BOOST_TEST(log[1].action == "mapping.save");
  BOOST_TEST(store.auditLog(1).size() == 1u);
}

BOOST_AUTO_TEST_CASE(recent_events_are_newest_first) {
  TempDir dir;
  SqliteStore store(dir / "s.db");
  InboxRequest r;
  r.channel = "whatsapp";
  for (int i = 0; i < 3; ++i) {
    Event e;
    e.channel = "whatsapp";
    e.providerId = "w" + std::to_string(i);
    e.counterpart = {{IdentifierKind::kPhone, "+79160000000"}};
    r.events.push_back(e);
  }
  store.ingest({r});
  auto recent = store.recentEvents(2);
  BOOST_REQUIRE_EQUAL(recent.size(), 2u);
  BOOST_TEST(recent[0].event.providerId == "w2");
  BOOST_TEST(recent[1].event.providerId == "w1");
}
