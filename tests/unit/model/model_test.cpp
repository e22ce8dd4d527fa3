#define BOOST_TEST_MODULE model
#include <boost/test/unit_test.hpp>

#include "crmsync/crm_connector.h"
#include "crmsync/model_json.h"

using namespace crmsync;

BOOST_AUTO_TEST_CASE(event_round_trips_through_json) {
  Event e;
  e.kind = EventKind::kStatus;
  e.channel = "whatsapp";
  e.providerId = "wamid.1";
  e.direction = Direction::kOutbound;
  e.counterpart = {{IdentifierKind::kPhone, "+79161234567"}, {IdentifierKind::kWhatsappBsuid, "US.1"}};
  e.timestamp = 1697043223;
  e.status = "read";
  e.media = {{"m1", "image/jpeg", "abc", "", ""}};
  e.details = {{"pricing", {{"category", "service"}}}};
  nlohmann::json j = e;
  Event back = j.get<Event>();
  BOOST_TEST(back.kind == EventKind::kStatus);
  BOOST_TEST(back.direction == Direction::kOutbound);
  BOOST_TEST(back.counterpart.size() == 2u);
  BOOST_TEST(back.counterpart[1].value == "US.1");
  BOOST_TEST(back.media.front() == e.media.front());
  BOOST_TEST(back.details["pricing"]["category"] == "service");
  BOOST_TEST(back.dedupeKey() == e.dedupeKey());
}

BOOST_AUTO_TEST_CASE(dedupe_keys_separate_messages_statuses_and_recipients) {
  Event m;
  m.channel = "whatsapp";
  m.providerId = "wamid.1";
  Event s = m;
  s.kind = EventKind::kStatus;
  s.status = "delivered";
  s.counterpart = {{IdentifierKind::kPhone, "+1"}};
  Event s2 = s;
  s2.counterpart = {{IdentifierKind::kPhone, "+2"}};
  Event s3 = s;
  s3.status = "read";
  BOOST_TEST(m.dedupeKey() == "whatsapp:msg:wamid.1");
  BOOST_TEST(s.dedupeKey() != m.dedupeKey());
  BOOST_TEST(s.dedupeKey() != s2.dedupeKey());
  BOOST_TEST(s.dedupeKey() != s3.dedupeKey());
}

BOOST_AUTO_TEST_CASE(unknown_identifier_kind_is_an_error_naming_it) {
  BOOST_CHECK_EXCEPTION(identifierKindFromString("fax"), std::invalid_argument,
                        [](const std::invalid_argument& e) { return std::string(e.what()).find("fax") != std::string::npos; });
}

BOOST_AUTO_TEST_CASE(phone_variants_are_distinct_and_non_empty) {
  PhoneVariants v{"+79161234567", "79161234567", "8 (916) 123-45-67", "89161234567", "9161234567", "+7 916 123-45-67"};
  auto all = v.all();
  BOOST_TEST(all.size() == 6u);
  BOOST_TEST(all.front() == "+79161234567");
  PhoneVariants sparse{"+4930123456", "", "", "", "", ""};
  BOOST_TEST(sparse.all().size() == 1u);
}

// Found by fuzzing (tests/fuzz/seeds/model_json/odd_types.json): a float timestamp was converted with
// get<int64_t>(), undefined behaviour for 1e300. Only integers are accepted now.
BOOST_AUTO_TEST_CASE(event_timestamp_must_be_an_integer) {
  nlohmann::json j = {{"kind", "message"}, {"timestamp", 1e300}};
  BOOST_CHECK_THROW(j.get<Event>(), std::invalid_argument);
  j["timestamp"] = 18446744073709551615ull;
  BOOST_CHECK_THROW(j.get<Event>(), std::invalid_argument);
  j["timestamp"] = 1700000000;
  BOOST_TEST(j.get<Event>().timestamp == 1700000000);
  j.erase("timestamp");
  BOOST_TEST(j.get<Event>().timestamp == 0);
}
