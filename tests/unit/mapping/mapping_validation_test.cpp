#define BOOST_TEST_MODULE mapping_validation
#include <boost/test/unit_test.hpp>

#include <string>

#include "mapping_test_helpers.h"

using namespace crmsync::mapping::test;
using crmsync::mapping::MappingError;

namespace {

Json withTransform(const std::string& source, const Json& op) {
  return {{"source", source}, {"transforms", Json::array({op})}};
}

const std::string kT0 = kField + "/transforms/0";

}  // namespace

BOOST_AUTO_TEST_CASE(unknown_source_field_with_suggestion) {
  auto errors = fieldErrors({{"source", "message.txt"}});
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].file == "test.json");
  BOOST_TEST(errors[0].pointer == kField + "/source");
  BOOST_TEST(errors[0].message.find("unknown source field 'message.txt' (did you mean 'message.text'?)") == 0u);
}

BOOST_AUTO_TEST_CASE(unknown_transform_is_an_error_not_a_no_op) {
  auto errors = fieldErrors(withTransform("message.text", {{"op", "trunc"}, {"max", 5}}));
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].pointer == kT0 + "/op");
  BOOST_TEST(errors[0].message.find("unknown transform 'trunc' (did you mean 'truncate'?)") == 0u);
  CHECK_ERROR(fieldErrors(withTransform("message.text", {{"max", 5}})), kT0, "needs \"op\"");
  CHECK_ERROR(fieldErrors({{"source", "message.text"}, {"transforms", {{"op", "upper"}}}}), kField + "/transforms",
              "must be a list");
}

BOOST_AUTO_TEST_CASE(bad_transform_arguments_name_the_argument) {
  CHECK_ERROR(fieldErrors(withTransform("message.text", {{"op", "truncate"}})), kT0, "transform 'truncate' needs 'max'");
  CHECK_ERROR(fieldErrors(withTransform("message.text", {{"op", "truncate"}, {"max", "ten"}})), kT0 + "/max",
              "'max' of transform 'truncate' must be a positive whole number");
  CHECK_ERROR(fieldErrors(withTransform("message.text", {{"op", "truncate"}, {"max", 0}})), kT0 + "/max",
              "positive whole number");
  CHECK_ERROR(fieldErrors(withTransform("message.text", {{"op", "truncate"}, {"max", 2}, {"ellipsis", "..."}})),
              kT0 + "/ellipsis", "shorter than 'max'");
  CHECK_ERROR(fieldErrors(withTransform("message.text", {{"op", "truncate"}, {"max", 5}, {"maxx", 5}})),
              kT0 + "/maxx", "unknown argument 'maxx' for transform 'truncate'");
  CHECK_ERROR(fieldErrors(withTransform("person.phone", {{"op", "phone"}, {"format", "local"}})), kT0 + "/format",
              "must be one of \"e164\", \"national\", \"international\", \"digits\"");
  CHECK_ERROR(fieldErrors(withTransform("message.text", {{"op", "upper"}, {"locale", "ru"}})), kT0 + "/locale",
              "takes no arguments");
  CHECK_ERROR(fieldErrors(withTransform("message.text", {{"op", "default"}})), kT0, "needs 'value'");
  CHECK_ERROR(fieldErrors(withTransform("message.text", {{"op", "default"}, {"value", {1, 2}}})), kT0 + "/value",
              "must be a text, number or true/false");
  CHECK_ERROR(fieldErrors(withTransform("message.text", {{"op", "prefix"}})), kT0, "needs 'value'");
}

BOOST_AUTO_TEST_CASE(datetime_arguments) {
  CHECK_ERROR(fieldErrors(withTransform("message.timestamp", {{"op", "datetime"}, {"tz", "UTC"}})), kT0,
              "needs 'format'");
  CHECK_ERROR(fieldErrors(withTransform("message.timestamp", {{"op", "datetime"}, {"format", "%H:%M"}})), kT0,
              "needs 'tz'");
  CHECK_ERROR(fieldErrors(withTransform("message.timestamp", {{"op", "datetime"}, {"format", "ISO8601"}})),
              kT0 + "/format", "strftime pattern");
}

