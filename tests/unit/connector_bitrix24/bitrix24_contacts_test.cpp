#define BOOST_TEST_MODULE bitrix24_contacts
#include "crm/bitrix24/bitrix24_contacts.h"

#include <boost/test/unit_test.hpp>

#include "crm/bitrix24/bitrix24_deals.h"
#include "crm/bitrix24/bitrix24_values.h"
#include "crmsync/phone.h"

using namespace crmsync;
using namespace crmsync::connectors::bitrix24;
using nlohmann::json;

namespace {

LookupQuery queryFor(const std::string& e164) { return {{{IdentifierKind::kPhone, e164}}, {phone::variants(e164)}}; }

}  // namespace

BOOST_AUTO_TEST_SUITE(finding)

BOOST_AUTO_TEST_CASE(one_findbycomm_per_entity_type_with_every_spelling) {
  auto calls = findCalls({queryFor("+4915112345678")}, {"CONTACT", "LEAD"});
  BOOST_REQUIRE_EQUAL(calls.size(), 2u);
  BOOST_TEST(calls[0].call.method == "crm.duplicate.findbycomm");
  BOOST_TEST(calls[0].call.params["type"] == "PHONE");
  BOOST_TEST(calls[0].call.params["entity_type"] == "CONTACT");
  BOOST_TEST(calls[1].call.params["entity_type"] == "LEAD");
  const json values = calls[0].call.params["values"];
  // E.164 digits and the national forms: Bitrix24 strips a leading 0 but never adds a country code.
  for (const char* v : {"+4915112345678", "4915112345678", "01511 2345678", "15112345678"}) {
    BOOST_TEST((std::find(values.begin(), values.end(), v) != values.end()), v);
  }
}

BOOST_AUTO_TEST_CASE(more_than_20_values_are_split_and_emails_searched_too) {
  LookupQuery q;
  for (int i = 0; i < 5; ++i) {
    std::string e164 = "+7916123456" + std::to_string(i);
    q.identifiers.push_back({IdentifierKind::kPhone, e164});
    q.phones.push_back(phone::variants(e164));
  }
  q.identifiers.push_back({IdentifierKind::kEmail, "anna@example.com"});
  q.identifiers.push_back({IdentifierKind::kPhoneRaw, "ext. 5"});
  auto calls = findCalls({queryFor("+79160000000"), q}, {"CONTACT"});
  std::size_t phoneValues = 0;
  for (const auto& c : calls) {
    BOOST_TEST(c.call.params["values"].size() <= 20u);
    if (c.query == 1 && c.call.params["type"] == "PHONE") phoneValues += c.call.params["values"].size();
  }
  BOOST_TEST(calls.front().query == 0u);
  BOOST_TEST(calls.back().call.params["type"] == "EMAIL");
  BOOST_TEST(calls.back().call.params["values"] == json({"anna@example.com"}));
  BOOST_TEST(phoneValues > 20u);
}

BOOST_AUTO_TEST_CASE(found_ids_read_both_answer_shapes) {
  BOOST_TEST(foundIds(json::parse(R"({"CONTACT":[275,2297],"LEAD":[4]})"), "CONTACT") ==
             (std::vector<std::string>{"275", "2297"}));
  BOOST_TEST(foundIds(json::array(), "CONTACT").empty());
  BOOST_TEST(foundIds(json::parse(R"({"LEAD":[4]})"), "CONTACT").empty());
}

