#define BOOST_TEST_MODULE mapping_sources
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "crmsync/mapping.h"
#include "mapping/sources.h"

using crmsync::CrmContext;
using crmsync::CrmRecordRef;
using crmsync::Deal;
using crmsync::Direction;
using crmsync::Event;
using crmsync::EventKind;
using crmsync::Identifier;
using crmsync::IdentifierKind;
using crmsync::IdentifierLink;
using crmsync::Media;
using crmsync::Person;
using crmsync::mapping::buildSources;
using crmsync::mapping::sourceValue;
using Json = nlohmann::json;

namespace {

Event documentMessage() {
  Event e;
  e.kind = EventKind::kMessage;
  e.channel = "whatsapp";
  e.providerId = "wamid.HBgL";
  e.direction = Direction::kInbound;
  e.businessNumber = "15550783881";
  e.businessAccountId = "106540352242922";
  e.counterpart = {Identifier{IdentifierKind::kPhone, "+79161234567"},
                   Identifier{IdentifierKind::kWhatsappBsuid, "US.13491208655302741918"}};
  e.profileName = "Anya";
  e.timestamp = 1719835200;
  e.type = "document";
  e.text = "Signed contract";
  e.media = {Media{"m1", "application/pdf", "h1", "https://lookaside.example/m1", "contract.pdf"},
             Media{"m2", "image/jpeg", "h2", "", ""}};
  e.replyTo = "wamid.prev";
  e.forwarded = true;
  return e;
}

Person knownPerson() {
  Person p;
  p.id = 42;
  p.displayName = "Anna Petrova";
  p.identifiers = {IdentifierLink{Identifier{IdentifierKind::kPhone, "+79161234567"}, "whatsapp", "", 0},
                   IdentifierLink{Identifier{IdentifierKind::kPhone, "+4915112345678"}, "import", "", 0},
                   IdentifierLink{Identifier{IdentifierKind::kEmail, "anna@example.org"}, "import", "", 0}};
  return p;
}

void collectLeaves(const Json& node, const std::string& prefix, std::set<std::string>& out) {
  for (const auto& item : node.items()) {
    std::string name = prefix.empty() ? item.key() : prefix + "." + item.key();
    if (item.value().is_object()) {
      collectLeaves(item.value(), name, out);
    } else {
      out.insert(name);
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(message_fields) {
  Json s = buildSources(documentMessage(), nullptr, nullptr, nullptr);
  const Json& m = s["message"];
  BOOST_TEST(m["id"] == "wamid.HBgL");
  BOOST_TEST(m["kind"] == "message");
  BOOST_TEST(m["direction"] == "inbound");
  BOOST_TEST(m["type"] == "document");
  BOOST_TEST(m["text"] == "Signed contract");
  BOOST_TEST(m["has_media"] == true);
  BOOST_TEST(m["media_count"] == 2);
  BOOST_TEST(m["media_ids"] == "m1,m2");
  BOOST_TEST(m["mime_type"] == "application/pdf");
  BOOST_TEST(m["filename"] == "contract.pdf");
  BOOST_TEST(m["timestamp"] == 1719835200);
  BOOST_TEST(m["reply_to"] == "wamid.prev");
  BOOST_TEST(m["forwarded"] == true);
  BOOST_TEST(m["url"] == "https://lookaside.example/m1");
  BOOST_TEST(s["status"]["value"].is_null());
  BOOST_TEST(s["channel"]["name"] == "whatsapp");
}

BOOST_AUTO_TEST_CASE(empty_texts_are_null) {
  Event e = documentMessage();
  e.text.clear();
  e.media.clear();
  e.replyTo.clear();
  Json s = buildSources(e, nullptr, nullptr, nullptr);
  BOOST_TEST(s["message"]["text"].is_null());
  BOOST_TEST(s["message"]["has_media"] == false);
  BOOST_TEST(s["message"]["media_count"] == 0);
  BOOST_TEST(s["message"]["media_ids"].is_null());
  BOOST_TEST(s["message"]["filename"].is_null());
  BOOST_TEST(s["message"]["reply_to"].is_null());
}

BOOST_AUTO_TEST_CASE(person_from_event_only) {
  Json s = buildSources(documentMessage(), nullptr, nullptr, nullptr);
  const Json& p = s["person"];
  BOOST_TEST(p["id"].is_null());
  BOOST_TEST(p["display_name"] == "Anya");  // no person yet: the profile name
  BOOST_TEST(p["profile_name"] == "Anya");
  BOOST_TEST(p["phone"] == "+79161234567");
  BOOST_TEST(p["phones"] == "+79161234567");
  BOOST_TEST(p["bsuid"] == "US.13491208655302741918");
}

BOOST_AUTO_TEST_CASE(person_from_the_ledger) {
  Person person = knownPerson();
  Json s = buildSources(documentMessage(), &person, nullptr, nullptr);
  const Json& p = s["person"];
  BOOST_TEST(p["id"] == 42);
  BOOST_TEST(p["display_name"] == "Anna Petrova");
  BOOST_TEST(p["profile_name"] == "Anya");
  BOOST_TEST(p["phone"] == "+79161234567");
  BOOST_TEST(p["phones"] == "+79161234567,+4915112345678");  // the event's number first, no repeats
}

BOOST_AUTO_TEST_CASE(business_number_in_e164_when_readable) {
  Event e = documentMessage();
  BOOST_TEST(buildSources(e, nullptr, nullptr, nullptr)["business"]["number"] == "+15550783881");
  e.businessNumber = "1-555-123-4567";
  BOOST_TEST(buildSources(e, nullptr, nullptr, nullptr)["business"]["number"] == "+15551234567");
  e.businessNumber = "<BUSINESS_DISPLAY_PHONE_NUMBER>";
  BOOST_TEST(buildSources(e, nullptr, nullptr, nullptr)["business"]["number"] == "<BUSINESS_DISPLAY_PHONE_NUMBER>");
  e.businessNumber.clear();
  BOOST_TEST(buildSources(e, nullptr, nullptr, nullptr)["business"]["number"].is_null());
  BOOST_TEST(buildSources(e, nullptr, nullptr, nullptr)["business"]["account_id"] == "106540352242922");
}

BOOST_AUTO_TEST_CASE(context_picks_the_latest_open_deal) {
  CrmContext context;
  context.ownerId = "u7";
  context.deals = {Deal{"d1", "Lease", "intake", "open", "100", "EUR", "u1", 1000},
                   Deal{"d2", "Won case", "closed", "won", "900", "EUR", "u1", 9000},
                   Deal{"d3", "Divorce", "court", "open", "1500.00", "EUR", "u2", 5000}};
  Json s = buildSources(documentMessage(), nullptr, &context, nullptr);
  const Json& c = s["context"];
  BOOST_TEST(c["owner_id"] == "u7");
  BOOST_TEST(c["open_deals"] == 2);
  BOOST_TEST(c["deal"]["id"] == "d3");
  BOOST_TEST(c["deal"]["title"] == "Divorce");
  BOOST_TEST(c["deal"]["stage"] == "court");
  BOOST_TEST(c["deal"]["status"] == "open");
  BOOST_TEST(c["deal"]["amount"] == "1500.00");
  BOOST_TEST(c["deal"]["currency"] == "EUR");
  BOOST_TEST(c["deal"]["owner_id"] == "u2");
}

BOOST_AUTO_TEST_CASE(context_and_record_unknown_are_null) {
  Json s = buildSources(documentMessage(), nullptr, nullptr, nullptr);
  BOOST_TEST(s["context"]["open_deals"].is_null());
  BOOST_TEST(s["context"]["deal"]["title"].is_null());
  BOOST_TEST(s["record"]["id"].is_null());
  CrmContext empty;
  s = buildSources(documentMessage(), nullptr, &empty, nullptr);
  BOOST_TEST(s["context"]["open_deals"] == 0);
  BOOST_TEST(s["context"]["deal"]["id"].is_null());
}

BOOST_AUTO_TEST_CASE(record_fields) {
  CrmRecordRef record{"contact", "c-17"};
  Json s = buildSources(documentMessage(), nullptr, nullptr, &record);
  BOOST_TEST(s["record"]["id"] == "c-17");
  BOOST_TEST(s["record"]["object"] == "contact");
}

BOOST_AUTO_TEST_CASE(status_event) {
  Event e;
  e.kind = EventKind::kStatus;
  e.channel = "whatsapp";
  e.providerId = "wamid.out";
  e.direction = Direction::kOutbound;
  e.counterpart = {Identifier{IdentifierKind::kPhone, "+4915112345678"}};
  e.timestamp = 1719835300;
  e.status = "failed";
  e.details = {{"errors", {{{"code", 131026}, {"title", "Message undeliverable"}}}}};
  Json s = buildSources(e, nullptr, nullptr, nullptr);
  BOOST_TEST(s["status"]["value"] == "failed");
  BOOST_TEST(s["status"]["timestamp"] == 1719835300);
  BOOST_TEST(s["status"]["error_code"] == 131026);
  BOOST_TEST(s["status"]["error_title"] == "Message undeliverable");
  BOOST_TEST(s["message"]["id"] == "wamid.out");
  BOOST_TEST(s["message"]["kind"] == "status");
  BOOST_TEST(s["message"]["direction"] == "outbound");
  BOOST_TEST(s["message"]["timestamp"].is_null());
  BOOST_TEST(s["message"]["has_media"].is_null());
  BOOST_TEST(s["person"]["phone"] == "+4915112345678");
}

BOOST_AUTO_TEST_CASE(sources_hold_exactly_the_documented_fields) {
  Person person = knownPerson();
  CrmContext context;
  CrmRecordRef record{"contact", "c-1"};
  Json s = buildSources(documentMessage(), &person, &context, &record);
  std::set<std::string> built, listed;
  collectLeaves(s, "", built);
  for (const auto& field : crmsync::mapping::sourceFields()) listed.insert(field.first);
  BOOST_TEST(built == listed, boost::test_tools::per_element());
  for (const auto& field : crmsync::mapping::sourceFields()) BOOST_TEST(!field.second.empty(), field.first);
}

BOOST_AUTO_TEST_CASE(source_value_by_path) {
  Json s = buildSources(documentMessage(), nullptr, nullptr, nullptr);
  BOOST_TEST(sourceValue(s, "message.text") == "Signed contract");
  BOOST_TEST(sourceValue(s, "context.deal.title").is_null());
  BOOST_TEST(sourceValue(s, "message.text.more").is_null());
  BOOST_TEST(sourceValue(s, "nothing").is_null());
  BOOST_TEST(sourceValue(s, "").is_null());
}
