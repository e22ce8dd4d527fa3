#define BOOST_TEST_MODULE mappings_e2e
#include <boost/test/unit_test.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <set>

#include "support/corpus_payloads.h"
#include "support/service_process.h"

using namespace crmsync::test;
using nlohmann::json;

namespace {

std::string crmBody(const ServiceProcess& s, const std::string& messageId) {
  SQLite::Database db(s.crmPath(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT body FROM activities WHERE idempotency_key = ?");
  q.bind(1, "whatsapp:msg:" + messageId);
  return q.executeStep() ? q.getColumn(0).getString() : "<no activity>";
}

void sendAndSettle(const ServiceProcess& s, const std::string& id, const std::string& text) {
  BOOST_REQUIRE_EQUAL(s.postSigned(textMessageBody(id, "79161234567", text)).status, 200);
  bool written = waitUntil([&] {
    HttpResult r = s.get("/api/v1/events/" + id);
    return r.status == 200 && r.json()["events"][0]["state"] == "written";
  });
  BOOST_REQUIRE_MESSAGE(written, id << " was not written: " << s.get("/api/v1/events/" + id).body);
}

// The active local document with the message body template replaced.
std::string withBodyTemplate(const ServiceProcess& s, const std::string& tmpl) {
  json doc = json::parse(s.get("/api/v1/mappings/local").json()["text"].get<std::string>());
  doc["writes"]["message_activity"]["fields"]["body"] = {{"template", tmpl}};
  return doc.dump(2);
}

struct Running {
  TempDir dir;
  ServiceProcess service{dir};
  Running() { service.start(); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(mappings, Running)

BOOST_AUTO_TEST_CASE(the_shipped_document_is_version_one_and_writes_the_body) {
  // Every registered connector whose document ships is listed; only the running one is active.
  json list = service.get("/api/v1/mappings").json()["mappings"];
  std::set<std::string> names;
  for (const auto& m : list) {
    names.insert(m["connector"].get<std::string>());
    BOOST_TEST(m["version"] == 1, m.dump());
    BOOST_TEST(m["active"] == (m["connector"] == "local"), m.dump());
  }
  BOOST_TEST((names == std::set<std::string>{"bitrix24", "hubspot", "kommo", "local", "pipedrive"}));
  sendAndSettle(service, "wamid.map-1", "hello");
  BOOST_TEST(crmBody(service, "wamid.map-1") == "hello");
}

BOOST_AUTO_TEST_CASE(a_saved_document_is_in_force_for_the_next_event) {
  HttpResult saved = service.send("PUT", "/api/v1/mappings/local",
                                  {{"text", withBodyTemplate(service, "[WA] {{message.text}}")}, {"author", "alice"}});
  BOOST_TEST(saved.status == 200, saved.body);
  BOOST_TEST(saved.json()["version"] == 2);
  sendAndSettle(service, "wamid.map-2", "hello");
  BOOST_TEST(crmBody(service, "wamid.map-2") == "[WA] hello");
}

BOOST_AUTO_TEST_CASE(an_invalid_document_is_refused_with_its_pointer_and_nothing_changes) {
  HttpResult r = service.send("PUT", "/api/v1/mappings/local",
                              {{"text", withBodyTemplate(service, "{{message.txt}}")}, {"author", "alice"}});
  BOOST_TEST(r.status == 422);
  json errors = r.json()["errors"];
  BOOST_REQUIRE(!errors.empty());
  BOOST_TEST(errors[0]["pointer"].get<std::string>().find("/writes/message_activity/fields/body") == 0, errors.dump());
  BOOST_TEST(errors[0]["message"].get<std::string>().find("message.txt") != std::string::npos, errors.dump());
  BOOST_TEST(service.get("/api/v1/mappings/local").json()["version"] == 1);
  sendAndSettle(service, "wamid.map-3", "still");
  BOOST_TEST(crmBody(service, "wamid.map-3") == "still");
}

BOOST_AUTO_TEST_CASE(validate_reports_template_syntax_with_line_and_column) {
  json r = service.send("POST", "/api/v1/mappings/validate",
                        {{"connector", "local"}, {"text", withBodyTemplate(service, "ok\n{{#if message.text}}open")}})
               .json();
  BOOST_TEST(r["ok"] == false);
  BOOST_REQUIRE(!r["errors"].empty());
  BOOST_TEST(r["errors"][0]["line"].get<int>() == 2, r.dump());
  json good = service.send("POST", "/api/v1/mappings/validate",
                           {{"connector", "local"}, {"text", withBodyTemplate(service, "{{message.text}}")}})
                  .json();
  BOOST_TEST(good["ok"] == true, good.dump());
}

BOOST_AUTO_TEST_CASE(history_shows_author_and_diff_and_rollback_restores_an_old_version) {
  service.send("PUT", "/api/v1/mappings/local", {{"text", withBodyTemplate(service, "[v2] {{message.text}}")}, {"author", "alice"}});
  json versions = service.get("/api/v1/mappings/local/versions").json()["versions"];
  BOOST_REQUIRE_EQUAL(versions.size(), 2u);
  BOOST_TEST(versions[0]["author"] == "alice");
  BOOST_TEST(versions[0]["diff"].get<std::string>().find("+ ") != std::string::npos);
  HttpResult back = service.send("POST", "/api/v1/mappings/local/rollback", {{"version", 1}, {"author", "bob"}});
  BOOST_TEST(back.status == 200, back.body);
  BOOST_TEST(back.json()["version"] == 3);
  sendAndSettle(service, "wamid.map-4", "again");
  BOOST_TEST(crmBody(service, "wamid.map-4") == "again");
  json audit = service.get("/api/v1/audit").json()["entries"];
  BOOST_TEST(audit[0]["action"] == "mapping.rollback");
  BOOST_TEST(audit[0]["actor"] == "bob");
}

BOOST_AUTO_TEST_CASE(preview_shows_the_exact_request_without_writing_to_the_crm) {
  sendAndSettle(service, "wamid.map-5", "preview me");
  json r = service.send("POST", "/api/v1/mappings/preview",
                        {{"connector", "local"}, {"text", withBodyTemplate(service, "[P] {{message.text}}")},
                         {"provider_id", "wamid.map-5"}})
               .json();
  BOOST_REQUIRE_EQUAL(r["requests"].size(), 1u);
  BOOST_TEST(r["requests"][0]["method"] == "INSERT");
  BOOST_TEST(r["requests"][0]["path"] == "activities");
  BOOST_TEST(r["requests"][0]["body"]["body"] == "[P] preview me");
  BOOST_TEST(crmBody(service, "wamid.map-5") == "preview me");
  json recent = service.get("/api/v1/events?limit=5").json()["events"];
  BOOST_TEST(recent[0]["provider_id"] == "wamid.map-5");
}

BOOST_AUTO_TEST_CASE(the_admin_editor_is_served_by_the_binary) {
  HttpResult page = service.get("/admin", false);
  BOOST_TEST(page.status == 200);
  BOOST_TEST(page.body.find("<html") != std::string::npos);
  BOOST_TEST(service.get("/admin/app.js", false).status == 200);
  BOOST_TEST(service.get("/admin/nope.js", false).status == 404);
  BOOST_TEST(service.get("/api/v1/mappings", false).status == 401);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(a_document_changed_on_disk_is_in_force_without_restart) {
  TempDir dir;
  std::filesystem::create_directory(dir / "mappings");
  std::filesystem::copy_file(sourceDir() / "mappings" / "local.json", dir / "mappings" / "local.json");
  ServiceProcess service(dir, {{"mappings", {{"dir", (dir / "mappings").string()}}}});
  service.start();
  json doc = json::parse(readFile(dir / "mappings" / "local.json"));
  doc["writes"]["message_activity"]["fields"]["body"] = {{"template", "[disk] {{message.text}}"}};
  writeFile(dir / "mappings" / "local.json", doc.dump(2));
  BOOST_REQUIRE(waitUntil([&] { return service.get("/api/v1/mappings/local").json()["version"] == 2; }));
  sendAndSettle(service, "wamid.disk-1", "hi");
  BOOST_TEST(crmBody(service, "wamid.disk-1") == "[disk] hi");

  // A broken file is refused; the last good version stays in force.
  writeFile(dir / "mappings" / "local.json", "{ \"connector\": \"local\", ");
  BOOST_REQUIRE(waitUntil([&] { return service.get("/api/v1/audit").json()["entries"][0]["action"] == "mapping.reload_failed"; }));
  sendAndSettle(service, "wamid.disk-2", "hi");
  BOOST_TEST(crmBody(service, "wamid.disk-2") == "[disk] hi");
}

BOOST_AUTO_TEST_CASE(cli_validate_and_preview) {
  auto [ok, okOut] = runCrmsync({"mappings", "validate", (sourceDir() / "mappings" / "local.json").string()});
  BOOST_TEST(ok == 0, okOut);
  TempDir dir;
  json doc = json::parse(readFile(sourceDir() / "mappings" / "local.json"));
  doc["writes"]["message_activity"]["fields"]["body"]["transforms"] = {{{"op", "shout"}}};
  writeFile(dir / "bad.json", doc.dump(2));
  auto [bad, badOut] = runCrmsync({"mappings", "validate", (dir / "bad.json").string()});
  BOOST_TEST(bad == 1);
  BOOST_TEST(badOut.find("/writes/message_activity/fields/body/transforms/0") != std::string::npos, badOut);
  BOOST_TEST(badOut.find("shout") != std::string::npos, badOut);

  ServiceProcess service(dir);  // writes the config the preview reads
  auto [code, out] = runCrmsync({"mappings", "preview", (sourceDir() / "mappings" / "local.json").string(), "--event",
                                 (sharedDir() / "corpus/whatsapp/pywa/message__text.json").string(), "--config",
                                 service.configPath()});
  BOOST_TEST(code == 0, out);
  json requests = json::parse(out);
  BOOST_REQUIRE_EQUAL(requests.size(), 1u);
  BOOST_TEST(requests[0]["body"]["body"] == "Body Text");
}