BOOST_AUTO_TEST_CASE(bad_time_zone) {
  for (const char* zone : {"Europe/Mosocw", "MSK+3", "/etc/passwd", "../zoneinfo/UTC", "localtime", ""}) {
    auto errors = fieldErrors(
        withTransform("message.timestamp", {{"op", "datetime"}, {"tz", zone}, {"format", "%Y-%m-%d"}}));
    BOOST_TEST_REQUIRE(errors.size() == 1u, zone);
    BOOST_TEST(errors[0].pointer == kT0 + "/tz", zone);
  }
  auto errors = fieldErrors(
      withTransform("message.timestamp", {{"op", "datetime"}, {"tz", "Europe/Mosocw"}, {"format", "%Y"}}));
  BOOST_TEST(errors.at(0).message.find("is not a known time zone: 'Europe/Mosocw'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(type_mismatches) {
  auto errors = fieldErrors(withTransform("message.text", {{"op", "datetime"}, {"format", "iso8601"}}));
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].pointer == kT0);
  BOOST_TEST(errors[0].message ==
             "type mismatch: transform 'datetime' needs a number (unix seconds), but source 'message.text' gives text");
  CHECK_ERROR(fieldErrors(withTransform("message.media_count", {{"op", "truncate"}, {"max", 3}})), kT0,
              "type mismatch: transform 'truncate' needs text, but source 'message.media_count' gives number");
  CHECK_ERROR(fieldErrors(withTransform("message.has_media", {{"op", "phone"}, {"format", "e164"}})), kT0,
              "type mismatch");
  CHECK_ERROR(fieldErrors({{"value", 5}, {"transforms", {{{"op", "upper"}}}}}), kT0, "the value gives number");
  CHECK_ERROR(fieldErrors({{"template", "{{message.timestamp}}"},
                           {"transforms", {{{"op", "datetime"}, {"format", "iso8601"}}}}}),
              kT0, "the template gives text");
  // The type flows through the chain: phone gives text, which datetime cannot read.
  Json chain = {{"source", "person.phone"},
                {"transforms", {{{"op", "phone"}, {"format", "e164"}}, {{"op", "datetime"}, {"format", "iso8601"}}}}};
  CHECK_ERROR(fieldErrors(chain), kField + "/transforms/1", "but transform 'phone' gives text");
}

BOOST_AUTO_TEST_CASE(types_that_fit_compile) {
  BOOST_TEST(fieldErrors(withTransform("message.timestamp", {{"op", "datetime"}, {"format", "unix_ms"}})).empty());
  BOOST_TEST(fieldErrors({{"value", "1719835200"}, {"transforms", {{{"op", "datetime"}, {"format", "iso8601"}}}}})
                 .empty());
  BOOST_TEST(fieldErrors(withTransform("context.deal.amount", {{"op", "number"}})).empty());
  BOOST_TEST(fieldErrors(withTransform("message.media_count", {{"op", "prefix"}, {"value", "#"}})).empty());
}

BOOST_AUTO_TEST_CASE(unknown_lookup_table) {
  Json lookups = {{"owner_by_number", Json::object()}};
  auto errors = fieldErrors(withTransform("business.number", {{"op", "lookup"}, {"table", "owner_by_numbr"}}), lookups);
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].pointer == kT0 + "/table");
  BOOST_TEST(errors[0].message.find("unknown lookup table 'owner_by_numbr' (did you mean 'owner_by_number'?)") !=
             std::string::npos);
  CHECK_ERROR(fieldErrors(withTransform("business.number", {{"op", "lookup"}, {"table", "x"}})), kT0 + "/table",
              "the document has no \"lookups\"");
}

BOOST_AUTO_TEST_CASE(exactly_one_of_source_template_value) {
  CHECK_ERROR(fieldErrors({{"source", "message.text"}, {"template", "x"}}), kField,
              "has both 'source' and 'template'; use exactly one");
  CHECK_ERROR(fieldErrors({{"value", 1}, {"template", "x"}}), kField, "has both 'template' and 'value'");
  CHECK_ERROR(fieldErrors({{"policy", "never"}}), kField, "needs one of \"source\", \"template\" or \"value\"");
  CHECK_ERROR(fieldErrors("message.text"), kField, "a field must be an object");
  CHECK_ERROR(fieldErrors({{"value", {{"a", 1}}}}), kField + "/value", "must be a text, number, true/false or null");
  CHECK_ERROR(fieldErrors({{"source", 5}}), kField + "/source", "must be a source field name");
}

BOOST_AUTO_TEST_CASE(bad_policy) {
  CHECK_ERROR(fieldErrors({{"source", "message.text"}, {"policy", "only_if_emtpy"}}), kField + "/policy",
              "(did you mean 'only_if_empty'?)");
}

