#define BOOST_TEST_MODULE whatsapp_message_rules
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "unit/channel_whatsapp/whatsapp_test_helpers.h"

// Inbound replies (interactive, template buttons, reactions), type inference and who the sender is.

using crmsync::Direction;
using crmsync::Event;
using crmsync::EventKind;
using crmsync::Identifier;
using crmsync::IdentifierKind;
using crmsync::ParseResult;
using namespace crmsync::test::whatsapp;
namespace test = crmsync::test;

namespace {

// A body with one "messages" change whose value holds `value` (metadata added).
std::string messagesBody(nlohmann::json value) {
  value["messaging_product"] = "whatsapp";
  value["metadata"] = {{"display_phone_number", "15550001111"}, {"phone_number_id", "123"}};
  nlohmann::json body = {{"object", "whatsapp_business_account"},
                         {"entry", {{{"id", "1"}, {"changes", {{{"field", "messages"}, {"value", value}}}}}}}};
  return body.dump();
}

Event onlySynthetic(const nlohmann::json& value) {
  auto result = parseBody(messagesBody(value));
  BOOST_TEST_REQUIRE(result.ok, result.error);
  BOOST_TEST_REQUIRE(result.events.size() == 1u);
  return result.events.front();
}

}  // namespace

BOOST_AUTO_TEST_CASE(contact_without_bsuid_gives_phone_only) {
  Event e = pius("webhooks__TestListener_HandleNotification_ListReply__L752");
  BOOST_TEST_REQUIRE(e.counterpart.size() == 1u);
  BOOST_TEST((e.counterpart[0] == Identifier{IdentifierKind::kPhone, "+1987654321"}));
  BOOST_TEST(e.profileName == "List Tester");
}

BOOST_AUTO_TEST_CASE(interactive_button_reply) {
  Event e = pywa("callback_button__button");
  BOOST_TEST(e.type == "interactive");
  BOOST_TEST(e.details.at("interactive").at("type") == "button_reply");
  BOOST_TEST(e.details.at("interactive").at("id") == "callback_data");
  BOOST_TEST(e.details.at("interactive").at("title") == "title");
  BOOST_TEST(e.text == "title");
  BOOST_TEST(e.replyTo == "wamid.xyzxyz");
  Event pius2 = pius("webhooks__TestListener_HandleNotification_ButtonReply__L835");
  BOOST_TEST(pius2.details.at("interactive").at("id") == "unique-button-identifier-here");
  BOOST_TEST(pius2.text == "button-text");
}

BOOST_AUTO_TEST_CASE(interactive_list_reply) {
  Event e = pywa("callback_selection__description");
  BOOST_TEST(e.details.at("interactive").at("type") == "list_reply");
  BOOST_TEST(e.details.at("interactive").at("id") == "callback_data");
  BOOST_TEST(e.details.at("interactive").at("description") == "description");
  BOOST_TEST(e.text == "title");
}

BOOST_AUTO_TEST_CASE(interactive_nfm_reply) {
  Event e = pywa("flow_completion__completion");
  const auto& interactive = e.details.at("interactive");
  BOOST_TEST(interactive.at("type") == "nfm_reply");
  BOOST_TEST(interactive.at("name") == "flow");
  BOOST_TEST(interactive.at("body") == "Sent");
  auto response = nlohmann::json::parse(interactive.at("response_json").get<std::string>());
  BOOST_TEST(response.at("comment_text") == "Comment Text");
  BOOST_TEST(response.at("flow_token") == "AQAAAAACS5FpgQ_cAAAAAD0QI3s.");
  BOOST_TEST(e.text == "Sent");
}

BOOST_AUTO_TEST_CASE(interactive_call_permission_reply) {
  Event e = pywa("call_permission_update__accept");
  BOOST_TEST(e.details.at("interactive").at("type") == "call_permission_reply");
  BOOST_TEST(e.details.at("interactive").at("response") == "accept");
  BOOST_TEST(e.details.at("interactive").at("expiration_timestamp") == 1753186982);
  BOOST_TEST(e.text == "accept");
}

BOOST_AUTO_TEST_CASE(interactive_without_content_keeps_value_errors) {
  Event e = pywa("message__interactive_message_with_err");
  BOOST_TEST(e.type == "interactive");
  BOOST_TEST(e.text.empty());
  BOOST_TEST(!e.details.contains("interactive"));
  BOOST_TEST_REQUIRE(e.details.at("errors").size() == 1u);
  BOOST_TEST(e.details.at("errors")[0].at("code") == 131000);
  BOOST_TEST(e.replyTo == "wamid.gvwegfretge==");
}

BOOST_AUTO_TEST_CASE(template_quick_reply_button) {
  Event e = pywa("callback_button__quick_reply");
  BOOST_TEST(e.type == "button");
  BOOST_TEST(e.text == "title");
  BOOST_TEST(e.details.at("button").at("payload") == "callback_data");
  BOOST_TEST(e.replyTo == "wamid.xyzxyz==");
  Event pius2 = pius("webhooks__TestListener_HandleNotification_ButtonMessage__L673");
  BOOST_TEST(pius2.text == "No");
  BOOST_TEST(pius2.details.at("button").at("payload") == "No-Button-Payload");
  // `from` does not match the only contact card: its name is still the best display name, its wa_id is not used.
  BOOST_TEST_REQUIRE(pius2.counterpart.size() == 1u);
  BOOST_TEST((pius2.counterpart[0] == Identifier{IdentifierKind::kPhone, "+15551234567"}));
  BOOST_TEST(pius2.profileName == "Test Button");
}

