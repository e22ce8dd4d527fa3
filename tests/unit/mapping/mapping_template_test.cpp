#define BOOST_TEST_MODULE mapping_template
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mapping/template.h"

using crmsync::mapping::Template;
using crmsync::mapping::TemplateError;
using Json = nlohmann::json;

namespace {

const Json kSources = {
    {"message", {{"text", "Hello"}, {"type", "image"}, {"has_media", true}, {"media_count", 2},
                 {"timestamp", 1719835200}, {"filename", nullptr}, {"forwarded", false}}},
    {"person", {{"display_name", "Anna"}, {"phone", "+79161234567"}}},
    {"context", {{"deal", {{"title", "Divorce"}}}, {"open_deals", 0}}}};

std::string render(const std::string& text, const Json& sources = kSources) {
  std::vector<TemplateError> errors;
  auto parsed = Template::parse(text, errors);
  BOOST_TEST_REQUIRE(parsed.has_value(), "parse failed: " << (errors.empty() ? "" : errors[0].message));
  return parsed->render(sources);
}

std::vector<TemplateError> errorsOf(const std::string& text) {
  std::vector<TemplateError> errors;
  auto parsed = Template::parse(text, errors);
  BOOST_TEST(!parsed.has_value());
  return errors;
}

}  // namespace

BOOST_AUTO_TEST_CASE(plain_text_and_fields) {
  BOOST_TEST(render("no tags at all") == "no tags at all");
  BOOST_TEST(render("{{message.text}}, {{ person.display_name }}!") == "Hello, Anna!");
  BOOST_TEST(render("") == "");
}

BOOST_AUTO_TEST_CASE(values_read_as_text) {
  BOOST_TEST(render("{{message.media_count}} at {{message.timestamp}}") == "2 at 1719835200");
  BOOST_TEST(render("{{message.has_media}}/{{message.forwarded}}") == "true/false");
  BOOST_TEST(render("[{{message.filename}}][{{message.url}}]") == "[][]");  // null and absent both read as nothing
}

BOOST_AUTO_TEST_CASE(if_else_and_nesting) {
  const std::string text =
      "{{#if message.has_media}}[{{message.type}}{{#if message.filename}}: {{message.filename}}{{/if}}]"
      "{{#if message.text}} {{message.text}}{{/if}}{{else}}{{message.text}}{{/if}}";
  BOOST_TEST(render(text) == "[image] Hello");
  Json doc = kSources;
  doc["message"]["filename"] = "contract.pdf";
  doc["message"]["text"] = nullptr;
  BOOST_TEST(render(text, doc) == "[image: contract.pdf]");
  doc["message"]["has_media"] = false;
  doc["message"]["text"] = "just text";
  BOOST_TEST(render(text, doc) == "just text");
}

BOOST_AUTO_TEST_CASE(truthiness) {
  BOOST_TEST(render("{{#if context.open_deals}}yes{{else}}no{{/if}}") == "no");        // 0
  BOOST_TEST(render("{{#if message.forwarded}}yes{{else}}no{{/if}}") == "no");         // false
  BOOST_TEST(render("{{#if message.filename}}yes{{else}}no{{/if}}") == "no");          // null
  BOOST_TEST(render("{{#if message.url}}yes{{else}}no{{/if}}") == "no");               // absent
  BOOST_TEST(render("{{#if context.deal.title}}yes{{else}}no{{/if}}") == "yes");
  Json empty = kSources;
  empty["message"]["text"] = "";
  BOOST_TEST(render("{{#if message.text}}yes{{else}}no{{/if}}", empty) == "no");        // ""
  BOOST_TEST(render("{{#if message.media_count}}yes{{/if}}") == "yes");
}

BOOST_AUTO_TEST_CASE(comments_are_dropped) {
  BOOST_TEST(render("a{{! a note for admins, {{ braces }} -- }}b") == "a -- }}b");
  BOOST_TEST(render("a{{!-- note --}}b") == "ab");
}

BOOST_AUTO_TEST_CASE(single_braces_and_stray_closers_are_text) {
  BOOST_TEST(render("{x} }} {{message.text}}") == "{x} }} Hello");
}

BOOST_AUTO_TEST_CASE(unknown_field_with_position_and_suggestion) {
  auto errors = errorsOf("Hi\n  {{message.txt}}");
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].message == "unknown source field 'message.txt' (did you mean 'message.text'?)");
  BOOST_TEST(errors[0].line == 2);
  BOOST_TEST(errors[0].column == 3);
}

