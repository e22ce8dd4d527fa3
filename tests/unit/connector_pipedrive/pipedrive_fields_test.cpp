#define BOOST_TEST_MODULE pipedrive_fields
#include "crm/pipedrive/pipedrive_fields.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "crm/pipedrive/pipedrive_notes.h"

using namespace crmsync;
using namespace crmsync::connectors::pipedrive;
using mapping::FieldWrite;
using mapping::WritePolicy;
using nlohmann::json;

namespace {

const std::string kKeyField = "0123456789abcdef0123456789abcdef01234567";

ContactDraft draft() {
  ContactDraft d;
  d.displayName = "Anna";
  d.identifiers = {{IdentifierKind::kPhone, "+79161234567"},
                   {IdentifierKind::kWhatsappBsuid, "US.13491208655302741918"}};
  d.creationKey = "crmsync-person-4";
  return d;
}

Activity message(const std::string& text = "Hello <b>&\nbye") {
  Event e;
  e.channel = "whatsapp";
  e.providerId = "wamid.A1";
  e.type = "text";
  e.text = text;
  e.timestamp = 1700000000;
  return {e.dedupeKey(), {"person", "42"}, e, "note", json::object()};
}

Activity status(const std::string& value) {
  Activity a = message();
  a.event.kind = EventKind::kStatus;
  a.event.status = value;
  a.event.counterpart = {{IdentifierKind::kPhone, "+79161234567"}};
  a.idempotencyKey = a.event.dedupeKey();
  return a;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_draft_without_mapping_becomes_a_named_person_with_its_phones_and_key) {
  auto body = personCreateBody(draft(), {kKeyField, ""});
  BOOST_REQUIRE(body.isOk());
  BOOST_TEST(body.value["name"] == "Anna");
  BOOST_TEST(body.value["phones"] ==
             (json::array({{{"value", "+79161234567"}, {"primary", true}, {"label", "mobile"}}})));
  BOOST_TEST(body.value["custom_fields"] == (json{{kKeyField, "crmsync-person-4"}}));
}

BOOST_AUTO_TEST_CASE(mapped_person_fields_win_and_translate_to_pipedrive_shapes) {
  ContactDraft d = draft();
  d.fields = {{"name", "Anna S."},
              {"owner_id", "7"},
              {"emails", "a@x.ru, b@x.ru"},
              {"org_id", nullptr},
              {"abcdefabcdefabcdefabcdefabcdefabcdefabcd", "vip"}};
  auto body = personCreateBody(d, {kKeyField, "ffffffffffffffffffffffffffffffffffffffff"});
  BOOST_REQUIRE(body.isOk());
  BOOST_TEST(body.value["name"] == "Anna S.");
  BOOST_TEST(body.value["owner_id"] == 7);
  BOOST_TEST(!body.value.contains("org_id"));
  BOOST_TEST(body.value["emails"].size() == 2u);
  BOOST_TEST(body.value["emails"][1] == (json{{"value", "b@x.ru"}, {"primary", false}, {"label", "work"}}));
  BOOST_TEST(body.value["custom_fields"]["abcdefabcdefabcdefabcdefabcdefabcdefabcd"] == "vip");
  BOOST_TEST(body.value["custom_fields"]["ffffffffffffffffffffffffffffffffffffffff"] == "US.13491208655302741918");
}

BOOST_AUTO_TEST_CASE(unknown_or_malformed_person_fields_are_refused_by_name) {
  ContactDraft d = draft();
  d.fields = {{"whatsapp_id", "x"}};
  auto unknown = personCreateBody(d, {});
  BOOST_TEST((unknown.outcome.kind == Outcome::Kind::kPermanent));
  BOOST_TEST(unknown.outcome.reason.find("'whatsapp_id' is not a Pipedrive person field") != std::string::npos);
  d.fields = {{"owner_id", "lawyer-1"}};
  BOOST_TEST(personCreateBody(d, {}).outcome.reason.find("owner_id' must be a whole number") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(contact_update_honours_every_policy) {
  PersonRecord current;
  current.name = "Typed by a lawyer";
  current.customFields = {{kKeyField, ""}};
  std::vector<FieldWrite> writes = {{"name", "From WhatsApp", WritePolicy::kOnlyIfEmpty},
                                    {"phone", "+79161234567", WritePolicy::kOnlyIfEmpty},
                                    {kKeyField, "filled", WritePolicy::kOnlyIfEmpty},
                                    {"owner_id", 3, WritePolicy::kOverwrite},
                                    {"org_id", 5, WritePolicy::kNever},
                                    {"email", nullptr, WritePolicy::kOverwrite}};
  BOOST_TEST(needsCurrentPerson(writes));
  auto patch = personPatchBody(writes, &current);
  BOOST_REQUIRE(patch.isOk());
  BOOST_TEST(patch.value ==
             (json{{"phones", json::array({{{"value", "+79161234567"}, {"primary", true}, {"label", "mobile"}}})},
                   {"custom_fields", {{kKeyField, "filled"}}},
                   {"owner_id", 3}}));
  BOOST_TEST(
      !needsCurrentPerson({{"name", nullptr, WritePolicy::kOnlyIfEmpty}, {"owner_id", 3, WritePolicy::kOverwrite}}));
  BOOST_TEST(personPatchBody({{"email", nullptr, WritePolicy::kOverwrite}}, nullptr).value.empty());
}

BOOST_AUTO_TEST_CASE(a_message_note_is_escaped_html_ending_with_its_marker) {
  Activity a = message();
  a.fields = {{"subject", "WhatsApp inbound text"}, {"deal_id", "12"}, {"pinned_to_person_flag", true}};
  auto body = messageNoteBody(a);
  BOOST_REQUIRE(body.isOk());
  BOOST_TEST(body.value["person_id"] == 42);
  BOOST_TEST(body.value["deal_id"] == 12);
  BOOST_TEST(body.value["pinned_to_person_flag"] == 1);
  BOOST_TEST(body.value["add_time"] == "2023-11-14 22:13:20");
  BOOST_TEST(body.value["content"] ==
             "<p><b>WhatsApp inbound text</b></p><p>Hello &lt;b&gt;&amp;<br>bye</p>"
             "<p><small>[crmsync:whatsapp:msg:wamid.A1]</small></p>");
  BOOST_TEST(ownKey(body.value["content"]) == "whatsapp:msg:wamid.A1");
}

BOOST_AUTO_TEST_CASE(the_mapped_content_replaces_the_event_text_and_media_have_a_fallback) {
  Activity a = message();
  a.fields = {{"content", "[image] scan"}, {"add_time", "2024-01-02 03:04:05"}};
  auto body = messageNoteBody(a);
  BOOST_TEST(body.value["content"].get<std::string>().rfind("<p>[image] scan</p>", 0) == 0);
  BOOST_TEST(body.value["add_time"] == "2024-01-02 03:04:05");
  Activity media = message("");
  media.event.type = "image";
  BOOST_TEST(noteText(media) == "[image]");
  Activity alias = message();
  alias.fields = {{"body", "from body"}};
  BOOST_TEST(noteText(alias) == "from body");
}

BOOST_AUTO_TEST_CASE(notes_refuse_what_pipedrive_cannot_take) {
  Activity a = message();
  a.fields = {{"bogus", 1}};
  auto unknown = messageNoteBody(a);
  BOOST_TEST((unknown.outcome.kind == Outcome::Kind::kPermanent));
  BOOST_TEST(unknown.outcome.reason.find("'bogus' is not a Pipedrive note field") != std::string::npos);
  a.fields = json::object();
  a.object = "activity";
  BOOST_TEST(messageNoteBody(a).outcome.reason.find("object 'activity' is not supported") != std::string::npos);
  a.object = "";
  a.record = {"deal", "42"};
  BOOST_TEST(messageNoteBody(a).outcome.reason.find("is not a person id") != std::string::npos);
  a.record = {"contact", "abc"};
  BOOST_TEST(!messageNoteBody(a).isOk());
}

BOOST_AUTO_TEST_CASE(statuses_append_a_marked_paragraph_or_make_a_placeholder) {
  Activity s = status("read");
  BOOST_TEST(statusText(s) == "WhatsApp status: read");
  s.fields = {{"content", "WhatsApp status: read (error 1)"}};
  BOOST_TEST(statusText(s) == "WhatsApp status: read (error 1)");
  auto placeholder = placeholderNoteBody(s);
  BOOST_REQUIRE(placeholder.isOk());
  const std::string content = placeholder.value["content"];
  BOOST_TEST(ownKey(content) == "whatsapp:msg:wamid.A1");
  BOOST_TEST(isPlaceholder(content));
  BOOST_TEST(content.find(statusMarker("whatsapp:status:wamid.A1:read:phone:+79161234567")) != std::string::npos);
  BOOST_TEST(statusParagraphs(content) ==
             "<p><small>WhatsApp status: read (error 1) "
             "[crmsync-status:whatsapp:status:wamid.A1:read:phone:+79161234567]</small></p>");
  BOOST_TEST(messageKeyOf(s.event) == "whatsapp:msg:wamid.A1");
}

BOOST_AUTO_TEST_CASE(markers_of_different_keys_never_contain_each_other) {
  BOOST_TEST(noteMarker("whatsapp:msg:wamid.A1") == "[crmsync:whatsapp:msg:wamid.A1]");
  BOOST_TEST(noteMarker("whatsapp:msg:wamid.A10").find(noteMarker("whatsapp:msg:wamid.A1")) == std::string::npos);
  BOOST_TEST(ownKey("<p>no marker</p>").empty());
  BOOST_TEST(ownKey(messageContent("", "x", "k<&>\"")) == "k<&>\"");
}

BOOST_AUTO_TEST_CASE(lookups_are_narrowed_to_a_day_either_side) {
  auto window = dateWindow({"2023-11-14 22:13:20", "2023-11-16 00:00:00"});
  BOOST_REQUIRE(window.has_value());
  BOOST_TEST(window->first == "2023-11-13");
  BOOST_TEST(window->second == "2023-11-17");
  BOOST_TEST(!dateWindow({"2023-11-14 22:13:20", ""}).has_value());
  BOOST_TEST(!dateWindow({}).has_value());
  BOOST_TEST(addTime(0).empty());
}

BOOST_AUTO_TEST_CASE(custom_field_keys_are_forty_lowercase_hex_characters) {
  BOOST_TEST(isCustomFieldKey(kKeyField));
  BOOST_TEST(!isCustomFieldKey("0123456789ABCDEF0123456789abcdef01234567"));
  BOOST_TEST(!isCustomFieldKey("name"));
}