BOOST_AUTO_TEST_CASE(candidates_keep_phones_exactly_as_stored) {
  json row = json::parse(R"({"ID":"75","NAME":"Anna","LAST_NAME":"Ilyina","ASSIGNED_BY_ID":"6",
    "DATE_MODIFY":"2024-02-26T03:00:00+03:00",
    "PHONE":[{"ID":"1","VALUE_TYPE":"WORK","VALUE":"8 (916) 123-45-67","TYPE_ID":"PHONE"}],
    "EMAIL":[{"ID":"2","VALUE_TYPE":"WORK","VALUE":"anna@example.com","TYPE_ID":"EMAIL"}]})");
  CrmCandidate c = toCandidate(row, "CONTACT");
  BOOST_TEST(c.record.objectType == "contact");
  BOOST_TEST(c.record.id == "75");
  BOOST_TEST(c.displayName == "Anna Ilyina");
  BOOST_TEST(c.phones == std::vector<std::string>{"8 (916) 123-45-67"});
  BOOST_REQUIRE_EQUAL(c.otherIdentifiers.size(), 1u);
  BOOST_TEST(c.otherIdentifiers[0].value == "anna@example.com");
  BOOST_TEST(c.ownerId == "6");
  BOOST_TEST(c.updatedAtMs == 1708905600000);  // 2024-02-26T00:00:00Z
  BOOST_TEST(listByIdsCall("LEAD", {"1", "2"}).params["filter"]["@ID"] == json({"1", "2"}));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(creating_and_updating)

BOOST_AUTO_TEST_CASE(a_draft_becomes_a_contact_marked_with_its_creation_key) {
  ContactDraft d;
  d.displayName = "Anna";
  d.identifiers = {{IdentifierKind::kPhone, "+79161234567"},
                   {IdentifierKind::kEmail, "anna@example.com"},
                   {IdentifierKind::kWhatsappBsuid, "US.123"}};
  d.creationKey = "crmsync-person-7";
  d.fields = {{"NAME", "Anna K."}, {"SOURCE_DESCRIPTION", "WhatsApp"}, {"ASSIGNED_BY_ID", nullptr}, {"OPENED", true}};
  auto call = addCall("CONTACT", d);
  BOOST_REQUIRE_EQUAL(call.index(), 0u);
  const json fields = std::get<0>(call).params["fields"];
  BOOST_TEST(std::get<0>(call).method == "crm.contact.add");
  BOOST_TEST(fields["NAME"] == "Anna K.");
  BOOST_TEST(!fields.contains("ASSIGNED_BY_ID"), "a null mapping value writes nothing");
  BOOST_TEST(fields["OPENED"] == "Y");
  BOOST_TEST(fields["PHONE"] == json::parse(R"([{"VALUE":"+79161234567","VALUE_TYPE":"MOBILE"}])"));
  BOOST_TEST(fields["EMAIL"][0]["VALUE"] == "anna@example.com");
  BOOST_TEST(fields["ORIGINATOR_ID"] == "crmsync");
  BOOST_TEST(fields["ORIGIN_ID"] == "crmsync-person-7");
  Call lookup = originLookupCall("CONTACT", d.creationKey);
  BOOST_TEST(lookup.method == "crm.contact.list");
  BOOST_TEST(lookup.params["filter"] == json({{"ORIGINATOR_ID", "crmsync"}, {"ORIGIN_ID", "crmsync-person-7"}}));
}

