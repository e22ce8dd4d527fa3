#define BOOST_TEST_MODULE mapping_document
#include <boost/test/unit_test.hpp>

#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "mapping/sources.h"
#include "mapping_test_helpers.h"
#include "support/test_support.h"

using namespace crmsync::mapping::test;
using crmsync::CrmContext;
using crmsync::Deal;
using crmsync::Direction;
using crmsync::Event;
using crmsync::EventKind;
using crmsync::Identifier;
using crmsync::IdentifierKind;
using crmsync::Media;
using crmsync::mapping::buildSources;
using crmsync::mapping::MappingDocument;
using crmsync::mapping::WriteKind;
using crmsync::mapping::WritePolicy;

namespace {

std::string localText() { return crmsync::test::readFile(crmsync::test::sourceDir() / "mappings" / "local.json"); }

Event imageMessage() {
  Event e;
  e.kind = EventKind::kMessage;
  e.channel = "whatsapp";
  e.providerId = "wamid.1";
  e.direction = Direction::kInbound;
  e.businessNumber = "15550783881";
  e.businessAccountId = "106540352242922";
  e.counterpart = {Identifier{IdentifierKind::kPhone, "+79161234567"}};
  e.profileName = "Anna";
  e.timestamp = 1719835200;
  e.type = "image";
  e.text = "Contract scan";
  e.media = {Media{"m1", "image/jpeg", "abc", "", ""}};
  return e;
}

Event failedStatus() {
  Event e;
  e.kind = EventKind::kStatus;
  e.channel = "whatsapp";
  e.providerId = "wamid.2";
  e.direction = Direction::kOutbound;
  e.businessNumber = "15550783881";
  e.counterpart = {Identifier{IdentifierKind::kPhone, "+79161234567"}};
  e.timestamp = 1719835300;
  e.status = "failed";
  e.details = {{"errors", {{{"code", 131047}, {"title", "Re-engagement message"}}}}};
  return e;
}

}  // namespace

BOOST_AUTO_TEST_CASE(local_default_compiles) {
  auto doc = compileOk(localText());
  BOOST_TEST(doc->connector() == "local");
  BOOST_TEST(doc->source()["writes"].contains("message_activity"));
  std::vector<crmsync::mapping::MappingError> errors;
  auto strict = MappingDocument::compile(localText(), "local.json", errors,
                                         {{"message_activity", {"subject", "body", "occurred_at"}},
                                          {"contact_create", {"name"}},
                                          {"status_update", {"status"}}});
  BOOST_TEST(strict != nullptr, describe(errors));
}

BOOST_AUTO_TEST_CASE(local_message_activity_for_an_image_with_caption) {
  auto doc = compileOk(localText());
  Json sources = buildSources(imageMessage(), nullptr, nullptr, nullptr);
  auto write = doc->apply(WriteKind::kMessageActivity, sources);
  BOOST_TEST_REQUIRE(write.has_value());
  BOOST_TEST(write->object == "activity");
  BOOST_TEST_REQUIRE(write->fields.size() == 4u);
  BOOST_TEST(write->fields[0].field == "subject");  // document order
  BOOST_TEST(write->value("subject") == "WhatsApp inbound image");
  BOOST_TEST(write->value("body") == "[image] Contract scan");
  BOOST_TEST(write->value("occurred_at") == "2024-07-01T12:00:00Z");
  BOOST_TEST(write->value("business_number") == "+15550783881");
  BOOST_TEST(write->value("no such field").is_null());
}

BOOST_AUTO_TEST_CASE(local_message_activity_for_text_and_long_text) {
  auto doc = compileOk(localText());
  Event e = imageMessage();
  e.type = "text";
  e.media.clear();
  e.text = std::string(12000, 'x');
  auto write = doc->apply(WriteKind::kMessageActivity, buildSources(e, nullptr, nullptr, nullptr));
  std::string body = write->value("body").get<std::string>();
  BOOST_TEST(body.size() == 9999u + std::string("…").size());
  BOOST_TEST(body.substr(body.size() - 3) == "…");
  e.text = "hi";
  write = doc->apply(WriteKind::kMessageActivity, buildSources(e, nullptr, nullptr, nullptr));
  BOOST_TEST(write->value("body") == "hi");
  BOOST_TEST(write->value("subject") == "WhatsApp inbound text");
}

BOOST_AUTO_TEST_CASE(local_contact_create_and_owner_lookup) {
  auto doc = compileOk(localText());
  Json sources = buildSources(imageMessage(), nullptr, nullptr, nullptr);
  auto write = doc->apply(WriteKind::kContactCreate, sources);
  BOOST_TEST_REQUIRE(write.has_value());
  BOOST_TEST(write->object == "contact");
  BOOST_TEST(write->value("name") == "Anna");
  BOOST_TEST(write->value("source") == "whatsapp");
  BOOST_TEST(write->value("owner").is_null());  // the shipped table is empty

  Json edited = Json::parse(localText());
  edited["lookups"]["owner_by_number"]["+15550783881"] = "lawyer-1";
  auto withOwners = compileOk(edited.dump());
  BOOST_TEST(withOwners->apply(WriteKind::kContactCreate, sources)->value("owner") == "lawyer-1");

  sources["person"]["display_name"] = nullptr;  // no name known: the phone stands in
  BOOST_TEST(doc->apply(WriteKind::kContactCreate, sources)->value("name") == "+79161234567");
}

