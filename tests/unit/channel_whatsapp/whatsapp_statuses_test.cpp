#define BOOST_TEST_MODULE whatsapp_statuses
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "unit/channel_whatsapp/whatsapp_test_helpers.h"

// Statuses, business echoes, several entries/changes/messages per POST, and changes that are ignored.

using crmsync::Direction;
using crmsync::Event;
using crmsync::EventKind;
using crmsync::Identifier;
using crmsync::IdentifierKind;
using crmsync::ParseResult;
using namespace crmsync::test::whatsapp;
namespace test = crmsync::test;

namespace {

std::vector<std::string> ids(const ParseResult& result) {
  std::vector<std::string> out;
  for (const auto& e : result.events) out.push_back(e.providerId);
  return out;
}

nlohmann::json change(const std::string& field, nlohmann::json value) {
  return {{"field", field}, {"value", std::move(value)}};
}

std::string body(nlohmann::json entries) {
  return nlohmann::json{{"object", "whatsapp_business_account"}, {"entry", std::move(entries)}}.dump();
}

}  // namespace

BOOST_AUTO_TEST_CASE(status_sent_with_pricing_and_conversation) {
  Event e = pywa("message_status__sent");
  BOOST_TEST((e.kind == EventKind::kStatus));
  BOOST_TEST((e.direction == Direction::kOutbound));
  BOOST_TEST(e.channel == "whatsapp");
  BOOST_TEST(e.providerId == "wamid.xyzxyz");
  BOOST_TEST(e.status == "sent");
  BOOST_TEST(e.timestamp == 1698266945);
  BOOST_TEST(e.businessNumber == "972123456789");
  BOOST_TEST(e.businessAccountId == "1122334455667");
  BOOST_TEST_REQUIRE(e.counterpart.size() == 2u);
  BOOST_TEST((e.counterpart[0] == kClientPhone));
  BOOST_TEST((e.counterpart[1] == kClientBsuid));
  BOOST_TEST(e.profileName == "Test Name");
  BOOST_TEST(e.type.empty());
  BOOST_TEST(e.details.at("pricing").at("billable") == true);
  BOOST_TEST(e.details.at("pricing").at("pricing_model") == "CBP");
  BOOST_TEST(e.details.at("pricing").at("category") == "service");
  BOOST_TEST(e.details.at("conversation").at("id") == "7270432eae37498234f4444b35ffc5");
  BOOST_TEST(e.details.at("conversation").at("origin").at("type") == "service");
  BOOST_TEST(e.dedupeKey() == "whatsapp:status:wamid.xyzxyz:sent:phone:+972987654321");
}

BOOST_AUTO_TEST_CASE(status_delivered_read_played) {
  BOOST_TEST(pywa("message_status__delivered").status == "delivered");
  Event read = pywa("message_status__read");
  BOOST_TEST(read.status == "read");
  BOOST_TEST(read.timestamp == 1689380458);
  Event played = pywa("message_status__played");
  BOOST_TEST(played.status == "played");
  BOOST_TEST(played.details.at("pricing").at("category") == "service");
}

BOOST_AUTO_TEST_CASE(status_failed_with_errors) {
  Event e = pywa("message_status__failed");
  BOOST_TEST(e.status == "failed");
  const auto& errors = e.details.at("errors");
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].at("code") == 130472);
  BOOST_TEST(errors[0].at("title") == "User's number is part of an experiment");
  BOOST_TEST(errors[0].at("message") == "User's number is part of an experiment");
  BOOST_TEST(errors[0].at("error_data").at("details") ==
             "Failed to send message because this user's phone number is part of an experiment");
  BOOST_TEST(!e.details.contains("pricing"));
}

BOOST_AUTO_TEST_CASE(status_with_callback_data) {
  Event e = pywa("message_status__with_tracker");
  BOOST_TEST(e.details.at("biz_opaque_callback_data") == "some data");
}

BOOST_AUTO_TEST_CASE(status_without_contacts_has_phone_only) {
  Event e = only("piusalfred-go/webhooks__TestListener_HandleNotification_StatusSent__L1148.json");
  BOOST_TEST_REQUIRE(e.counterpart.size() == 1u);
  BOOST_TEST((e.counterpart[0] == Identifier{IdentifierKind::kPhone, "+123456789"}));
  BOOST_TEST(e.details.at("pricing").at("category") == "user_initiated");
  BOOST_TEST(e.profileName.empty());
}

BOOST_AUTO_TEST_CASE(group_status_is_about_the_participant) {
  Event e = pywa("message_status__group");
  BOOST_TEST(e.status == "read");
  BOOST_TEST(e.providerId == "<WHATSAPP_MESSAGE_ID>");
  BOOST_TEST(e.details.at("recipient_type") == "group");
  BOOST_TEST(e.details.at("group").at("id") == "fowefinoewcnw");
  BOOST_TEST_REQUIRE(e.counterpart.size() == 2u);
  BOOST_TEST((e.counterpart[0] == Identifier{IdentifierKind::kPhone, "<GROUP_PARTICIPANT_USER_PHONE_NUMBER>"}));
  BOOST_TEST((e.counterpart[1] == Identifier{IdentifierKind::kWhatsappBsuid, "US.123456"}));
  BOOST_TEST(e.profileName == "<USER_DISPLAY_NAME>");
}