BOOST_AUTO_TEST_CASE(template_syntax_error_has_line_and_column) {
  auto errors = fieldErrors({{"template", "Line one\nand {{#if message.text}} open"}});
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].pointer == kField + "/template");
  BOOST_TEST(errors[0].message == "template: {{#if message.text}} is never closed with {{/if}}");
  BOOST_TEST(errors[0].line == 2);
  BOOST_TEST(errors[0].column == 5);
  BOOST_TEST(errors[0].toString() ==
             "test.json:" + kField + "/template: template: {{#if message.text}} is never closed with {{/if}} "
             "(line 2, column 5)");
}

BOOST_AUTO_TEST_CASE(missing_required_target_field) {
  std::string doc = oneFieldDoc({{"source", "message.text"}});
  auto errors = errorsOf(doc, {{"message_activity", {"f", "subject"}}, {"contact_create", {"name"}}});
  BOOST_TEST_REQUIRE(errors.size() == 1u);  // contact_create is absent: nothing to require
  BOOST_TEST(errors[0].pointer == "/writes/message_activity/fields");
  BOOST_TEST(errors[0].message.find("missing required target field 'subject'") == 0u);
  auto never = errorsOf(oneFieldDoc({{"source", "message.text"}, {"policy", "never"}}), {{"message_activity", {"f"}}});
  CHECK_ERROR(never, kField + "/policy", "required target field 'f' cannot have policy \"never\"");
}

BOOST_AUTO_TEST_CASE(unknown_write_kind) {
  Json doc = {{"connector", "x"}, {"writes", {{"message_activty", {{"object", "a"}, {"fields", Json::object()}}}}}};
  auto errors = errorsOf(doc.dump());
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].pointer == "/writes/message_activty");
  BOOST_TEST(errors[0].message.find("unknown write kind 'message_activty' (did you mean 'message_activity'?)") == 0u);
}

BOOST_AUTO_TEST_CASE(unknown_keys_anywhere) {
  Json doc = {{"connector", "x"},
              {"lookup", Json::object()},
              {"writes",
               {{"contact_create", {{"object", "contact"}, {"feilds", Json::object()}}},
                {"message_activity",
                 {{"object", "activity"}, {"fields", {{"body", {{"source", "message.text"}, {"polcy", "never"}}}}}}},
                {"context_read", {{"object", "deal"}, {"fields", {{"t", {{"as", "context.deal.title"}, {"x", 1}}}}}}}}}};
  auto errors = errorsOf(doc.dump());
  CHECK_ERROR(errors, "/lookup", "unknown key 'lookup' in the document (did you mean 'lookups'?)");
  CHECK_ERROR(errors, "/writes/contact_create/feilds", "(did you mean 'fields'?)");
  CHECK_ERROR(errors, "/writes/contact_create", "\"fields\" must be an object");
  CHECK_ERROR(errors, "/writes/message_activity/fields/body/polcy", "unknown key 'polcy' in field 'body'");
  CHECK_ERROR(errors, "/writes/context_read/fields/t/x", "unknown key 'x'");
}

BOOST_AUTO_TEST_CASE(pointer_tokens_are_escaped) {
  Json doc = {{"connector", "x"},
              {"writes", {{"message_activity", {{"object", "a"}, {"fields", {{"a/b~c", {{"source", "nope"}}}}}}}}}};
  CHECK_ERROR(errorsOf(doc.dump()), "/writes/message_activity/fields/a~1b~0c/source", "unknown source field 'nope'");
}

BOOST_AUTO_TEST_CASE(document_level_errors) {
  CHECK_ERROR(errorsOf(R"({"writes": {}})"), "", "missing \"connector\"");
  CHECK_ERROR(errorsOf(R"({"connector": 3})"), "/connector", "non-empty text");
  CHECK_ERROR(errorsOf(R"([1, 2])"), "", "must be a JSON object");
  CHECK_ERROR(errorsOf(R"({"connector": "x", "writes": []})"), "/writes", "must be an object");
  CHECK_ERROR(errorsOf(R"({"connector": "x", "lookups": {"t": {"k": [1]}}})"), "/lookups/t/k", "lookup value");
  CHECK_ERROR(errorsOf(R"({"connector": "x", "writes": {"status_update": {"fields": {}}}})"), "/writes/status_update",
              "\"object\" must name the CRM object");
}

