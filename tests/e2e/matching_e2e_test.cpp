#define BOOST_TEST_MODULE matching_e2e
#include <boost/test/unit_test.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <thread>

#include "support/corpus_payloads.h"
#include "support/service_process.h"

using namespace crmsync::test;
using nlohmann::json;

namespace {

int contactCount(const ServiceProcess& s) {
  SQLite::Database db(s.crmPath(), SQLite::OPEN_READONLY);
  return db.execAndGet("SELECT COUNT(*) FROM contacts").getInt();
}

json settledEvent(const ServiceProcess& s, const std::string& id) {
  json out;
  bool done = waitUntil([&] {
    HttpResult r = s.get("/api/v1/events/" + id);
    if (r.status != 200) return false;
    out = r.json()["events"][0];
    return out["state"] == "written" || out["state"] == "dead";
  });
  BOOST_REQUIRE_MESSAGE(done, id << " never settled: " << out.dump());
  return out;
}

void importContacts(const TempDir& dir, const ServiceProcess& s, const std::string& csv) {
  writeFile(dir / "contacts.csv", csv);
  auto [code, out] = runCrmsync({"local", "import-contacts", (dir / "contacts.csv").string(), "--config", s.configPath()});
  BOOST_REQUIRE_MESSAGE(code == 0, out);
}

}  // namespace

// The mission in one test: three spellings of one Russian number are one person, matched to the
// contact an agent typed by hand, and no duplicate contact appears.
BOOST_AUTO_TEST_CASE(messages_land_on_the_existing_contact_whatever_its_phone_spelling) {
  TempDir dir;
  ServiceProcess service(dir);
  importContacts(dir, service,
                 "name,phone,phone2\n"
                 "Ivan Petrov,8 (916) 123-45-67,\n"
                 "Anna Schmidt,+49 151 1234 5678,\n"
                 "\"Smith, John\",(415) 555-2671,+1 415 555 2672\n");
  service.start();
  BOOST_REQUIRE_EQUAL(contactCount(service), 3);

  service.postSigned(textMessageBody("wamid.m-ivan", "79161234567", "Where is my order?", 1700000000, "Ваня"));
  service.postSigned(textMessageBody("wamid.m-anna", "4915112345678", "Guten Tag", 1700000001, "Anna"));
  service.postSigned(textMessageBody("wamid.m-john", "14155552672", "Hi", 1700000002, "John"));
  json ivan = settledEvent(service, "wamid.m-ivan");
  json anna = settledEvent(service, "wamid.m-anna");
  json john = settledEvent(service, "wamid.m-john");
  BOOST_TEST(ivan["state"] == "written");
  BOOST_TEST(contactCount(service) == 3, "a duplicate contact was created");

  SQLite::Database crm(service.crmPath(), SQLite::OPEN_READONLY);
  auto ownerOf = [&](const std::string& key) {
    SQLite::Statement q(crm, "SELECT c.name FROM activities a JOIN contacts c ON c.id = a.contact_id WHERE a.idempotency_key = ?");
    q.bind(1, key);
    return q.executeStep() ? q.getColumn(0).getString() : std::string("<none>");
  };
  BOOST_TEST(ownerOf("whatsapp:msg:wamid.m-ivan") == "Ivan Petrov");
  BOOST_TEST(ownerOf("whatsapp:msg:wamid.m-anna") == "Anna Schmidt");
  BOOST_TEST(ownerOf("whatsapp:msg:wamid.m-john") == "Smith, John");

  json people = service.get("/api/v1/people?phone=8%20916%20123%2045%2067").json()["people"];
  BOOST_REQUIRE_EQUAL(people.size(), 1u);
  BOOST_TEST(people[0]["crm_records"][0]["rule"] == "single_match");
  // Client numbers never reach the log in clear, at any level.
  for (const char* digits : {"9161234567", "15112345678", "4155552672"}) {
    BOOST_TEST(service.log().find(digits) == std::string::npos, digits << " found in the log");
  }
}

BOOST_AUTO_TEST_CASE(an_unknown_number_becomes_one_contact_even_when_its_messages_arrive_together) {
  TempDir dir;
  ServiceProcess service(dir);
  service.start();
  std::vector<std::thread> posters;
  for (int i = 0; i < 8; ++i) {
    posters.emplace_back([&, i] {
      service.postSigned(textMessageBody("wamid.new-" + std::to_string(i), "5511912345678", "oi " + std::to_string(i),
                                         1700000000 + i, "Maria"));
    });
  }
  for (auto& p : posters) p.join();
  for (int i = 0; i < 8; ++i) BOOST_TEST(settledEvent(service, "wamid.new-" + std::to_string(i))["state"] == "written");
  BOOST_TEST(contactCount(service) == 1);
  json people = service.get("/api/v1/people?phone=%2B55%2011%2091234-5678").json()["people"];
  BOOST_REQUIRE_EQUAL(people.size(), 1u);
  BOOST_TEST(people[0]["crm_records"][0]["rule"] == "created");
  json timeline = service.get("/api/v1/people/" + std::to_string(people[0]["id"].get<long long>()) + "/timeline").json()["timeline"];
  BOOST_REQUIRE_EQUAL(timeline.size(), 8u);
  for (std::size_t i = 1; i < timeline.size(); ++i) {
    BOOST_TEST(timeline[i - 1]["timestamp"].get<long long>() <= timeline[i]["timestamp"].get<long long>());
  }
}

BOOST_AUTO_TEST_CASE(unknown_numbers_are_dead_lettered_with_the_reason_when_creation_is_off) {
  TempDir dir;
  ServiceProcess service(dir, {{"crm", {{"create_unknown", "none"}}}});
  service.start();
  service.postSigned(textMessageBody("wamid.nobody", "447700900123", "hello"));
  json e = settledEvent(service, "wamid.nobody");
  BOOST_TEST(e["state"] == "dead");
  BOOST_TEST(e["last_error"].get<std::string>().find("create_unknown") != std::string::npos, e.dump());
  BOOST_TEST(contactCount(service) == 0);
  BOOST_TEST(service.metric("crmsync_dead_letters") == 1);
}