BOOST_AUTO_TEST_CASE(a_lead_gets_a_title_and_bad_field_names_are_refused) {
  ContactDraft d;
  d.displayName = "Anna";
  auto lead = addCall("LEAD", d);
  BOOST_REQUIRE_EQUAL(lead.index(), 0u);
  BOOST_TEST(std::get<0>(lead).method == "crm.lead.add");
  BOOST_TEST(std::get<0>(lead).params["fields"]["TITLE"] == "WhatsApp: Anna");
  d.fields = {{"source", "whatsapp"}};
  BOOST_TEST(std::get<1>(addCall("CONTACT", d)).find("'source' is not a Bitrix24 field") != std::string::npos);
  d.fields = {{"PHONE", "+7"}};
  BOOST_TEST(std::get<1>(addCall("CONTACT", d)).find("written by crmsync") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(only_if_empty_never_overwrites_what_someone_typed) {
  ContactUpdate u{{"contact", "5"},
                  {{"NAME", "Anna", mapping::WritePolicy::kOnlyIfEmpty},
                   {"LAST_NAME", "K.", mapping::WritePolicy::kOnlyIfEmpty},
                   {"COMMENTS", "hi", mapping::WritePolicy::kOverwrite},
                   {"POST", "x", mapping::WritePolicy::kNever},
                   {"SOURCE_DESCRIPTION", nullptr, mapping::WritePolicy::kOverwrite}}};
  BOOST_TEST(needsCurrentValues(u));
  auto fields = updateFields(u, {{"NAME", "Анна"}, {"LAST_NAME", ""}});
  BOOST_REQUIRE_EQUAL(fields.index(), 0u);
  BOOST_TEST(std::get<0>(fields) == json({{"LAST_NAME", "K."}, {"COMMENTS", "hi"}}));
  ContactUpdate plain{{"contact", "5"}, {{"COMMENTS", "hi", mapping::WritePolicy::kOverwrite}}};
  BOOST_TEST(!needsCurrentValues(plain));
  BOOST_TEST(isEmptyValue(json::parse(R"([{"VALUE":""}])")));
  BOOST_TEST(!isEmptyValue(json::parse(R"([{"VALUE":"+7"}])")));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(context)

BOOST_AUTO_TEST_CASE(deals_carry_stage_amount_owner_and_status) {
  json row = json::parse(R"({"ID":"9","TITLE":"Contract","STAGE_ID":"PREPARATION","STAGE_SEMANTIC_ID":"P","CLOSED":"N",
    "OPPORTUNITY":"1500.00","CURRENCY_ID":"EUR","ASSIGNED_BY_ID":"3","DATE_MODIFY":"2024-01-01T12:00:00+03:00"})");
  Deal d = toDeal(row);
  BOOST_TEST(d.id == "9");
  BOOST_TEST(d.stage == "PREPARATION");
  BOOST_TEST(d.status == "open");
  BOOST_TEST(d.amount == "1500.00");
  BOOST_TEST(d.currency == "EUR");
  BOOST_TEST(d.ownerId == "3");
  BOOST_TEST(d.updatedAtMs == 1704099600000);
  row["CLOSED"] = "Y";
  row["STAGE_SEMANTIC_ID"] = "F";
  BOOST_TEST(toDeal(row).status == "lost");
  Call page = openDealsCall("5", 100);
  BOOST_TEST(page.params["filter"] == json({{"CONTACT_ID", "5"}, {"CLOSED", "N"}}));
  BOOST_TEST(page.params["start"] == 100);
}

BOOST_AUTO_TEST_CASE(pages_become_each_deal_once_newest_first) {
  std::vector<json> rows = {{{"ID", "1"}, {"DATE_MODIFY", "2024-01-01T10:00:00+00:00"}},
                            {{"ID", "2"}, {"DATE_MODIFY", "2024-01-02T10:00:00+00:00"}},
                            {{"ID", "1"}, {"DATE_MODIFY", "2024-01-01T10:00:00+00:00"}}};
  auto deals = dealsOf(rows);
  BOOST_REQUIRE_EQUAL(deals.size(), 2u);
  BOOST_TEST(deals[0].id == "2");
  Deal lead = leadAsDeal(json::parse(R"({"ID":"4","TITLE":"Lead","STATUS_ID":"IN_PROCESS","STATUS_SEMANTIC_ID":"P"})"));
  BOOST_TEST(lead.stage == "IN_PROCESS");
  BOOST_TEST(lead.status == "open");
}

BOOST_AUTO_TEST_CASE(times_read_the_portal_offset) {
  BOOST_TEST(parseTimeMs("2024-01-01T12:00:00+03:00") == 1704099600000);
  BOOST_TEST(parseTimeMs("2024-01-01T09:00:00-00:00") == 1704099600000);
  BOOST_TEST(parseTimeMs("2024-01-01T04:00:00-05:00") == 1704099600000);
  BOOST_TEST(parseTimeMs("yesterday") == 0);
  BOOST_TEST(formatTime(1700000000) == "2023-11-14T22:13:20+00:00");
}

BOOST_AUTO_TEST_SUITE_END()
