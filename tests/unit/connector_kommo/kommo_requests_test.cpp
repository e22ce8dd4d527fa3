#define BOOST_TEST_MODULE kommo_requests
#include <boost/test/unit_test.hpp>

#include "crm/kommo/kommo_contacts.h"
#include "crm/kommo/kommo_leads.h"
#include "crm/kommo/kommo_notes.h"
#include "crm/kommo/kommo_util.h"
#include "crmsync/phone.h"

using namespace crmsync;
using namespace crmsync::connectors::kommo;
using nlohmann::json;

namespace {

using Strings = std::vector<std::string>;

json contactJson() {
  return json::parse(R"({"id": 1000001, "name": "Ivan", "responsible_user_id": 9000001, "updated_at": 1700000100,
    "custom_fields_values": [
      {"field_id": 100001, "field_code": "PHONE", "values": [{"value": "8 (916) 123-45-67", "enum_code": "WORK"},
                                                              {"value": "+7 916 000-00-00", "enum_code": "MOB"}]},
      {"field_id": 100002, "field_code": "EMAIL", "values": [{"value": "ivan@example.com"}]},
      {"field_id": 1000010, "field_code": "WHATSAPP_BSUID", "values": [{"value": "US.13491208655302741918"}]},
      {"field_id": 1000009, "field_code": "CRMSYNC_KEY", "values": [{"value": "crmsync-person-42"}]}]})");
}

Activity message(const std::string& key, const json& fields) {
  Activity a;
  a.idempotencyKey = key;
  a.record = {"contact", "1000001"};
  a.event.channel = "whatsapp";
  a.event.providerId = "wamid.1";
  a.event.text = "hello";
  a.event.type = "text";
  a.fields = fields;
  return a;
}

Activity status(const std::string& value, const json& fields = json::object()) {
  Activity a = message("", fields);
  a.event.kind = EventKind::kStatus;
  a.event.status = value;
  a.idempotencyKey = a.event.dedupeKey();
  return a;
}

}  // namespace