BOOST_AUTO_TEST_CASE(context_read_fields_must_be_context_fields) {
  Json doc = {{"connector", "x"},
              {"writes",
               {{"context_read",
                 {{"object", "deal"},
                  {"fields", {{"a", {{"as", "context.deal.titel"}}}, {"b", {{"as", "message.text"}}}, {"c", "x"}}}}}}}};
  auto errors = errorsOf(doc.dump());
  CHECK_ERROR(errors, "/writes/context_read/fields/a/as", "(did you mean 'context.deal.title'?)");
  CHECK_ERROR(errors, "/writes/context_read/fields/b/as", "'message.text' is not a context field");
  CHECK_ERROR(errors, "/writes/context_read/fields/c", "{\"as\": \"context.deal.title\"}");
}

BOOST_AUTO_TEST_CASE(json_syntax_error_has_file_line_and_column) {
  std::string text = "{\n  \"connector\": \"local\",\n  \"writes\": {,}\n}";
  auto errors = errorsOf(text);
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].pointer == "");
  BOOST_TEST(errors[0].line == 3);
  BOOST_TEST(errors[0].column == 14);
  BOOST_TEST(errors[0].message.find("JSON syntax error: ") == 0u);
  BOOST_TEST(errors[0].message.find("json.exception") == std::string::npos);
  BOOST_TEST(errors[0].toString().find("test.json: JSON syntax error") == 0u);
}

BOOST_AUTO_TEST_CASE(json_syntax_error_columns_count_characters) {
  auto errors = errorsOf("{\"description\": \"Привет\" x}");
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].line == 1);
  BOOST_TEST(errors[0].column == 26);
  auto truncated = errorsOf("{\"connector\": \"x\",\n");
  BOOST_TEST_REQUIRE(truncated.size() == 1u);
  BOOST_TEST(truncated[0].line == 2);
}

BOOST_AUTO_TEST_CASE(every_problem_is_reported_at_once) {
  Json doc = {{"connector", "x"},
              {"writes",
               {{"message_activity",
                 {{"object", "activity"},
                  {"fields",
                   {{"a", {{"source", "message.txt"}}},
                    {"b", {{"template", "{{/if}}"}}},
                    {"c", {{"source", "message.text"}, {"transforms", {{{"op", "nope"}}}}}}}}}}}}};
  auto errors = errorsOf(doc.dump());
  BOOST_TEST(errors.size() == 3u, describe(errors));
}

BOOST_AUTO_TEST_CASE(duplicate_keys_are_errors_not_silently_collapsed) {
  std::string text = R"({"connector": "x", "writes": {"message_activity": {"object": "a", "fields": {
      "body": {"source": "message.text", "transforms": [{"op": "upper"}, {"op": "truncate", "max": 5, "max": 9}]},
      "body": {"value": "second"}}}}})";
  auto errors = errorsOf(text);
  BOOST_TEST_REQUIRE(errors.size() == 2u, describe(errors));
  BOOST_TEST(errors[0].pointer == "/writes/message_activity/fields/body/transforms/1/max");
  BOOST_TEST(errors[0].message == "duplicate key 'max' (JSON would keep only the last one)");
  BOOST_TEST(errors[1].pointer == "/writes/message_activity/fields/body");
  BOOST_TEST(errorsOf(R"({"connector": "x", "lookups": {"t": {"a": 1, "b": [1, {"a": 2}]}, "u": {"a": 3}}})").size() ==
             1u);  // the same key in different objects is fine; the structured lookup value is the one error
}

// Hostile input: a field "value" nested hundreds of thousands deep (well under the upload limit) parsed
// fine, then overflowed the stack in dump() when the error message quoted it. Refused while parsing now.
BOOST_AUTO_TEST_CASE(deep_nesting_is_refused_while_parsing) {
  auto document = [](int depth) {
    return "{\"connector\": \"local\", \"writes\": {\"message_activity\": {\"object\": \"activity\", "
           "\"fields\": {\"body\": {\"value\": " +
           std::string(depth, '[') + std::string(depth, ']') + "}}}}}";
  };
  auto errors = errorsOf(document(300000));
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].message == "JSON nested deeper than 64 levels");
  errors = errorsOf(document(50));
  BOOST_TEST_REQUIRE(!errors.empty());
  BOOST_TEST(errors[0].message.find("must be a text, number") != std::string::npos);
}

// Found by fuzzing: a number too large for a double (1E999) threw nlohmann's out_of_range out of compile().
BOOST_AUTO_TEST_CASE(number_out_of_range_is_an_error_not_an_exception) {
  auto errors = errorsOf("{\"connector\": \"local\", \"writes\": {}, \"description\": 1E999}");
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].message == "JSON number out of range: number overflow parsing '1E999'");
}