BOOST_AUTO_TEST_CASE(group_statuses_of_two_participants_dedupe_apart) {
  auto status = [](const std::string& participant) {
    return nlohmann::json{{"id", "wamid.G"},           {"status", "read"},
                          {"timestamp", "1"},          {"recipient_id", "group-1"},
                          {"recipient_type", "group"}, {"recipient_participant_id", participant}};
  };
  auto result =
      parseBody(body({{{"changes", {change("messages", {{"statuses", {status("1555"), status("1666")}}})}}}}));
  BOOST_TEST_REQUIRE(result.ok, result.error);
  BOOST_TEST_REQUIRE(result.events.size() == 2u);
  BOOST_TEST((result.events[0].counterpart.at(0) == Identifier{IdentifierKind::kPhone, "+1555"}));
  BOOST_TEST(result.events[0].dedupeKey() != result.events[1].dedupeKey());
}

BOOST_AUTO_TEST_CASE(echo_text_is_outbound_to_the_client) {
  Event e = pywa("outgoing_message__text");
  BOOST_TEST((e.kind == EventKind::kMessage));
  BOOST_TEST((e.direction == Direction::kOutbound));
  BOOST_TEST(e.type == "text");
  BOOST_TEST(e.text == "Test message");
  BOOST_TEST_REQUIRE(e.counterpart.size() == 2u);
  BOOST_TEST((e.counterpart[0] == Identifier{IdentifierKind::kPhone, "<WHATSAPP_USER_PHONE_NUMBER>"}));
  BOOST_TEST((e.counterpart[1] == Identifier{IdentifierKind::kWhatsappBsuid, "<BSUID>"}));
  BOOST_TEST(e.timestamp == 1697043223);
  BOOST_TEST(e.businessNumber == "972123456789");
}

BOOST_AUTO_TEST_CASE(echo_edit_and_revoke) {
  Event edit = pywa("outgoing_message__edit");
  BOOST_TEST((edit.direction == Direction::kOutbound));
  BOOST_TEST(edit.type == "edit");
  BOOST_TEST(edit.text == "Text was edited");
  BOOST_TEST(edit.details.at("edit").at("original_message_id") == "wamid.zzzzzz");
  // The counterpart is `to`, never `from` (this fixture has them the unusual way round).
  BOOST_TEST_REQUIRE(edit.counterpart.size() == 1u);
  BOOST_TEST((edit.counterpart[0] == Identifier{IdentifierKind::kPhone, "+972123456789"}));
  Event revoke = pywa("outgoing_message__delete");
  BOOST_TEST((revoke.direction == Direction::kOutbound));
  BOOST_TEST(revoke.type == "revoke");
  BOOST_TEST(revoke.details.at("revoke").at("original_message_id") == "wamid.zzzzzz");
}

BOOST_AUTO_TEST_CASE(several_changes_in_one_entry) {
  auto result = parseCorpus("piusalfred-go/webhooks__TestListener_HandleNotification_MultipleChangeValues__L328.json");
  BOOST_TEST(ids(result) == std::vector<std::string>{"wamid.TEXTXYZ123"}, boost::test_tools::per_element());
  BOOST_TEST(result.events.at(0).businessNumber == "1-555-123-4567");
  BOOST_TEST(result.events.at(0).profileName == "Alex Tester");
  BOOST_TEST_REQUIRE(result.ignored.size() == 1u);
  BOOST_TEST(result.ignored[0].field == "user_preferences");
  BOOST_TEST(result.ignored[0].reason == "not a conversation event");
}

BOOST_AUTO_TEST_CASE(several_changes_with_several_messages_keep_document_order) {
  auto result = parseCorpus("piusalfred-go/webhooks__TestListener_HandleNotification_MultipleChangeValues1__L460.json");
  std::vector<std::string> expected{"wamid.TEXT123", "wamid.LOC789", "wamid.RXN001", "wamid.STK002"};
  BOOST_TEST(ids(result) == expected, boost::test_tools::per_element());
  std::vector<std::string> types;
  for (const auto& e : result.events) types.push_back(e.type);
  BOOST_TEST(types == (std::vector<std::string>{"text", "location", "reaction", "sticker"}),
             boost::test_tools::per_element());
  BOOST_TEST(result.events[2].details.at("reaction").at("emoji") == "\xF0\x9F\x91\x8D");
  BOOST_TEST(result.events[3].media.at(0).id == "STICKER1234");
  BOOST_TEST_REQUIRE(result.ignored.size() == 1u);
  BOOST_TEST(result.ignored[0].field == "user_preferences");
}

