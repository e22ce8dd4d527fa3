#define BOOST_TEST_MODULE hubspot_requests
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "crm/hubspot/hubspot_activities.h"
#include "crm/hubspot/hubspot_contacts.h"
#include "crm/hubspot/hubspot_leads.h"
#include "crm/hubspot/hubspot_search.h"
#include "crmsync/phone.h"

using namespace crmsync;
using namespace crmsync::connectors::hubspot;
using nlohmann::json;
using Strings = std::vector<std::string>;

namespace {

LookupQuery queryFor(const std::string& e164) { return {{{IdentifierKind::kPhone, e164}}, {phone::variants(e164)}}; }

const SearchFilter* filterOn(const std::vector<SearchFilter>& filters, const std::string& property) {
  for (const auto& f : filters) {
    if (f.property == property) return &f;
  }
  return nullptr;
}

Event message(const std::string& id, const std::string& text) {
  Event e;
  e.channel = "whatsapp";
  e.providerId = id;
  e.type = "text";
  e.text = text;
  e.timestamp = 1700000000;
  e.counterpart = {{IdentifierKind::kPhone, "+79161234567"}};
  return e;
}

Activity activity(const Event& e, json fields = json::object()) {
  return {e.dedupeKey(), {"contact", "501"}, e, "", std::move(fields)};
}

Event statusOf(const Event& m, const std::string& status, std::int64_t at = 1700000100) {
  Event s = m;
  s.kind = EventKind::kStatus;
  s.status = status;
  s.timestamp = at;
  s.text.clear();
  return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(search_asks_for_typed_spellings_and_calculated_digits) {
  auto filters = searchFilters(queryFor("+4915112345678"));
  const SearchFilter* phoneFilter = filterOn(filters, "phone");
  const SearchFilter* calculated = filterOn(filters, "hs_searchable_calculated_phone_number");
  BOOST_TEST_REQUIRE(phoneFilter != nullptr);
  BOOST_TEST_REQUIRE(calculated != nullptr);
  BOOST_TEST_REQUIRE(filterOn(filters, "mobilephone") != nullptr);
  BOOST_TEST_REQUIRE(filterOn(filters, "hs_searchable_calculated_mobile_number") != nullptr);
  for (const char* typed : {"+4915112345678", "4915112345678", "+49 1511 2345678", "01511 2345678"}) {
    BOOST_TEST((std::find(phoneFilter->values.begin(), phoneFilter->values.end(), typed) != phoneFilter->values.end()), typed);
  }
  // HubSpot strips the trunk zero from the calculated digits, so "015112345678" is never asked there.
  BOOST_TEST(calculated->values == (Strings{"15112345678", "4915112345678"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(search_keeps_a_trunk_prefix_that_is_not_zero) {
  auto filters = searchFilters(queryFor("+79161234567"));
  BOOST_TEST(filterOn(filters, "hs_searchable_calculated_phone_number")->values ==
                 (Strings{"9161234567", "89161234567", "79161234567"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(other_identifiers_get_their_own_groups_and_requests_hold_five_at_most) {
  LookupQuery q = queryFor("+79161234567");
  q.identifiers.push_back({IdentifierKind::kWhatsappBsuid, "RU.123456"});
  q.identifiers.push_back({IdentifierKind::kEmail, "ivan@example.com"});
  auto filters = searchFilters(q);
  BOOST_TEST_REQUIRE(filters.size() == 6u);
  BOOST_TEST(filterOn(filters, "crmsync_whatsapp_bsuid")->values == Strings{"RU.123456"}, boost::test_tools::per_element());
  BOOST_TEST(filterOn(filters, "email")->values == Strings{"ivan@example.com"}, boost::test_tools::per_element());
  auto batches = searchBatches(filters);
  BOOST_TEST_REQUIRE(batches.size() == 2u);
  BOOST_TEST(batches[0].size() == 5u);
  BOOST_TEST(batches[1].size() == 1u);
  BOOST_TEST(searchFilters(LookupQuery{}).empty());
}

BOOST_AUTO_TEST_CASE(search_request_is_hubspots_shape_with_in_filters_and_paging) {
  HttpRequest r = searchRequest({{"phone", {"+79161234567", "89161234567"}}, {"email", {"a@b.c"}}}, "200");
  BOOST_TEST(r.method == "POST");
  BOOST_TEST(r.target == "/crm/v3/objects/contacts/search");
  BOOST_TEST(r.scope == "search");
  json body = json::parse(r.body);
  BOOST_TEST(body["filterGroups"].size() == 2u);
  json in = body["filterGroups"][0]["filters"][0];
  BOOST_TEST(in["propertyName"] == "phone");
  BOOST_TEST(in["operator"] == "IN");
  BOOST_TEST(in["values"] == json({"+79161234567", "89161234567"}));
  json eq = body["filterGroups"][1]["filters"][0];
  BOOST_TEST(eq["operator"] == "EQ");
  BOOST_TEST(eq["value"] == "a@b.c");
  BOOST_TEST(body["limit"] == 100);
  BOOST_TEST(body["after"] == "200");
  BOOST_TEST(!json::parse(searchRequest({}, "").body).contains("after"));
}

BOOST_AUTO_TEST_CASE(a_message_is_a_whatsapp_communication_keyed_on_its_idempotency_key) {
  Properties p = messageProperties(activity(message("wamid.1", "hello")), 0);
  BOOST_TEST(p.at("hs_communication_channel_type") == "WHATS_APP");
  BOOST_TEST(p.at("hs_communication_logged_from") == "CRM");
  BOOST_TEST(p.at("hs_communication_body") == "hello");
  BOOST_TEST(p.at("hs_timestamp") == "2023-11-14T22:13:20.000Z");
  BOOST_TEST(p.at("crmsync_idempotency_key") == "whatsapp:msg:wamid.1");
}

BOOST_AUTO_TEST_CASE(mapped_fields_win_and_body_is_an_alias) {
  Properties aliased = messageProperties(activity(message("wamid.1", "hello"), {{"body", "Mapped"}, {"x", nullptr}}), 0);
  BOOST_TEST(aliased.at("hs_communication_body") == "Mapped");
  BOOST_TEST(aliased.count("body") == 0u);
  BOOST_TEST(aliased.count("x") == 0u);  // null: nothing to write
  Properties mapped = messageProperties(
      activity(message("wamid.1", "hello"), {{"hs_communication_body", "B"}, {"hs_timestamp", 1700000000000LL}, {"hubspot_owner_id", 7}}), 0);
  BOOST_TEST(mapped.at("hs_communication_body") == "B");
  BOOST_TEST(mapped.at("hs_timestamp") == "1700000000000");
  BOOST_TEST(mapped.at("hubspot_owner_id") == "7");
  Properties empty = messageProperties(activity(message("wamid.1", "hello"), {{"hs_communication_body", ""}}), 0);
  BOOST_TEST(empty.at("hs_communication_body") == "hello");
}

BOOST_AUTO_TEST_CASE(a_media_message_without_mapping_names_its_type) {
  Event e = message("wamid.2", "");
  e.type = "document";
  e.media.push_back({"m1", "application/pdf", "", "", "contract.pdf"});
  BOOST_TEST(messageProperties(activity(e), 0).at("hs_communication_body") == "[document: contract.pdf]");
}

BOOST_AUTO_TEST_CASE(statuses_update_their_message_in_place_and_never_go_backwards) {
  Event m = message("wamid.3", "hi");
  Activity read = activity(statusOf(m, "read"));
  Activity delivered = activity(statusOf(m, "delivered"));
  BOOST_TEST(messageKeyOf(read.event) == m.dedupeKey());
  Properties p = statusProperties({&delivered, &read}, "sent", true, 0);
  BOOST_TEST(p.at("crmsync_whatsapp_status") == "read");
  BOOST_TEST(p.size() == 1u);
  BOOST_TEST(statusProperties({&delivered}, "read", true, 0).at("crmsync_whatsapp_status") == "read");
  BOOST_TEST(strongerStatus("read", "failed") == "failed");
  BOOST_TEST(strongerStatus("", "sent") == "sent");
}

BOOST_AUTO_TEST_CASE(a_status_for_an_unknown_message_writes_a_placeholder_under_the_message_key) {
  Event m = message("wamid.4", "hi");
  Activity sent = activity(statusOf(m, "sent"));
  Properties p = statusProperties({&sent}, "", false, 0);
  BOOST_TEST(p.at("crmsync_idempotency_key") == m.dedupeKey());
  BOOST_TEST(p.at("hs_communication_channel_type") == "WHATS_APP");
  BOOST_TEST(p.at("hs_communication_body").find("wamid.4") != std::string::npos);
  BOOST_TEST(p.at("hs_timestamp") == "2023-11-14T22:15:00.000Z");
  BOOST_TEST(p.at("crmsync_whatsapp_status") == "sent");
}

BOOST_AUTO_TEST_CASE(unwritable_activities_are_named) {
  Activity a = activity(message("wamid.5", "x"));
  BOOST_TEST(unwritableReason(a).empty());
  Activity noKey = a;
  noKey.idempotencyKey.clear();
  BOOST_TEST(!unwritableReason(noKey).empty());
  Activity note = a;
  note.object = "notes";
  BOOST_TEST(unwritableReason(note).find("notes") != std::string::npos);
  Activity deal = a;
  deal.record.objectType = "deal";
  BOOST_TEST(!unwritableReason(deal).empty());
}

BOOST_AUTO_TEST_CASE(upsert_and_association_bodies_are_hubspots) {
  json upsert = json::parse(upsertCommunicationsRequest({{"k1", {{"hs_communication_body", "b"}}}}).body);
  BOOST_TEST(upsert["inputs"][0]["idProperty"] == "crmsync_idempotency_key");
  BOOST_TEST(upsert["inputs"][0]["id"] == "k1");
  BOOST_TEST(upsert["inputs"][0]["properties"]["hs_communication_body"] == "b");
  HttpRequest assoc = associateCommunicationsRequest({{"900", "501"}});
  BOOST_TEST(assoc.target == "/crm/v4/associations/communications/contacts/batch/create");
  json input = json::parse(assoc.body)["inputs"][0];
  BOOST_TEST(input["from"]["id"] == "900");
  BOOST_TEST(input["to"]["id"] == "501");
  BOOST_TEST(input["types"][0]["associationTypeId"] == 81);
  BOOST_TEST(input["types"][0]["associationCategory"] == "HUBSPOT_DEFINED");
  json read = json::parse(readCommunicationsRequest({"k1"}).body);
  BOOST_TEST(read["idProperty"] == "crmsync_idempotency_key");
  BOOST_TEST(read["inputs"][0]["id"] == "k1");
}

BOOST_AUTO_TEST_CASE(preview_lists_the_requests_write_sends) {
  Event m = message("wamid.6", "hi");
  auto previews = previewWrites({activity(m), activity(statusOf(m, "read"))}, 0);
  BOOST_TEST_REQUIRE(previews.size() == 4u);
  BOOST_TEST(previews[0].path == "/crm/v3/objects/communications/batch/upsert");
  BOOST_TEST(previews[1].path == "/crm/v4/associations/communications/contacts/batch/create");
  BOOST_TEST(previews[1].body["inputs"][0]["from"]["id"] == "{communication id of whatsapp:msg:wamid.6}");
  BOOST_TEST(previews[2].path == "/crm/v3/objects/communications/batch/read");
  BOOST_TEST(previews[3].body["inputs"][0]["properties"]["crmsync_whatsapp_status"] == "read");
  for (const auto& p : previews) BOOST_TEST(p.method == "POST");
}

BOOST_AUTO_TEST_CASE(a_contact_draft_becomes_an_upsert_on_the_person_key) {
  ContactDraft d;
  d.displayName = "Ivan";
  d.identifiers = {{IdentifierKind::kPhone, "+79161234567"}, {IdentifierKind::kWhatsappBsuid, "RU.1"}};
  d.creationKey = "crmsync-person-7";
  HttpRequest r = createContactRequest(d);
  BOOST_TEST(r.target == "/crm/v3/objects/contacts/batch/upsert");
  json input = json::parse(r.body)["inputs"][0];
  BOOST_TEST(input["idProperty"] == "crmsync_person_key");
  BOOST_TEST(input["id"] == "crmsync-person-7");
  BOOST_TEST(input["properties"]["firstname"] == "Ivan");
  BOOST_TEST(input["properties"]["phone"] == "+79161234567");
  BOOST_TEST(input["properties"]["crmsync_whatsapp_bsuid"] == "RU.1");
  d.fields = {{"lastname", "Petrov"}, {"mobilephone", "+79160000000"}};
  Properties mapped = contactCreateProperties(d);
  BOOST_TEST(mapped.count("firstname") == 0u);  // the mapping names the person
  BOOST_TEST(mapped.count("phone") == 0u);
  BOOST_TEST(mapped.at("crmsync_person_key") == "crmsync-person-7");
  d.object = "leads";
  BOOST_TEST(uncreatableReason(d).empty());
  d.object = "tickets";
  BOOST_TEST(uncreatableReason(d).find("contacts or leads") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(lead_fields_go_on_the_lead_and_the_rest_on_the_contact) {
  ContactDraft d;
  d.object = "leads";
  d.displayName = "Ivan";
  d.creationKey = "crmsync-person-7";
  d.fields = {{"lastname", "Petrov"}, {"lead.hs_pipeline_stage", "attempting-stage-id"}, {"lead.hubspot_owner_id", 42}};
  Properties contact = contactCreateProperties(d);
  BOOST_TEST(contact.count("lead.hs_pipeline_stage") == 0u);
  BOOST_TEST(contact.at("lastname") == "Petrov");
  Properties lead = leadProperties(d);
  BOOST_TEST(lead.at("hs_pipeline_stage") == "attempting-stage-id");
  BOOST_TEST(lead.at("hubspot_owner_id") == "42");
  BOOST_TEST(lead.at("hs_pipeline") == "lead-pipeline-id");
  BOOST_TEST(lead.at("hs_lead_name") == "WhatsApp: Ivan");
  BOOST_TEST(lead.count("lastname") == 0u);
  HttpRequest post = createLeadRequest("501", lead);
  BOOST_TEST(post.method == "POST");
  BOOST_TEST(post.target == "/crm/v3/objects/leads");
  json body = json::parse(post.body);
  BOOST_TEST(body["associations"][0]["to"]["id"] == "501");
  BOOST_TEST(body["associations"][0]["types"][0]["associationTypeId"] == 578);
  BOOST_TEST(body["associations"][0]["types"][0]["associationCategory"] == "HUBSPOT_DEFINED");
  BOOST_TEST(contactLeadsRequest("501").target == "/crm/v4/objects/contacts/501/associations/leads?limit=1");
}

BOOST_AUTO_TEST_CASE(contact_update_follows_the_write_policies) {
  ContactUpdate u{{"contact", "501"},
                  {{"firstname", "Ivan", mapping::WritePolicy::kOnlyIfEmpty},
                   {"lastname", "Petrov", mapping::WritePolicy::kOnlyIfEmpty},
                   {"jobtitle", "Lawyer", mapping::WritePolicy::kOverwrite},
                   {"company", "ACME", mapping::WritePolicy::kNever},
                   {"city", nullptr, mapping::WritePolicy::kOverwrite},
                   {"country", nullptr, mapping::WritePolicy::kOnlyIfEmpty}}};
  BOOST_TEST(fieldsNeedingCurrent(u) == (Strings{"firstname", "lastname"}), boost::test_tools::per_element());
  Properties p = contactUpdateProperties(u, {{"firstname", "Ivan Typed"}, {"lastname", ""}});
  BOOST_TEST(p.count("firstname") == 0u);  // someone typed it: never overwritten
  BOOST_TEST(p.at("lastname") == "Petrov");
  BOOST_TEST(p.at("jobtitle") == "Lawyer");
  BOOST_TEST(p.count("company") == 0u);
  BOOST_TEST(p.count("city") == 0u);
  HttpRequest patch = updateContactRequest("501", p);
  BOOST_TEST(patch.method == "PATCH");
  BOOST_TEST(patch.target == "/crm/v3/objects/contacts/501");
  BOOST_TEST(json::parse(patch.body)["properties"]["lastname"] == "Petrov");
  BOOST_TEST(readContactRequest("5 01", {"firstname", "last name"}).target ==
             "/crm/v3/objects/contacts/5%2001?properties=firstname,last%20name");
}

BOOST_AUTO_TEST_CASE(context_requests_page_through_associations_and_read_deals) {
  BOOST_TEST(dealAssociationsRequest("501", "").target == "/crm/v4/objects/contacts/501/associations/deals?limit=500");
  BOOST_TEST(dealAssociationsRequest("501", "MTA=").target ==
             "/crm/v4/objects/contacts/501/associations/deals?limit=500&after=MTA%3D");
  json body = json::parse(readDealsRequest({"1", "2"}).body);
  BOOST_TEST(body["inputs"].size() == 2u);
  BOOST_TEST(body["properties"].dump().find("dealstage") != std::string::npos);
  BOOST_TEST(body["properties"].dump().find("hs_is_closed") != std::string::npos);
}
