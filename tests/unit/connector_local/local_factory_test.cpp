#define BOOST_TEST_MODULE local_factory
#include <boost/test/unit_test.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "crm/local/local_connector.h"
#include "crmsync/config_error.h"
#include "support/test_support.h"

using namespace crmsync;
using crmsync::connectors::local::LocalConnector;
using crmsync::connectors::local::LocalConnectorFactory;
using nlohmann::json;

namespace {

ConnectorEnvironment environment(const Clock* clock, const std::string& configDir = "") {
  ConnectorEnvironment env;
  env.defaultRegion = "RU";
  env.configDir = configDir;
  env.clock = clock;
  return env;
}

// The key the factory names for `section`; empty when it does not throw ConfigError.
std::string failingKey(const json& section, std::string* reason = nullptr) {
  ManualClock clock;
  try {
    LocalConnectorFactory().create(section, environment(&clock));
  } catch (const ConfigError& e) {
    if (reason != nullptr) *reason = e.reason();
    return e.key();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(factory_builds_a_working_connector) {
  test::TempDir dir;
  ManualClock clock;
  LocalConnectorFactory factory;
  BOOST_TEST(factory.name() == "local");
  auto crm = factory.create({{"path", (dir / "crm.sqlite").string()}}, environment(&clock));
  BOOST_TEST_REQUIRE(crm.get() != nullptr);
  BOOST_TEST(crm->name() == "local");
  Capabilities caps = crm->capabilities();
  BOOST_TEST(caps.maxLookupBatch == 50);
  BOOST_TEST(caps.maxWriteBatch == 100);
  BOOST_TEST(caps.nativeIdempotency);
  BOOST_TEST(caps.updatesStatusInPlace);
  BOOST_TEST(caps.budgets.empty());
  BOOST_TEST(std::filesystem::exists(dir / "crm.sqlite"));
}

BOOST_AUTO_TEST_CASE(config_errors_name_the_key) {
  test::TempDir dir;
  std::string reason;
  BOOST_TEST(failingKey(json::object(), &reason) == "crm.local.path");
  BOOST_TEST(reason == "required");
  BOOST_TEST(failingKey({{"path", ""}}) == "crm.local.path");
  BOOST_TEST(failingKey({{"path", 5}}) == "crm.local.path");
  BOOST_TEST(failingKey({{"path", (dir / "a.sqlite").string()}, {"pth", "x"}}, &reason) == "crm.local.pth");
  BOOST_TEST(reason == "unknown key");
  BOOST_TEST(failingKey(json::array()) == "crm.local");
  BOOST_TEST(failingKey({{"path", (dir / "missing" / "crm.sqlite").string()}}, &reason) == "crm.local.path");
  BOOST_TEST(reason.find("does not exist") != std::string::npos, reason);
  BOOST_TEST(failingKey({{"path", dir.path().string()}}, &reason) == "crm.local.path");
  BOOST_TEST(reason.find("is a directory") != std::string::npos, reason);
}

BOOST_AUTO_TEST_CASE(validate_checks_without_creating_the_file) {
  test::TempDir dir;
  ManualClock clock;
  LocalConnectorFactory factory;
  factory.validate({{"path", "crm.sqlite"}}, environment(&clock, dir.path().string()));
  BOOST_TEST(!std::filesystem::exists(dir / "crm.sqlite"));
  BOOST_CHECK_THROW(factory.validate({{"path", "crm.sqlite"}, {"x", 1}}, environment(&clock)), ConfigError);
  BOOST_CHECK_THROW(factory.validate({{"path", "no/such/dir/crm.sqlite"}}, environment(&clock, dir.path().string())),
                    ConfigError);
}

BOOST_AUTO_TEST_CASE(relative_path_is_taken_from_the_config_directory) {
  test::TempDir dir;
  ManualClock clock;
  auto crm = LocalConnectorFactory().create({{"path", "crm.sqlite"}}, environment(&clock, dir.path().string()));
  BOOST_TEST(std::filesystem::exists(dir / "crm.sqlite"));
}

BOOST_AUTO_TEST_CASE(schema_is_versioned_and_wal) {
  test::TempDir dir;
  { LocalConnector crm(dir / "crm.sqlite", "RU"); }
  SQLite::Database db((dir / "crm.sqlite").string(), SQLite::OPEN_READWRITE);
  BOOST_TEST(db.execAndGet("PRAGMA user_version").getInt() == 2);
  BOOST_TEST(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
}

BOOST_AUTO_TEST_CASE(a_newer_schema_is_refused_clearly) {
  test::TempDir dir;
  { LocalConnector crm(dir / "crm.sqlite", "RU"); }
  {
    SQLite::Database db((dir / "crm.sqlite").string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 99");
  }
  try {
    LocalConnector crm(dir / "crm.sqlite", "RU");
    BOOST_FAIL("a newer schema was accepted");
  } catch (const std::runtime_error& e) {
    std::string what = e.what();
    BOOST_TEST(what.find("schema version 99, newer than this crmsync supports (2)") != std::string::npos, what);
  }
  std::string reason;
  BOOST_TEST(failingKey({{"path", (dir / "crm.sqlite").string()}}, &reason) == "crm.local.path");
  BOOST_TEST(reason.find("schema version 99") != std::string::npos, reason);
}

BOOST_AUTO_TEST_CASE(a_locked_database_is_retryable) {
  test::TempDir dir;
  LocalConnector crm(dir / "crm.sqlite", "RU");
  SQLite::Database other((dir / "crm.sqlite").string(), SQLite::OPEN_READWRITE);
  other.exec("BEGIN EXCLUSIVE");  // another process holding the write lock past the 5 s busy timeout
  ContactDraft draft;
  draft.displayName = "Locked out";
  draft.creationKey = "person:locked";
  auto result = crm.create(draft);
  BOOST_TEST((result.outcome.kind == Outcome::Kind::kRetryable), result.outcome.reason);
  BOOST_TEST(result.outcome.reason.find("local CRM database") == 0u, result.outcome.reason);
  other.exec("ROLLBACK");
  BOOST_TEST(crm.create(draft).isOk());
}