BOOST_AUTO_TEST_CASE(several_messages_in_one_change) {
  auto result = parseCorpus("piusalfred-go/webhooks__TestListener_HandleNotification_MultipleMessages__L222.json");
  BOOST_TEST(ids(result) == (std::vector<std::string>{"wamid.GBGX2323902", "wamid.OMGReaction"}),
             boost::test_tools::per_element());
  BOOST_TEST(result.events[1].details.at("reaction").at("message_id") == "wamid.GBGX2323902");
  BOOST_TEST(result.ignored.empty());
}

BOOST_AUTO_TEST_CASE(several_entries_messages_then_statuses) {
  nlohmann::json value1 = {{"messages", {{{"from", "1"}, {"id", "m1"}, {"type", "text"}}}},
                           {"statuses", {{{"id", "s1"}, {"status", "read"}, {"recipient_id", "2"}}}}};
  nlohmann::json value2 = {{"messages", {{{"from", "3"}, {"id", "m2"}}, {{"from", "3"}, {"id", "m3"}}}}};
  nlohmann::json echoes = {{"message_echoes", {{{"to", "4"}, {"id", "e1"}, {"type", "text"}}}}};
  auto result = parseBody(body({{{"changes", {change("messages", value1), change("calls", {})}}},
                                {{"changes", {change("smb_message_echoes", echoes), change("messages", value2)}}}}));
  BOOST_TEST_REQUIRE(result.ok, result.error);
  BOOST_TEST(ids(result) == (std::vector<std::string>{"m1", "s1", "e1", "m2", "m3"}), boost::test_tools::per_element());
  BOOST_TEST((result.events[1].kind == EventKind::kStatus));
  BOOST_TEST((result.events[2].direction == Direction::kOutbound));
  BOOST_TEST_REQUIRE(result.ignored.size() == 1u);
  BOOST_TEST(result.ignored[0].field == "calls");
}

BOOST_AUTO_TEST_CASE(empty_entry_array_is_ok) {
  auto result = parseCorpus("piusalfred-go/router__TestMiddlewareOrdering_WebhookRoute__L160.json");
  BOOST_TEST(result.events.empty());
  BOOST_TEST(result.ignored.empty());
}

BOOST_AUTO_TEST_CASE(non_conversation_fields_are_ignored_not_errors) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"pywa/account_update__account_deleted.json", "account_update"},
      {"pywa/call_status__call_status.json", "calls"},  // a calls change may carry statuses[]: still not synced
      {"pywa/template_components_update__element.json", "message_template_components_update"},  // extra key `all`
      {"pywa/user_marketing_preferences__signup.json", "user_preferences"},
      {"piusalfred-go/webhooks__TestHandler_UnrecognizedField_DefaultSilent__L1806.json", "unknown_field_xyz"},
      {"piusalfred-go/webhooks__TestListener_HandleNotification_UnrecognizedField__L1749.json", "automatic_events"},
      {"piusalfred-go/webhooks__TestListener_HandleNotification_GroupLifecycleUpdate__L1411.json",
       "group_lifecycle_update"},
      {"piusalfred-go/webhooks__TestListener_HandleNotification_PhoneNumberSettingsUpdate__L1311.json",
       "account_settings_update"},
  };
  for (const auto& [file, field] : cases) {
    BOOST_TEST_CONTEXT(file) {
      auto result = parseCorpus(file);
      BOOST_TEST(result.events.empty());
      BOOST_TEST_REQUIRE(result.ignored.size() == 1u);
      BOOST_TEST(result.ignored[0].field == field);
      BOOST_TEST(result.ignored[0].reason == "not a conversation event");
    }
  }
}

BOOST_AUTO_TEST_CASE(messages_change_with_only_errors_is_ignored_with_a_reason) {
  nlohmann::json value = {{"errors", {{{"code", 131000}, {"title", "Something went wrong"}}}}};
  auto result = parseBody(body({{{"changes", {change("messages", value)}}}}));
  BOOST_TEST_REQUIRE(result.ok, result.error);
  BOOST_TEST(result.events.empty());
  BOOST_TEST_REQUIRE(result.ignored.size() == 1u);
  BOOST_TEST(result.ignored[0].field == "messages");
  BOOST_TEST(result.ignored[0].reason.find("errors only") != std::string::npos, result.ignored[0].reason);
  BOOST_TEST(result.ignored[0].reason.find("131000") != std::string::npos, result.ignored[0].reason);
}

BOOST_AUTO_TEST_CASE(empty_conversation_values_are_ignored) {
  auto result = parseBody(body({{{"changes",
                                  {change("messages", nlohmann::json::object()),
                                   change("smb_message_echoes", {{"message_echoes", nlohmann::json::array()}})}}}}));
  BOOST_TEST_REQUIRE(result.ok, result.error);
  BOOST_TEST(result.events.empty());
  BOOST_TEST_REQUIRE(result.ignored.size() == 2u);
  BOOST_TEST(result.ignored[0].reason == "no messages or statuses");
  BOOST_TEST(result.ignored[1].field == "smb_message_echoes");
}