BOOST_AUTO_TEST_CASE(local_contact_update_only_fills_an_empty_name) {
  auto doc = compileOk(localText());
  auto write = doc->apply(WriteKind::kContactUpdate, buildSources(imageMessage(), nullptr, nullptr, nullptr));
  BOOST_TEST_REQUIRE(write->fields.size() == 1u);
  BOOST_TEST(write->fields[0].field == "name");
  BOOST_TEST((write->fields[0].policy == WritePolicy::kOnlyIfEmpty));
  BOOST_TEST(write->fields[0].value == "Anna");
}

BOOST_AUTO_TEST_CASE(local_status_update) {
  auto doc = compileOk(localText());
  auto write = doc->apply(WriteKind::kStatusUpdate, buildSources(failedStatus(), nullptr, nullptr, nullptr));
  BOOST_TEST(write->object == "activity");
  BOOST_TEST(write->value("status") == "failed");
  BOOST_TEST(write->value("status_detail") == "error 131047: Re-engagement message");
  Event delivered = failedStatus();
  delivered.status = "delivered";
  delivered.details = Json::object();
  write = doc->apply(WriteKind::kStatusUpdate, buildSources(delivered, nullptr, nullptr, nullptr));
  BOOST_TEST(write->value("status") == "delivered");
  BOOST_TEST(write->value("status_detail") == "");
}

BOOST_AUTO_TEST_CASE(local_context_read) {
  auto doc = compileOk(localText());
  std::vector<std::pair<std::string, std::string>> expected = {{"title", "context.deal.title"},
                                                               {"stage", "context.deal.stage"},
                                                               {"status", "context.deal.status"},
                                                               {"amount", "context.deal.amount"}};
  BOOST_TEST((doc->contextFields() == expected));
  CrmContext context;
  context.deals = {Deal{"d1", "Divorce", "intake", "open", "1500.00", "EUR", "u1", 2000}};
  auto write = doc->apply(WriteKind::kContextRead, buildSources(imageMessage(), nullptr, &context, nullptr));
  BOOST_TEST(write->object == "deal");
  BOOST_TEST(write->value("title") == "Divorce");
  BOOST_TEST(write->value("amount") == "1500.00");
}

BOOST_AUTO_TEST_CASE(policies_are_carried_and_never_is_left_out) {
  Json doc = {{"connector", "x"},
              {"writes",
               {{"contact_update",
                 {{"object", "contact"},
                  {"fields",
                   {{"z_name", {{"source", "person.display_name"}}},
                    {"notes", {{"value", "typed by a lawyer"}, {"policy", "never"}}},
                    {"a_phone", {{"source", "person.phone"}, {"policy", "only_if_empty"}}},
                    {"b_source", {{"value", "whatsapp"}, {"policy", "overwrite"}}}}}}}}}};
  // nlohmann::json sorts keys; write the text by hand to keep document order.
  std::string text = R"({"connector": "x", "writes": {"contact_update": {"object": "contact", "fields": {
      "z_name": {"source": "person.display_name"},
      "notes": {"value": "typed by a lawyer", "policy": "never"},
      "a_phone": {"source": "person.phone", "policy": "only_if_empty"},
      "b_source": {"value": "whatsapp", "policy": "overwrite"}}}}})";
  auto compiled = compileOk(text);
  auto write = compiled->apply(WriteKind::kContactUpdate, {{"person", {{"display_name", "Anna"}, {"phone", "+1"}}}});
  BOOST_TEST_REQUIRE(write->fields.size() == 3u);
  BOOST_TEST(write->fields[0].field == "z_name");
  BOOST_TEST((write->fields[0].policy == WritePolicy::kOverwrite));
  BOOST_TEST(write->fields[1].field == "a_phone");
  BOOST_TEST((write->fields[1].policy == WritePolicy::kOnlyIfEmpty));
  BOOST_TEST(write->fields[2].field == "b_source");
  BOOST_TEST(write->value("notes").is_null());
  BOOST_TEST(compileOk(doc.dump())->source() == doc);
}

BOOST_AUTO_TEST_CASE(absent_write_kind_gives_nullopt) {
  auto doc = compileOk(R"({"connector": "x"})");
  BOOST_TEST(!doc->apply(WriteKind::kMessageActivity, Json::object()).has_value());
  BOOST_TEST(doc->contextFields().empty());
}

BOOST_AUTO_TEST_CASE(names_of_kinds_and_policies) {
  BOOST_TEST(crmsync::mapping::toString(WriteKind::kContactCreate) == "contact_create");
  BOOST_TEST(crmsync::mapping::toString(WriteKind::kContextRead) == "context_read");
  BOOST_TEST(crmsync::mapping::toString(WritePolicy::kOnlyIfEmpty) == "only_if_empty");
  BOOST_TEST(crmsync::mapping::toString(WritePolicy::kNever) == "never");
}

BOOST_AUTO_TEST_CASE(one_document_shared_between_threads) {
  auto doc = compileOk(localText());
  Json sources = buildSources(imageMessage(), nullptr, nullptr, nullptr);
  auto expected = doc->apply(WriteKind::kMessageActivity, sources)->value("body");
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        if (doc->apply(WriteKind::kMessageActivity, sources)->value("body") != expected) ++mismatches[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_TEST(mismatches == std::vector<int>(4, 0), boost::test_tools::per_element());
}