BOOST_AUTO_TEST_CASE(search_terms_are_the_significant_number_then_the_formatted_spellings_then_other_ids) {
  LookupQuery q{{{IdentifierKind::kPhone, "+79161234567"}, {IdentifierKind::kWhatsappBsuid, "US.1349"}},
                {phone::variants("+79161234567")}};
  BOOST_TEST(searchTerms(q) == (Strings{"9161234567", "+7 916 123-45-67", "8 (916) 123-45-67", "US.1349"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_search_term_is_percent_encoded_in_the_query) {
  BOOST_TEST(searchTarget("+7 916 123-45-67") == "/api/v4/contacts?query=%2B7%20916%20123-45-67");
  BOOST_TEST(pagedTarget(searchTarget("x"), 3) == "/api/v4/contacts?query=x&limit=250&page=3");
  BOOST_TEST(pagedTarget("/api/v4/leads/pipelines", 1) == "/api/v4/leads/pipelines?limit=250&page=1");
}

BOOST_AUTO_TEST_CASE(a_found_contact_keeps_its_phones_exactly_as_stored) {
  CrmCandidate c = toCandidate(contactJson());
  BOOST_TEST(c.record.id == "1000001");
  BOOST_TEST(c.record.objectType == "contact");
  BOOST_TEST(c.phones == (Strings{"8 (916) 123-45-67", "+7 916 000-00-00"}), boost::test_tools::per_element());
  BOOST_TEST(c.ownerId == "9000001");
  BOOST_TEST(c.updatedAtMs == 1700000100000);
  BOOST_REQUIRE_EQUAL(c.otherIdentifiers.size(), 2u);
  BOOST_TEST((c.otherIdentifiers[1] == Identifier{IdentifierKind::kWhatsappBsuid, "US.13491208655302741918"}));
}

BOOST_AUTO_TEST_CASE(the_creation_key_must_match_exactly_not_as_a_substring) {
  json page = {{"_embedded", {{"contacts", json::array({contactJson()})}}}};
  BOOST_TEST(contactWithKey(page, "crmsync-person-42").value_or("") == "1000001");
  BOOST_TEST(!contactWithKey(page, "crmsync-person-4").has_value());
}

BOOST_AUTO_TEST_CASE(create_body_takes_mapped_fields_and_stores_every_identifier) {
  ContactDraft d;
  d.displayName = "Fallback";
  d.identifiers = {{IdentifierKind::kPhone, "+79161234567"}, {IdentifierKind::kWhatsappBsuid, "US.1"},
                   {IdentifierKind::kEmail, "a@b.c"}};
  d.source = "whatsapp";
  d.creationKey = "crmsync-person-7";
  d.fields = {{"name", "Anna"}, {"responsible_user_id", "9000002"}, {"tags", "whatsapp, new"}, {"1234567", 5}, {"POSITION", nullptr}};
  json body = createBody(d);
  BOOST_REQUIRE(body.is_array());
  BOOST_REQUIRE_EQUAL(body.size(), 1u);
  const json& c = body[0];
  BOOST_TEST(c["name"] == "Anna");
  BOOST_TEST(c["responsible_user_id"] == 9000002);
  BOOST_TEST(c["tags_to_add"] == json::parse(R"([{"name":"whatsapp"},{"name":"new"}])"));
  json expected = json::parse(R"([
    {"field_id": 1234567, "values": [{"value": 5}]},
    {"field_code": "PHONE", "values": [{"value": "+79161234567", "enum_code": "MOB"}]},
    {"field_code": "WHATSAPP_BSUID", "values": [{"value": "US.1"}]},
    {"field_code": "EMAIL", "values": [{"value": "a@b.c", "enum_code": "WORK"}]},
    {"field_code": "CRMSYNC_KEY", "values": [{"value": "crmsync-person-7"}]}])");
  BOOST_TEST(c["custom_fields_values"] == expected, c["custom_fields_values"].dump());
}

BOOST_AUTO_TEST_CASE(create_body_falls_back_to_the_draft_name_and_source_tag) {
  ContactDraft d;
  d.displayName = "+79161234567";
  d.source = "whatsapp";
  json c = createBody(d)[0];
  BOOST_TEST(c["name"] == "+79161234567");
  BOOST_TEST(c["tags_to_add"] == json::parse(R"([{"name":"whatsapp"}])"));
  BOOST_TEST(!c.contains("custom_fields_values"));
  BOOST_TEST(createdId(json::parse(R"({"_embedded":{"contacts":[{"id":1000009,"request_id":"0"}]}})")) == "1000009");
}

BOOST_AUTO_TEST_CASE(update_respects_every_write_policy) {
  using mapping::WritePolicy;
  json current = contactJson();
  std::vector<mapping::FieldWrite> fields = {{"name", "New", WritePolicy::kOnlyIfEmpty},
                                             {"first_name", "Ivan", WritePolicy::kOnlyIfEmpty},
                                             {"last_name", "Petrov", WritePolicy::kNever},
                                             {"POSITION", nullptr, WritePolicy::kOverwrite},
                                             {"EMAIL", "new@example.com", WritePolicy::kOnlyIfEmpty},
                                             {"1000010", "x", WritePolicy::kOverwrite}};
  BOOST_TEST(needsCurrent(fields));
  std::optional<json> body = updateBody(current, fields);
  BOOST_REQUIRE(body.has_value());
  BOOST_TEST(*body == json::parse(R"({"first_name": "Ivan", "custom_fields_values": [{"field_id": 1000010, "values": [{"value": "x"}]}]})"),
             body->dump());
  BOOST_TEST(!updateBody(current, {{"name", "New", WritePolicy::kOnlyIfEmpty}}).has_value());
  BOOST_TEST(!needsCurrent({{"name", "New", WritePolicy::kOverwrite}, {"x", nullptr, WritePolicy::kOnlyIfEmpty}}));
}

BOOST_AUTO_TEST_CASE(a_note_text_ends_with_the_status_and_key_lines_and_reads_back) {
  std::string text = messageText(message("whatsapp:msg:wamid.1", {{"text", "WhatsApp inbound: hi"}, {"Sent", "2023-11-14"}, {"gone", nullptr}}));
  BOOST_TEST(text == "WhatsApp inbound: hi\nSent: 2023-11-14\ncrmsync-key: whatsapp:msg:wamid.1");
  NoteText parsed = NoteText::parse(text);
  BOOST_TEST(parsed.key == "whatsapp:msg:wamid.1");
  BOOST_TEST(parsed.status.empty());
  BOOST_TEST(parsed.head == "WhatsApp inbound: hi\nSent: 2023-11-14");
  BOOST_TEST(parsed.render() == text);
  BOOST_TEST(NoteText::parse("typed by a person").key.empty());
  BOOST_TEST(messageText(message("k", json::object())) == "hello\ncrmsync-key: k");
}

BOOST_AUTO_TEST_CASE(statuses_only_move_forward_in_the_note) {
  std::string note = messageText(message("whatsapp:msg:wamid.1", {{"text", "hi"}}));
  std::string delivered = withStatus(note, statusLine(status("delivered")));
  BOOST_TEST(delivered == "hi\nWhatsApp status: delivered\ncrmsync-key: whatsapp:msg:wamid.1");
  std::string read = withStatus(delivered, statusLine(status("read")));
  BOOST_TEST(NoteText::parse(read).status == "read");
  BOOST_TEST(withStatus(read, statusLine(status("delivered"))) == read);
  BOOST_TEST(withStatus(read, statusLine(status("read"))) == read);
  std::string failed = withStatus(read, statusLine(status("failed", {{"status_detail", "error 131047"}})));
  BOOST_TEST(NoteText::parse(failed).status == "failed — error 131047");
  BOOST_TEST(statusOf("failed — error 131047") == "failed");
  BOOST_TEST(messageKeyOf(status("read").event) == "whatsapp:msg:wamid.1");
}

BOOST_AUTO_TEST_CASE(notes_go_as_one_array_and_their_ids_come_back_by_request_id) {
  json body = createNotesBody({{"1000001", "a"}, {"1000002", "b"}});
  BOOST_TEST(body == json::parse(R"([
    {"entity_id": 1000001, "note_type": "common", "params": {"text": "a"}, "request_id": "0"},
    {"entity_id": 1000002, "note_type": "common", "params": {"text": "b"}, "request_id": "1"}])"));
  json answer = json::parse(R"({"_embedded": {"notes": [{"id": 7, "request_id": "1"}, {"id": 6, "request_id": "0"}]}})");
  BOOST_TEST(answeredIds(answer, 2) == (Strings{"6", "7"}), boost::test_tools::per_element());
  BOOST_TEST(editNotesBody({{"7", "1000002", "c"}}) ==
             json::parse(R"([{"id": 7, "entity_id": 1000002, "note_type": "common", "params": {"text": "c"}}])"));
}

BOOST_AUTO_TEST_CASE(the_lookup_lists_the_notes_of_every_contact_since_a_time) {
  BOOST_TEST(lookupTarget({"1", "2"}, 1699913600) ==
             "/api/v4/contacts/notes?filter%5Bentity_id%5D%5B%5D=1&filter%5Bentity_id%5D%5B%5D=2&"
             "filter%5Bupdated_at%5D%5Bfrom%5D=1699913600");
  json page = json::parse(R"({"_embedded": {"notes": [{"id": 5, "entity_id": 1, "note_type": "common", "params": {"text": "x"}},
                                                      {"id": 6, "entity_id": 1, "note_type": "call_in", "params": {"uniq": "u"}}]}})");
  std::vector<StoredNote> notes = notesOf(page);
  BOOST_REQUIRE_EQUAL(notes.size(), 2u);
  BOOST_TEST(notes[0].id == "5");
  BOOST_TEST(notes[0].entityId == "1");
  BOOST_TEST(notes[0].text == "x");
  BOOST_TEST(notes[1].text.empty());
}