BOOST_AUTO_TEST_CASE(unknown_field_inside_if_condition) {
  auto errors = errorsOf("{{#if message.medias}}x{{/if}}");
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].message.find("unknown source field 'message.medias'") == 0u);
  BOOST_TEST(errors[0].column == 1);
}

BOOST_AUTO_TEST_CASE(unclosed_if_points_at_its_opening) {
  auto errors = errorsOf("ab\ncd {{#if message.text}}x");
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].message == "{{#if message.text}} is never closed with {{/if}}");
  BOOST_TEST(errors[0].line == 2);
  BOOST_TEST(errors[0].column == 4);
}

BOOST_AUTO_TEST_CASE(stray_else_and_endif) {
  auto errors = errorsOf("x {{else}} y\n{{/if}}");
  BOOST_TEST_REQUIRE(errors.size() == 2u);
  BOOST_TEST(errors[0].message == "{{else}} outside {{#if ...}}");
  BOOST_TEST(errors[0].line == 1);
  BOOST_TEST(errors[0].column == 3);
  BOOST_TEST(errors[1].message == "{{/if}} without a matching {{#if ...}}");
  BOOST_TEST(errors[1].line == 2);
  BOOST_TEST(errors[1].column == 1);
}

BOOST_AUTO_TEST_CASE(columns_count_characters_not_bytes) {
  auto errors = errorsOf("Привет {{/if}}");
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].column == 8);
}

BOOST_AUTO_TEST_CASE(second_else_is_an_error) {
  auto errors = errorsOf("{{#if message.text}}a{{else}}{{else}}c{{/if}}");
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].message.find("second {{else}}") == 0u);
  BOOST_TEST(errors[0].column == 30);
}

BOOST_AUTO_TEST_CASE(unclosed_tag) {
  auto errors = errorsOf("Hi {{message.text");
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].message == "'{{' is never closed with '}}'");
  BOOST_TEST(errors[0].column == 4);
}

BOOST_AUTO_TEST_CASE(broken_tags) {
  auto errors = errorsOf("{{}} {{#each message.text}} {{#if}}{{/if}} {{/each}}");
  BOOST_TEST_REQUIRE(errors.size() == 4u);
  BOOST_TEST(errors[0].message.find("empty tag") == 0u);
  BOOST_TEST(errors[1].message.find("unknown block {{#each}}") == 0u);
  BOOST_TEST(errors[1].column == 6);
  BOOST_TEST(errors[2].message.find("{{#if}} needs a source field") == 0u);
  BOOST_TEST(errors[3].message.find("unknown closing tag {{/each}}") == 0u);
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_refused) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "{{#if message.text}}";
  for (int i = 0; i < 40; ++i) text += "{{/if}}";
  auto errors = errorsOf(text);
  BOOST_TEST(!errors.empty());
  BOOST_TEST(errors[0].message.find("nested more than") != std::string::npos);
}

// Hostile input: the nesting error used to be reported while the parser kept recursing, so a few hundred
// thousand {{#if}} (well under the 3 MB body limit) overflowed the stack.
BOOST_AUTO_TEST_CASE(hostile_nesting_stops_at_the_limit) {
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "{{#if message.text}}";
  auto errors = errorsOf(text);
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].message.find("nested more than 16 deep") != std::string::npos);
  BOOST_TEST(errors[0].column == 16 * 20 + 1);  // the 17th {{#if}}
}

// Positions are counted on from tag to tag (not from the start each time) and must still be exact.
BOOST_AUTO_TEST_CASE(positions_of_many_tags_across_lines) {
  std::string text;
  for (int i = 0; i < 50000; ++i) text += "é {{message.text}}\n";
  text += "ab {{nope}}";
  auto errors = errorsOf(text);
  BOOST_TEST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].line == 50001);
  BOOST_TEST(errors[0].column == 4);
}

// Hostile input: suggestions for an unknown name used to run the full edit distance against every source
// field, seconds of CPU for a megabyte-long name; names too long to be a typo are now skipped at once.
BOOST_AUTO_TEST_CASE(huge_unknown_field_gets_no_suggestion) {
  auto errors = errorsOf("{{message." + std::string(1 << 20, 'x') + "}} {{mesage.text}}");
  BOOST_TEST_REQUIRE(errors.size() == 2u);
  BOOST_TEST(errors[0].message.find("did you mean") == std::string::npos);
  BOOST_TEST(errors[1].message.find("did you mean 'message.text'") != std::string::npos);
}
