#define BOOST_TEST_MODULE cli_e2e
#include <boost/test/unit_test.hpp>

#include <cstdlib>

#include "support/service_process.h"

using namespace crmsync::test;
using nlohmann::json;

namespace {
json validConfig() {
  return {{"http", {{"listen", "127.0.0.1:0"}}},
          {"store", {{"path", "store.db"}}},
          {"admin", {{"token", "0123456789abcdef0123"}}},
          {"channels", {{"whatsapp", {{"app_secret", "s"}, {"verify_token", "v"}}}}},
          {"crm", {{"connector", "local"}, {"local", {{"path", "crm.db"}}}}},
          {"phone", {{"default_region", "RU"}}}};
}
}  // namespace

BOOST_AUTO_TEST_CASE(check_config_accepts_a_valid_file) {
  TempDir dir;
  writeFile(dir / "ok.json", validConfig().dump());
  auto [code, out] = runCrmsync({"check-config", (dir / "ok.json").string()});
  BOOST_TEST(code == 0, out);
  BOOST_TEST(!std::filesystem::exists(dir / "crm.db"), "check-config must not create the CRM file");
}

BOOST_AUTO_TEST_CASE(check_config_names_every_bad_key) {
  TempDir dir;
  json bad = validConfig();
  bad["http"]["listen"] = "8080";
  bad["phone"]["default_region"] = "XX";
  bad["store"].erase("path");
  bad["admin"]["token"] = "${CRMSYNC_E2E_UNSET_VARIABLE}";
  bad["sync"] = {{"wokers", 2}};
  bad["crm"]["local"]["colour"] = "blue";
  writeFile(dir / "bad.json", bad.dump());
  auto [code, out] = runCrmsync({"check-config", (dir / "bad.json").string()});
  BOOST_TEST(code == 78);
  for (const char* key : {"http.listen", "phone.default_region", "store.path", "admin.token", "sync.wokers"}) {
    BOOST_TEST(out.find(key) != std::string::npos, key << " not named in:\n" << out);
  }
  BOOST_TEST(out.find("CRMSYNC_E2E_UNSET_VARIABLE") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(check_config_reports_connector_section_errors) {
  TempDir dir;
  json bad = validConfig();
  bad["crm"]["local"]["colour"] = "blue";
  writeFile(dir / "bad.json", bad.dump());
  auto [code, out] = runCrmsync({"check-config", (dir / "bad.json").string()});
  BOOST_TEST(code == 78);
  BOOST_TEST(out.find("crm.local.colour") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(serve_refuses_to_start_on_the_same_errors) {
  TempDir dir;
  json bad = validConfig();
  bad["crm"]["connector"] = "salesforce";
  writeFile(dir / "bad.json", bad.dump());
  auto [code, out] = runCrmsync({"serve", "--config", (dir / "bad.json").string()});
  BOOST_TEST(code == 78);
  BOOST_TEST(out.find("crm.connector") != std::string::npos, out);
  BOOST_TEST(out.find("salesforce") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(environment_references_supply_secrets) {
  TempDir dir;
  ::setenv("CRMSYNC_E2E_SECRET", "from-the-environment", 1);
  json cfg = {{"channels", {{"whatsapp", {{"app_secret", "${CRMSYNC_E2E_SECRET}"}}}}}};
  ServiceProcess service(dir, cfg);
  service.start();
  std::string body = R"({"object":"whatsapp_business_account","entry":[]})";
  HttpResult r = service.post("/webhooks/whatsapp", body, {{"X-Hub-Signature-256", metaSignature(body, "from-the-environment")}});
  BOOST_TEST(r.status == 200, r.body);
  BOOST_TEST(service.log().find("from-the-environment") == std::string::npos, "a secret reached the log");
  BOOST_TEST(service.terminate() == 0);
}

BOOST_AUTO_TEST_CASE(unknown_command_is_a_usage_error) {
  auto [code, out] = runCrmsync({"frobnicate"});
  BOOST_TEST(code == 2);
  BOOST_TEST(out.find("unknown command") != std::string::npos);
}
