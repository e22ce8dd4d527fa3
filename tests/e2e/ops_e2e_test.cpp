#define BOOST_TEST_MODULE ops_e2e
#include <boost/test/unit_test.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <set>

#include "support/corpus_payloads.h"
#include "support/service_process.h"

// The operations commands against a running service: the real binary serves
// while `crmsync dlq`, `identity`, `replay` and `reconcile` work on the same
// store from another process.

using namespace crmsync::test;
using nlohmann::json;

namespace {

json eventOf(const ServiceProcess &s, const std::string &providerId) {
  HttpResult r = s.get("/api/v1/events/" + providerId);
  return r.status == 200 ? r.json()["events"][0] : json::object();
}

// Waits until the event's state is one of `states`; fails the test with its
// last state otherwise.
json settled(const ServiceProcess &s, const std::string &providerId,
             const std::vector<std::string> &states) {
  json out;
  bool done = waitUntil([&] {
    out = eventOf(s, providerId);
    return out.contains("state") && std::find(states.begin(), states.end(),
                                              out["state"]) != states.end();
  });
  BOOST_REQUIRE_MESSAGE(
      done, providerId << " never reached the expected state: " << out.dump());
  return out;
}

std::string ops(const ServiceProcess &s, std::vector<std::string> args,
                int expectedCode = 0) {
  args.insert(args.end(), {"--config", s.configPath()});
  auto [code, out] = runCrmsync(args);
  BOOST_REQUIRE_MESSAGE(code == expectedCode,
                        "exit " << code << " for " << args[0] << ": " << out);
  return out;
}

std::int64_t scalar(const ServiceProcess &s, const std::string &sql,
                    const std::string &param = "") {
  SQLite::Database crm(s.crmPath(), SQLite::OPEN_READONLY);
  SQLite::Statement q(crm, sql);
  if (!param.empty())
    q.bind(1, param);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

std::int64_t activitiesOf(const ServiceProcess &s,
                          const std::string &providerId) {
  return scalar(s,
                "SELECT COUNT(*) FROM activities WHERE provider_message_id = ?",
                providerId);
}

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

std::int64_t auditCount(const ServiceProcess &s, const std::string &action) {
  SQLite::Database store(s.storePath(), SQLite::OPEN_READONLY);
  SQLite::Statement q(
      store,
      "SELECT COUNT(*) FROM audit_log WHERE action = ? AND actor = 'alice'");
  q.bind(1, action);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

} // namespace

BOOST_AUTO_TEST_CASE(
    an_ambiguous_match_is_resolved_by_an_admin_link_and_a_retry) {
  TempDir dir;
  ServiceProcess service(dir, {{"crm", {{"match_rule", "ambiguous"}}}});
  writeFile(
      dir / "contacts.csv",
      "name,phone\nAnna Old,+49 151 1234 5678\nAnna New,+49 (151) 1234-5678\n");
  ops(service, {"local", "import-contacts", (dir / "contacts.csv").string()});
  service.start();
  const std::int64_t chosen =
      scalar(service, "SELECT id FROM contacts WHERE name = ?", "Anna New");

  service.postSigned(textMessageBody("wamid.amb-1", "4915112345678", "first"));
  json dead = settled(service, "wamid.amb-1", {"dead", "written"});
  BOOST_REQUIRE_EQUAL(dead["state"], "dead");
  const std::string error = dead["last_error"];
  BOOST_TEST(contains(error, "2 CRM records match"), error);
  BOOST_TEST(contains(error, "crmsync identity link --person"), error);
  const std::string eventId = std::to_string(dead["id"].get<long long>());

  std::string list = ops(service, {"dlq", "list"});
  BOOST_TEST(contains(list, eventId + "\t"), list);
  BOOST_TEST(contains(list, "wamid.amb-1"), list);
  BOOST_TEST(contains(list, "1 dead letter\n"), list);
  json listed = json::parse(ops(service, {"dlq", "list", "--json"}));
  BOOST_REQUIRE_EQUAL(listed.size(), 1u);
  BOOST_TEST(listed[0]["provider_id"] == "wamid.amb-1");
  std::string shown = ops(service, {"dlq", "show", eventId});
  BOOST_TEST(contains(shown, "state\tdead"), shown);
  BOOST_TEST(contains(shown, "identifier\tphone +4915112345678"), shown);

  std::string who =
      ops(service, {"identity", "show", "--phone", "+49 151 12345678"});
  BOOST_TEST(contains(who, "dead events\t1"), who);
  const std::string person =
      who.substr(7, who.find(' ') - 7); // "person\t<id> ..."
  std::string linked =
      ops(service, {"identity", "link", "--person", person, "--record",
                    std::to_string(chosen), "--actor", "alice"});
  BOOST_TEST(contains(linked, "crmsync dlq retry --person " + person), linked);
  std::string retried =
      ops(service, {"dlq", "retry", "--person", person, "--actor", "alice"});
  BOOST_TEST(contains(retried, "re-queued 1 event\n"), retried);

  settled(service, "wamid.amb-1", {"written"});
  BOOST_TEST(scalar(service, "SELECT COUNT(*) FROM activities") == 1);
  BOOST_TEST(
      scalar(service,
             "SELECT contact_id FROM activities WHERE provider_message_id = ?",
             "wamid.amb-1") == chosen);
  // The next message of the same client goes straight to the chosen record.
  service.postSigned(
      textMessageBody("wamid.amb-2", "4915112345678", "second", 1700000001));
  settled(service, "wamid.amb-2", {"written"});
  BOOST_TEST(
      scalar(service,
             "SELECT contact_id FROM activities WHERE provider_message_id = ?",
             "wamid.amb-2") == chosen);
  who = ops(service, {"identity", "show", "--person", person});
  BOOST_TEST(contains(who, "(admin: linked by alice"), who);
  BOOST_TEST(auditCount(service, "identity.link") == 1);
  BOOST_TEST(auditCount(service, "dlq.retry") == 1);
  BOOST_TEST(contains(ops(service, {"dlq", "list"}), "0 dead letters"));
}

BOOST_AUTO_TEST_CASE(a_dropped_dead_letter_is_kept_but_no_longer_listed) {
  TempDir dir;
  ServiceProcess service(dir, {{"crm", {{"create_unknown", "none"}}}});
  service.start();
  service.postSigned(textMessageBody("wamid.nobody", "447700900123", "hello"));
  const std::string id = std::to_string(
      settled(service, "wamid.nobody", {"dead"})["id"].get<long long>());
  BOOST_TEST(
      waitUntil([&] { return service.metric("crmsync_dead_letters") == 1; }));

  std::string out = ops(service, {"dlq", "drop", id, "--reason", "test number",
                                  "--actor", "alice"});
  BOOST_TEST(contains(out, "dropped 1 event"), out);
  json e = eventOf(service, "wamid.nobody");
  BOOST_TEST(e["state"] == "dropped");
  BOOST_TEST(e["last_error"] == "dropped: test number (by alice)");
  BOOST_TEST(service.metric("crmsync_dead_letters") == 0);
  BOOST_TEST(service.metric("crmsync_dropped_events") == 1);
  BOOST_TEST(contains(ops(service, {"dlq", "list"}), "0 dead letters"));
  BOOST_TEST(contains(ops(service, {"dlq", "show", id}),
                      "error\tno CRM record matches"));
  BOOST_TEST(auditCount(service, "dlq.drop") == 1);
  // Dropping again, or retrying what is not dead, is refused with the reason.
  out = ops(service, {"dlq", "retry", id}, 1);
  BOOST_TEST(contains(out, "event " + id + " is dropped, not dead"), out);
  out = ops(service, {"dlq", "show", "999"}, 1);
  BOOST_TEST(contains(out, "no event with id 999"), out);
  ops(service, {"dlq", "retry"}, 2);
}

BOOST_AUTO_TEST_CASE(quarantine_show_prints_one_body_by_its_id) {
  TempDir dir;
  ServiceProcess service(dir);
  service.start();
  const std::string body = R"({"object":"whatsapp_business_account","entry":"not a list"})";
  BOOST_REQUIRE_EQUAL(service.postSigned(body).status, 200);
  std::string list = ops(service, {"quarantine", "list"});
  BOOST_REQUIRE_MESSAGE(contains(list, "1 quarantined body"), list);
  const std::string id = list.substr(list.find('\n') + 1, list.find('\t', list.find('\n')) - list.find('\n') - 1);
  BOOST_TEST(ops(service, {"quarantine", "show", id}) == body);
  BOOST_TEST(contains(ops(service, {"quarantine", "show", "9999"}, 1), "no quarantined body with id 9999"));
  ops(service, {"quarantine", "show", "x"}, 2);
}

BOOST_AUTO_TEST_CASE(replay_writes_again_without_a_second_activity) {
  TempDir dir;
  ServiceProcess service(dir);
  service.start();
  service.postSigned(
      textMessageBody("wamid.r-1", "79161234567", "one", 1700000000));
  service.postSigned(
      textMessageBody("wamid.r-2", "79161234567", "two", 1700000001));
  service.postSigned(statusBody("wamid.r-1", "read", "79161234567"));
  settled(service, "wamid.r-1", {"written"});
  settled(service, "wamid.r-2", {"written"});
  BOOST_REQUIRE(
      waitUntil([&] { return service.metric("crmsync_queue_depth") == 0; }));
  const std::int64_t before =
      scalar(service, "SELECT COUNT(*) FROM activities");
  BOOST_TEST(before == 2);

  std::string dry =
      ops(service, {"replay", "--since", "1970-01-01T00:00:00Z", "--dry-run"});
  BOOST_TEST(contains(dry, "would re-queue 3 events"), dry);
  const double delivered = service.metric("crmsync_events_delivered_total");
  BOOST_TEST(delivered == 3);
  std::string out =
      ops(service, {"replay", "--since", "0", "--actor", "alice"});
  BOOST_TEST(contains(out, "re-queued 3 events"), out);
  // The service picks them up without a restart; they are written again, onto
  // the same activities.
  BOOST_REQUIRE(waitUntil([&] {
    return service.metric("crmsync_events_delivered_total") == delivered + 3;
  }));
  BOOST_TEST(service.metric("crmsync_queue_depth") == 0);
  BOOST_TEST(scalar(service, "SELECT COUNT(*) FROM activities") == before);
  BOOST_TEST(activitiesOf(service, "wamid.r-1") == 1);
  BOOST_TEST(activitiesOf(service, "wamid.r-2") == 1);
  BOOST_TEST(auditCount(service, "replay") == 1);
  ops(service, {"replay", "--since", "yesterday"}, 2);
}

BOOST_AUTO_TEST_CASE(
    reconcile_reports_states_and_messages_that_never_reached_the_crm) {
  TempDir dir;
  ServiceProcess service(dir, {{"crm", {{"create_unknown", "none"}}}});
  writeFile(dir / "contacts.csv", "name,phone\nIvan,8 916 123 45 67\n");
  ops(service, {"local", "import-contacts", (dir / "contacts.csv").string()});
  service.start();
  service.postSigned(
      textMessageBody("wamid.ok", "79161234567", "known client"));
  service.postSigned(
      textMessageBody("wamid.lost", "447700900123", "unknown client"));
  service.postSigned(
      statusBody("wamid.sent-from-phone", "delivered", "79161234567"));
  settled(service, "wamid.ok", {"written"});
  settled(service, "wamid.lost", {"dead"});
  settled(service, "wamid.sent-from-phone", {"written", "dead"});

  json report = json::parse(ops(service, {"reconcile", "--json"}));
  BOOST_TEST(report["connector"] == "local");
  json states = report["events"]["whatsapp"];
  BOOST_TEST(states["dead"] == 1);
  BOOST_TEST(states["written"].get<int>() + states["dead"].get<int>() == 3);
  BOOST_TEST(states["dropped"] == 0);
  json missing = report["not_in_crm"];
  BOOST_TEST(missing["not_written"] == 1);
  BOOST_TEST(missing["status_only"] == 1);
  std::set<std::string> ids;
  for (const auto &m : missing["messages"])
    ids.insert(m["provider_id"].get<std::string>() + "/" +
               m["problem"].get<std::string>());
  BOOST_TEST(ids ==
             (std::set<std::string>{"wamid.lost/not_written",
                                    "wamid.sent-from-phone/status_only"}));
  std::string text = ops(service, {"reconcile"});
  BOOST_TEST(contains(text, "whatsapp\tdead\t1\n"), text);
  BOOST_TEST(contains(text, "1 message events not written, 1 provider ids "
                            "known only from status events"),
             text);
}