BOOST_AUTO_TEST_CASE(from_user_id_gives_the_bsuid) {
  Event e = pywa("callback_button__quick_reply_without_context");
  BOOST_TEST_REQUIRE(e.counterpart.size() == 2u);
  BOOST_TEST((e.counterpart[0] == kClientPhone));
  BOOST_TEST((e.counterpart[1] == kClientBsuid));
  BOOST_TEST(e.replyTo.empty());
}

BOOST_AUTO_TEST_CASE(reaction_with_escaped_emoji) {
  Event e = pywa("message__reaction");
  BOOST_TEST(e.type == "reaction");
  const std::string openMouth = "\xF0\x9F\x98\xAE";  // U+1F62E, written as \ud83d\ude2e in the file
  BOOST_TEST(e.text == openMouth);
  BOOST_TEST(e.details.at("reaction").at("emoji") == openMouth);
  BOOST_TEST(e.details.at("reaction").at("message_id") == "wamid.yzxyzx=");
  BOOST_TEST(e.details.at("reaction").at("removed") == false);
}

BOOST_AUTO_TEST_CASE(reaction_removed_with_empty_emoji) {
  Event e = pywa("message__unreaction_empty");
  BOOST_TEST(e.details.at("reaction").at("removed") == true);
  BOOST_TEST(e.details.at("reaction").at("emoji") == "");
  BOOST_TEST(e.text.empty());
}

BOOST_AUTO_TEST_CASE(reaction_removed_without_emoji) {
  Event e = pywa("message__unreaction_no_emoji");
  BOOST_TEST(e.details.at("reaction").at("removed") == true);
  BOOST_TEST(e.details.at("reaction").at("message_id") == "wamid.yzxyzx=");
  BOOST_TEST(e.text.empty());
}

BOOST_AUTO_TEST_CASE(message_without_type_is_inferred_from_its_content) {
  auto result = parseBody(test::readFile(test::sharedDir() / "corpus" / "whatsapp" / "piusalfred-go" /
                                         "webhooks__TestListener_HandleNotification_MultipleChangeValues1__L460.json"));
  BOOST_TEST_REQUIRE(result.ok, result.error);
  BOOST_TEST_REQUIRE(result.events.size() == 4u);
  const Event& location = result.events[1];
  BOOST_TEST(location.providerId == "wamid.LOC789");
  BOOST_TEST(location.type == "location");
  BOOST_TEST(location.details.at("location").at("name") == "San Francisco");
  BOOST_TEST(location.text == "San Francisco, Market Street (37.7749, -122.4194)");
}

BOOST_AUTO_TEST_CASE(unknown_type_is_kept_with_raw_content) {
  Event e = onlySynthetic({{"messages", {{{"from", "1555"}, {"id", "m1"}, {"type", "poll"}, {"poll", {{"q", 1}}}}}}});
  BOOST_TEST(e.type == "poll");
  BOOST_TEST(e.text.empty());
  BOOST_TEST(e.details.at("poll").at("q") == 1);
}

BOOST_AUTO_TEST_CASE(legacy_unknown_type_becomes_unsupported) {
  Event e = onlySynthetic({{"messages", {{{"from", "1555"}, {"id", "m1"}, {"type", "unknown"}}}}});
  BOOST_TEST(e.type == "unsupported");
  Event bare = onlySynthetic({{"messages", {{{"from", "1555"}, {"id", "m2"}}}}});
  BOOST_TEST(bare.type == "unsupported");
}

BOOST_AUTO_TEST_CASE(integer_timestamp_is_accepted) {
  Event e =
      onlySynthetic({{"messages", {{{"from", "1555"}, {"id", "m1"}, {"timestamp", 1700000000}, {"type", "text"}}}}});
  BOOST_TEST(e.timestamp == 1700000000);
}

BOOST_AUTO_TEST_CASE(bsuid_only_sender_when_the_phone_is_withheld) {
  Event e = onlySynthetic(
      {{"contacts", {{{"profile", {{"name", "Username User"}}}, {"user_id", "US.777"}}}},
       {"messages", {{{"from_user_id", "US.777"}, {"id", "m1"}, {"type", "text"}, {"text", {{"body", "hi"}}}}}}});
  BOOST_TEST_REQUIRE(e.counterpart.size() == 1u);
  BOOST_TEST((e.counterpart[0] == Identifier{IdentifierKind::kWhatsappBsuid, "US.777"}));
  BOOST_TEST(e.profileName == "Username User");
}

BOOST_AUTO_TEST_CASE(bsuid_from_the_matching_card_not_from_another) {
  Event e = onlySynthetic({{"contacts",
                            {{{"profile", {{"name", "Other"}}}, {"wa_id", "1999"}, {"user_id", "US.other"}},
                             {{"profile", {{"name", "Sender"}}}, {"wa_id", "1555"}, {"user_id", "US.sender"}}}},
                           {"messages", {{{"from", "1555"}, {"id", "m1"}, {"type", "text"}}}}});
  BOOST_TEST_REQUIRE(e.counterpart.size() == 2u);
  BOOST_TEST((e.counterpart[0] == Identifier{IdentifierKind::kPhone, "+1555"}));
  BOOST_TEST((e.counterpart[1] == Identifier{IdentifierKind::kWhatsappBsuid, "US.sender"}));
  BOOST_TEST(e.profileName == "Sender");
}
