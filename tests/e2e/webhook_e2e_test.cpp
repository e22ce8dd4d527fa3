#define BOOST_TEST_MODULE webhook_e2e
#include <boost/test/unit_test.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include "support/corpus_payloads.h"
#include "support/service_process.h"

using namespace crmsync::test;
using nlohmann::json;

namespace {

struct Running {
  TempDir dir;
  ServiceProcess service{dir};
  Running() { service.start(); }
};

json eventsOf(const ServiceProcess& s, const std::string& providerId) {
  HttpResult r = s.get("/api/v1/events/" + providerId);
  return r.status == 200 ? r.json()["events"] : json::array();
}

// Waits until every stored event about `providerId` has left the queue (written or dead).
bool settled(const ServiceProcess& s, const std::string& providerId) {
  return waitUntil([&] {
    json events = eventsOf(s, providerId);
    if (events.empty()) return false;
    for (const auto& e : events) {
      if (e["state"] != "written" && e["state"] != "dead") return false;
    }
    return true;
  });
}

json timelineEntry(const ServiceProcess& s, long long personId, const std::string& providerId) {
  json t = s.get("/api/v1/people/" + std::to_string(personId) + "/timeline").json()["timeline"];
  for (const auto& entry : t) {
    if (entry["provider_id"] == providerId) return entry;
  }
  return nullptr;
}

int crmActivities(const ServiceProcess& s, const std::string& idempotencyKey) {
  SQLite::Database db(s.crmPath(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT COUNT(*) FROM activities WHERE idempotency_key = ?");
  q.bind(1, idempotencyKey);
  q.executeStep();
  return q.getColumn(0).getInt();
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(webhook, Running)

BOOST_AUTO_TEST_CASE(verification_handshake_echoes_challenge_only_for_the_right_token) {
  HttpResult ok = service.get(std::string("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=") + kVerifyToken +
                                  "&hub.challenge=ch4ll-enge_1158201444",
                              false);
  BOOST_TEST(ok.status == 200);
  BOOST_TEST(ok.body == "ch4ll-enge_1158201444");
  HttpResult bad = service.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1", false);
  BOOST_TEST(bad.status == 403);
  BOOST_TEST(bad.body.find('1') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_corpus_body_is_acknowledged_as_received) {
  // The raw bytes, exactly as written upstream (escapes included), signed over those bytes.
  auto files = corpusFiles("whatsapp");
  BOOST_REQUIRE_GE(files.size(), 98u);
  for (const auto& file : files) {
    HttpResult r = service.postSigned(readFile(file));
    BOOST_TEST(r.status == 200, file.filename() << ": " << r.status << " " << r.body);
    BOOST_TEST(r.json()["quarantined"] == false, file.filename() << " was quarantined");
  }
  BOOST_TEST(service.metric("crmsync_webhooks_received_total{channel=\"whatsapp\"}") == files.size());
}

BOOST_AUTO_TEST_CASE(every_corpus_message_and_status_reaches_the_timeline_and_the_crm) {
  int n = 0;
  for (const auto& file : corpusFiles("whatsapp")) {
    std::string body = withUniqueIds(readFile(file), ".f" + std::to_string(n++));
    ExpectedContent expected = expectedContent(body);
    BOOST_REQUIRE_EQUAL(service.postSigned(body).status, 200);
    for (const auto& m : expected.messages) {
      BOOST_REQUIRE_MESSAGE(settled(service, m.id), file.filename() << ": " << m.id << " never settled");
      json e = eventsOf(service, m.id).front();
      BOOST_TEST(e["state"] == "written", file.filename() << ": " << e.dump());
      json entry = timelineEntry(service, e["person_id"].get<long long>(), m.id);
      BOOST_REQUIRE_MESSAGE(!entry.is_null(), file.filename() << ": " << m.id << " missing from the timeline");
      if (!m.type.empty() && m.type != "unknown") BOOST_TEST(entry["type"] == m.type, file.filename());
      if (!m.text.empty()) BOOST_TEST(entry["text"] == m.text, file.filename());
      BOOST_TEST(entry["direction"] == (m.outbound ? "outbound" : "inbound"), file.filename());
      BOOST_TEST(crmActivities(service, "whatsapp:msg:" + m.id) == 1, file.filename() << ": " << m.id);
    }
    for (const auto& s : expected.statuses) {
      BOOST_REQUIRE_MESSAGE(settled(service, s.id), file.filename() << ": status " << s.id << " never settled");
      json events = eventsOf(service, s.id);
      bool found = false;
      for (const auto& e : events) {
        if (e["kind"] != "status" || e["status"] != s.status) continue;
        BOOST_TEST(e["state"] == "written", file.filename() << ": " << e.dump());
        json entry = timelineEntry(service, e["person_id"].get<long long>(), s.id);
        BOOST_REQUIRE(!entry.is_null());
        for (const auto& h : entry["status_history"]) found = found || h["status"] == s.status;
      }
      BOOST_TEST(found, file.filename() << ": status " << s.status << " of " << s.id << " not in the timeline");
    }
  }
}

BOOST_AUTO_TEST_CASE(wrong_or_missing_signature_is_refused_and_nothing_is_stored) {
  std::string body = textMessageBody("wamid.sig-1", "79161234567", "hello");
  double before = service.metric("crmsync_inbox_bodies");
  HttpResult missing = service.post("/webhooks/whatsapp", body);
  HttpResult wrong = service.post("/webhooks/whatsapp", body, {{"X-Hub-Signature-256", metaSignature(body, "other-secret")}});
  HttpResult tampered = service.post("/webhooks/whatsapp", body + " ", {{"X-Hub-Signature-256", metaSignature(body, kAppSecret)}});
  BOOST_TEST(missing.status == 401);
  BOOST_TEST(wrong.status == 401);
  BOOST_TEST(tampered.status == 401);
  BOOST_TEST(service.metric("crmsync_inbox_bodies") == before);
  BOOST_TEST(service.get("/api/v1/events/wamid.sig-1").status == 404);
  BOOST_TEST(service.metric("crmsync_webhooks_rejected_total{channel=\"whatsapp\",reason=\"signature\"}") == 3);
}

BOOST_AUTO_TEST_CASE(the_same_payload_three_times_is_one_timeline_entry) {
  std::string body = textMessageBody("wamid.dup-1", "79161234567", "only once");
  std::vector<json> answers;
  for (int i = 0; i < 3; ++i) answers.push_back(service.postSigned(body).json());
  BOOST_TEST(answers[0]["accepted"] == 1);
  BOOST_TEST(answers[1]["duplicates"] == 1);
  BOOST_TEST(answers[2]["duplicates"] == 1);
  BOOST_REQUIRE(settled(service, "wamid.dup-1"));
  json e = eventsOf(service, "wamid.dup-1");
  BOOST_TEST(e.size() == 1u);
  long long person = e.front()["person_id"];
  int entries = 0;
  json timeline = service.get("/api/v1/people/" + std::to_string(person) + "/timeline").json()["timeline"];
  for (const auto& t : timeline) {
    entries += t["provider_id"] == "wamid.dup-1";
  }
  BOOST_TEST(entries == 1);
  BOOST_TEST(crmActivities(service, "whatsapp:msg:wamid.dup-1") == 1);
}

BOOST_AUTO_TEST_CASE(a_signed_body_that_cannot_be_parsed_is_kept_and_listed) {
  std::string body = R"({"object":"whatsapp_business_account","entry":{"not":"an array"}})";
  HttpResult r = service.postSigned(body);
  BOOST_TEST(r.status == 200);
  BOOST_TEST(r.json()["quarantined"] == true);
  BOOST_TEST(service.metric("crmsync_quarantined_total{channel=\"whatsapp\"}") == 1);
  auto [code, out] = runCrmsync({"quarantine", "list", "--config", service.configPath()});
  BOOST_TEST(code == 0, out);
  BOOST_TEST(out.find("/entry") != std::string::npos, out);
  BOOST_TEST(out.find("1 quarantined body") != std::string::npos, out);
  auto [showCode, shown] = runCrmsync({"quarantine", "show", "1", "--config", service.configPath()});
  BOOST_TEST(showCode == 0);
  BOOST_TEST(shown == body);
}

BOOST_AUTO_TEST_CASE(read_api_requires_the_admin_token) {
  BOOST_TEST(service.get("/api/v1/people?phone=79161234567", false).status == 401);
  BOOST_TEST(service.get("/metrics", false).status == 401);
  BOOST_TEST(service.get("/healthz", false).status == 200);
}

BOOST_AUTO_TEST_CASE(a_person_is_found_by_any_spelling_of_their_number) {
  BOOST_REQUIRE_EQUAL(service.postSigned(textMessageBody("wamid.find-1", "79161234567", "hi")).status, 200);
  BOOST_REQUIRE(settled(service, "wamid.find-1"));
  for (std::string spelling : {"8%20(916)%20123-45-67", "%2B7%20916%201234567", "79161234567"}) {
    json people = service.get("/api/v1/people?phone=" + spelling).json()["people"];
    BOOST_REQUIRE_EQUAL(people.size(), 1u);
    BOOST_TEST(people[0]["identifiers"][0]["value"] == "+79161234567");
    BOOST_TEST(people[0]["crm_records"].size() == 1u);
  }
}

BOOST_AUTO_TEST_SUITE_END()