BOOST_AUTO_TEST_CASE(leads_become_open_deals_with_stage_names_and_the_account_currency) {
  json pipelines = json::parse(R"({"_embedded": {"pipelines": [{"id": 1, "_embedded": {"statuses": [
      {"id": 11, "name": "Negotiation"}, {"id": 142, "name": "Won"}, {"id": 143, "name": "Lost"}]}}]}})");
  auto stages = stageNames(pipelines);
  json page = json::parse(R"({"_embedded": {"leads": [
      {"id": 1, "name": "A", "price": 1500, "status_id": 11, "responsible_user_id": 9, "updated_at": 10},
      {"id": 2, "name": "B", "price": 10, "status_id": 142, "updated_at": 20},
      {"id": 3, "name": "C", "price": 0, "status_id": 143, "updated_at": 30},
      {"id": 4, "name": "D", "price": 5, "status_id": 99, "updated_at": 40, "is_deleted": false},
      {"id": 5, "name": "E", "price": 5, "status_id": 11, "updated_at": 50, "is_deleted": true}]}})");
  std::vector<Deal> deals = openDealsOf(page, stages, currencyOf(json{{"currency", "RUB"}}));
  sortDeals(deals);
  BOOST_REQUIRE_EQUAL(deals.size(), 2u);
  BOOST_TEST(deals[0].id == "4");
  BOOST_TEST(deals[0].stage == "status 99");
  BOOST_TEST(deals[1].id == "1");
  BOOST_TEST(deals[1].title == "A");
  BOOST_TEST(deals[1].stage == "Negotiation");
  BOOST_TEST(deals[1].status == "open");
  BOOST_TEST(deals[1].amount == "1500");
  BOOST_TEST(deals[1].currency == "RUB");
  BOOST_TEST(deals[1].ownerId == "9");
  BOOST_TEST(deals[1].updatedAtMs == 10000);
  BOOST_TEST(toDeal(page["_embedded"]["leads"][1], stages, "RUB").status == "won");
  BOOST_TEST(leadsTarget({"1", "2"}) == "/api/v4/leads?filter%5Bid%5D%5B%5D=1&filter%5Bid%5D%5B%5D=2");
  BOOST_TEST(leadIdsOf(json::parse(R"({"_embedded": {"leads": [{"id": 3}, {"id": 4}]}})")) == (Strings{"3", "4"}),
             boost::test_tools::per_element());
}
