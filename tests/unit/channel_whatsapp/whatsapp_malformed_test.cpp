#define BOOST_TEST_MODULE whatsapp_malformed
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "channels/whatsapp_cloud/payload_parser.h"
#include "channels/whatsapp_cloud/whatsapp_channel.h"

// Bodies the parser must refuse, each with an error that says where (JSON pointer) and why.

using crmsync::ParseResult;
using crmsync::channels::whatsapp::kMaxDepth;
using crmsync::channels::whatsapp::WhatsappChannel;
using Json = nlohmann::json;

namespace {

ParseResult parseBody(const std::string& body) { return WhatsappChannel("app-secret", "verify-token").parse(body); }

std::string body(Json entries) {
  return Json{{"object", "whatsapp_business_account"}, {"entry", std::move(entries)}}.dump();
}

std::string messagesBody(Json value) {
  return body({{{"id", "1"}, {"changes", {{{"field", "messages"}, {"value", std::move(value)}}}}}});
}

const Json kGoodMessage = {{"from", "1555"}, {"id", "m1"}, {"timestamp", "1"}, {"type", "text"}};

// Refused, with no partial result, and an error equal to / containing `expected`.
void expectRefused(const std::string& input, const std::string& expected, bool exact = true) {
  auto result = parseBody(input);
  BOOST_TEST(!result.ok);
  BOOST_TEST(result.events.empty());
  BOOST_TEST(result.ignored.empty());
  if (exact) {
    BOOST_TEST(result.error == expected);
  } else {
    BOOST_TEST(result.error.find(expected) != std::string::npos, "'" << result.error << "' lacks '" << expected << "'");
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(not_json_names_the_byte) {
  expectRefused("this is not json", "not JSON (byte 2)", false);
  expectRefused(R"({"object": "whatsapp_business_account", "entry": [)", "not JSON (byte 51)", false);
  expectRefused("", "not JSON", false);
}

BOOST_AUTO_TEST_CASE(top_level_must_be_an_object) {
  expectRefused("[]", "top level is not a JSON object but array");
  expectRefused("\"whatsapp_business_account\"", "top level is not a JSON object but string");
}

BOOST_AUTO_TEST_CASE(object_must_be_whatsapp_business_account) {
  expectRefused(R"({"object":"page","entry":[]})", "/object: expected 'whatsapp_business_account', got \"page\"");
  expectRefused(R"({"entry":[]})", "/object: missing, expected 'whatsapp_business_account'");
}

BOOST_AUTO_TEST_CASE(entry_must_be_an_array) {
  expectRefused(R"({"object":"whatsapp_business_account","entry":{}})", "/entry: not an array");
  expectRefused(R"({"object":"whatsapp_business_account"})", "/entry: missing");
  expectRefused(body({"not an entry"}), "/entry/0: not an object");
  expectRefused(body({{{"changes", "none"}}}), "/entry/0: 'changes' is not an array");
}

BOOST_AUTO_TEST_CASE(change_needs_a_field_and_a_value) {
  expectRefused(body({{{"changes", {{{"value", Json::object()}}}}}}), "/entry/0/changes/0: missing 'field'");
  expectRefused(body({{{"changes", {{{"field", 7}}}}}}), "/entry/0/changes/0: 'field' is not a string");
  expectRefused(body({{{"changes", {{{"field", "messages"}}}}}}), "/entry/0/changes/0: missing 'value'");
  expectRefused(body({{{"changes", {{{"field", "messages"}, {"value", "x"}}}}}}),
                "/entry/0/changes/0: 'value' is not an object");
  expectRefused(messagesBody({{"messages", Json::object()}}), "/entry/0/changes/0/value: 'messages' is not an array");
  expectRefused(messagesBody({{"statuses", "read"}}), "/entry/0/changes/0/value: 'statuses' is not an array");
}

BOOST_AUTO_TEST_CASE(message_without_id_in_the_second_change) {
  Json noId = kGoodMessage;
  noId.erase("id");
  std::string input = body({{{"changes",
                              {{{"field", "messages"}, {"value", {{"messages", {kGoodMessage}}}}},
                               {{"field", "messages"}, {"value", {{"messages", {noId}}}}}}}}});
  expectRefused(input, "/entry/0/changes/1/value/messages/0: missing 'id'");
}

BOOST_AUTO_TEST_CASE(message_fields_of_the_wrong_type) {
  Json numericId = kGoodMessage;
  numericId["id"] = 42;
  expectRefused(messagesBody({{"messages", {numericId}}}), "/entry/0/changes/0/value/messages/0: 'id' is not a string");
  Json numericFrom = kGoodMessage;
  numericFrom["from"] = 1555;
  expectRefused(messagesBody({{"messages", {kGoodMessage, numericFrom}}}),
                "/entry/0/changes/0/value/messages/1: 'from' is not a string");
  Json badTime = kGoodMessage;
  badTime["timestamp"] = "yesterday";
  expectRefused(messagesBody({{"messages", {badTime}}}),
                "/entry/0/changes/0/value/messages/0: 'timestamp' is not a unix time");
  expectRefused(messagesBody({{"messages", {"text"}}}), "/entry/0/changes/0/value/messages/0: not an object");
}

BOOST_AUTO_TEST_CASE(message_without_sender) {
  Json anonymous = kGoodMessage;
  anonymous.erase("from");
  expectRefused(messagesBody({{"messages", {anonymous}}}),
                "/entry/0/changes/0/value/messages/0: missing 'from' or 'from_user_id'");
  anonymous["from"] = "";
  expectRefused(messagesBody({{"messages", {anonymous}}}),
                "/entry/0/changes/0/value/messages/0: missing 'from' or 'from_user_id'");
}

BOOST_AUTO_TEST_CASE(echo_without_recipient) {
  Json echo = {{"from", "1555"}, {"id", "e1"}, {"type", "text"}};
  std::string input =
      body({{{"changes", {{{"field", "smb_message_echoes"}, {"value", {{"message_echoes", {echo}}}}}}}}});
  expectRefused(input, "/entry/0/changes/0/value/message_echoes/0: missing 'to' or 'to_user_id'");
}

BOOST_AUTO_TEST_CASE(status_without_status_or_id) {
  Json status = {{"id", "wamid.1"}, {"timestamp", "1"}, {"recipient_id", "1555"}};
  expectRefused(messagesBody({{"statuses", {status}}}), "/entry/0/changes/0/value/statuses/0: missing 'status'");
  Json noId = {{"status", "read"}, {"recipient_id", "1555"}};
  expectRefused(messagesBody({{"statuses", {noId}}}), "/entry/0/changes/0/value/statuses/0: missing 'id'");
  Json badStatus = {{"id", "wamid.1"}, {"status", 3}};
  expectRefused(messagesBody({{"statuses", {badStatus}}}),
                "/entry/0/changes/0/value/statuses/0: 'status' is not a string");
}

BOOST_AUTO_TEST_CASE(second_entry_errors_are_located) {
  Json noId = kGoodMessage;
  noId.erase("id");
  std::string input = body(
      {{{"changes", {{{"field", "messages"}, {"value", {{"messages", {kGoodMessage}}}}}}}},
       {{"changes", {{{"field", "account_update"}}, {{"field", "messages"}, {"value", {{"messages", {noId}}}}}}}}});
  expectRefused(input, "/entry/1/changes/1/value/messages/0: missing 'id'");
}

BOOST_AUTO_TEST_CASE(nesting_is_bounded) {
  auto nested = [](int levels) {
    // The top-level object is level 1; `x` adds `levels` levels of arrays.
    return R"({"object":"whatsapp_business_account","entry":[],"x":)" + std::string(levels, '[') +
           std::string(levels, ']') + "}";
  };
  auto atLimit = parseBody(nested(kMaxDepth - 1));
  BOOST_TEST(atLimit.ok, atLimit.error);
  expectRefused(nested(kMaxDepth), "nested deeper than", false);
  expectRefused(nested(100000), "nested deeper than", false);
}
