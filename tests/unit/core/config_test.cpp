#define BOOST_TEST_MODULE config
#include <boost/test/unit_test.hpp>

#include <cstdlib>

#include "service/config.h"
#include "support/test_support.h"

using namespace crmsync;
using crmsync::test::TempDir;
using nlohmann::json;

namespace {

json minimal() {
  return {{"http", {{"listen", "0.0.0.0:9090"}}},
          {"store", {{"path", "data/store.db"}}},
          {"admin", {{"token", "0123456789abcdef"}}},
          {"channels", {{"whatsapp", {{"app_secret", "s"}, {"verify_token", "v"}}}}},
          {"crm", {{"connector", "local"}, {"local", {{"path", "crm.db"}}}}},
          {"phone", {{"default_region", "DE"}}}};
}

std::vector<ConfigError> errorsOf(const TempDir& dir, const json& doc) {
  test::writeFile(dir / "c.json", doc.dump());
  try {
    loadConfig(dir / "c.json");
  } catch (const ConfigErrors& e) {
    return e.errors();
  }
  return {};
}

bool names(const std::vector<ConfigError>& errors, const std::string& key, const std::string& fragment = "") {
  for (const auto& e : errors) {
    if (e.key() == key && e.reason().find(fragment) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_CASE(minimal_config_loads_with_defaults_and_absolute_paths) {
  TempDir dir;
  test::writeFile(dir / "c.json", minimal().dump());
  Config c = loadConfig(dir / "c.json");
  BOOST_TEST(c.listenHost == "0.0.0.0");
  BOOST_TEST(c.listenPort == 9090);
  BOOST_TEST(c.storePath == (dir.path() / "data/store.db"));
  BOOST_TEST(c.storePath.is_absolute());
  BOOST_TEST(c.crmSection["path"] == "crm.db");
  BOOST_TEST(c.createUnknown == "contact");
  BOOST_TEST(c.maxBodyBytes == 3u * 1024 * 1024);
  BOOST_TEST(c.syncWorkers == 2);
}

BOOST_AUTO_TEST_CASE(environment_references_are_expanded_and_escapable) {
  TempDir dir;
  ::setenv("CRMSYNC_TEST_SECRET", "s3cr3t", 1);
  json doc = minimal();
  doc["channels"]["whatsapp"]["app_secret"] = "${CRMSYNC_TEST_SECRET}";
  doc["channels"]["whatsapp"]["verify_token"] = "pre-$${LITERAL}";
  test::writeFile(dir / "c.json", doc.dump());
  Config c = loadConfig(dir / "c.json");
  BOOST_TEST(c.whatsappAppSecret == "s3cr3t");
  BOOST_TEST(c.whatsappVerifyToken == "pre-${LITERAL}");
}

BOOST_AUTO_TEST_CASE(every_error_is_reported_with_its_key) {
  TempDir dir;
  json doc = minimal();
  doc["http"]["listen"] = "localhost";
  doc["http"]["threads"] = "many";
  doc["store"].erase("path");
  doc["admin"]["token"] = "short";
  doc["phone"]["default_region"] = "ZZ";
  doc["crm"]["create_unknown"] = "lead";
  doc["sync"] = {{"workers", 0}};
  doc["log"] = {{"level", "loud"}};
  doc["extra"] = 1;
  doc["channels"]["whatsapp"]["app_secret"] = "${CRMSYNC_TEST_DEFINITELY_UNSET}";
  auto errors = errorsOf(dir, doc);
  BOOST_TEST(names(errors, "http.listen", "host:port"));
  BOOST_TEST(names(errors, "http.threads", "integer"));
  BOOST_TEST(names(errors, "store.path", "required"));
  BOOST_TEST(names(errors, "admin.token", "16"));
  BOOST_TEST(names(errors, "phone.default_region", "ZZ"));
  BOOST_TEST(names(errors, "crm.create_unknown"));
  BOOST_TEST(names(errors, "sync.workers"));
  BOOST_TEST(names(errors, "log.level"));
  BOOST_TEST(names(errors, "extra", "unknown key"));
  BOOST_TEST(names(errors, "channels.whatsapp.app_secret", "CRMSYNC_TEST_DEFINITELY_UNSET"));
}

BOOST_AUTO_TEST_CASE(a_file_that_is_not_json_says_so) {
  TempDir dir;
  test::writeFile(dir / "c.json", "{ \"http\": ");
  BOOST_CHECK_EXCEPTION(loadConfig(dir / "c.json"), ConfigErrors, [](const ConfigErrors& e) {
    return std::string(e.what()).find("not valid JSON") != std::string::npos;
  });
  BOOST_CHECK_THROW(loadConfig(dir / "missing.json"), ConfigErrors);
}

BOOST_AUTO_TEST_CASE(port_zero_is_allowed_for_tests_and_out_of_range_is_not) {
  TempDir dir;
  json doc = minimal();
  doc["http"]["listen"] = "127.0.0.1:0";
  BOOST_TEST(errorsOf(dir, doc).empty());
  doc["http"]["listen"] = "127.0.0.1:70000";
  BOOST_TEST(names(errorsOf(dir, doc), "http.listen", "65535"));
}

// parseConfig (the fuzz target's entry point) reads no file: relative paths resolve against the named
// file's directory, and errors name it.
BOOST_AUTO_TEST_CASE(configuration_text_parses_without_a_file) {
  Config c = parseConfig(minimal().dump(), "/nonexistent/etc/crmsync.json");
  BOOST_TEST(c.storePath == std::filesystem::path("/nonexistent/etc/data/store.db"));
  BOOST_CHECK_EXCEPTION(parseConfig("[1]", "/nonexistent/etc/crmsync.json"), ConfigErrors, [](const ConfigErrors& e) {
    return e.errors().size() == 1u && std::string(e.what()).find("/nonexistent/etc/crmsync.json") != std::string::npos;
  });
}

// Found by fuzzing (tests/fuzz/seeds/config/number_overflow.json): a number like 1E999 threw nlohmann's
// out_of_range instead of ConfigErrors.
BOOST_AUTO_TEST_CASE(number_out_of_range_is_a_config_error) {
  BOOST_CHECK_EXCEPTION(parseConfig("{\"http\": {\"threads\": 1E999}}", "/nonexistent/c.json"), ConfigErrors,
                        [](const ConfigErrors& e) {
                          return std::string(e.what()).find("not valid JSON") != std::string::npos;
                        });
}
