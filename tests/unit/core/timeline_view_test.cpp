#define BOOST_TEST_MODULE timeline_view
#include <boost/test/unit_test.hpp>

#include "http/timeline_view.h"

using namespace crmsync;

namespace {
StoredEvent message(const std::string& id, std::int64_t ts) {
  StoredEvent s;
  s.event.kind = EventKind::kMessage;
  s.event.channel = "whatsapp";
  s.event.providerId = id;
  s.event.direction = Direction::kOutbound;
  s.event.type = "image";
  s.event.text = "caption";
  s.event.media = {{"media-9", "image/jpeg", "", "", ""}};
  s.event.timestamp = ts;
  s.state = EventState::kWritten;
  s.crmActivityId = "a1";
  return s;
}
StoredEvent status(const std::string& id, const std::string& st, std::int64_t ts) {
  StoredEvent s;
  s.event.kind = EventKind::kStatus;
  s.event.channel = "whatsapp";
  s.event.providerId = id;
  s.event.status = st;
  s.event.timestamp = ts;
  if (st == "failed") s.event.details["errors"] = {{{"code", 131026}}};
  return s;
}
}  // namespace

BOOST_AUTO_TEST_CASE(statuses_attach_to_their_message_and_never_downgrade) {
  auto t = http::timelineJson({message("m1", 10), status("m1", "read", 12), status("m1", "delivered", 13)});
  BOOST_REQUIRE_EQUAL(t.size(), 1u);
  BOOST_TEST(t[0]["status"] == "read");
  BOOST_TEST(t[0]["status_history"].size() == 2u);
  BOOST_TEST(t[0]["media_ids"][0] == "media-9");
  BOOST_TEST(t[0]["crm"]["state"] == "written");
  BOOST_TEST(t[0]["crm"]["activity_id"] == "a1");
}

BOOST_AUTO_TEST_CASE(failed_wins_and_keeps_its_errors) {
  auto t = http::timelineJson({message("m1", 10), status("m1", "delivered", 11), status("m1", "failed", 12)});
  BOOST_TEST(t[0]["status"] == "failed");
  BOOST_TEST(t[0]["status_history"][1]["errors"][0]["code"] == 131026);
}

BOOST_AUTO_TEST_CASE(a_status_for_a_message_sent_elsewhere_is_shown_on_its_own) {
  auto t = http::timelineJson({message("m1", 10), status("m2", "sent", 11), status("m2", "delivered", 12)});
  BOOST_REQUIRE_EQUAL(t.size(), 2u);
  BOOST_TEST(t[1]["kind"] == "status");
  BOOST_TEST(t[1]["provider_id"] == "m2");
  BOOST_TEST(t[1]["status"] == "delivered");
  BOOST_TEST(t[1]["status_history"].size() == 2u);
}
