#define BOOST_TEST_MODULE hubspot_mapping
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "crm/hubspot/hubspot_activities.h"
#include "crm/hubspot/hubspot_connector.h"
#include "crmsync/mapping.h"
#include "mapping/sources.h"
#include "support/test_support.h"

using namespace crmsync;
using nlohmann::json;

namespace {

std::shared_ptr<const mapping::MappingDocument> document() {
  std::vector<mapping::MappingError> errors;
  auto doc = mapping::MappingDocument::compile(test::readFile(test::sourceDir() / "mappings" / "hubspot.json"), "hubspot.json",
                                               errors, connectors::hubspot::HubspotConnectorFactory().requiredMappingFields());
  for (const auto& e : errors) BOOST_TEST_MESSAGE(e.toString());
  BOOST_TEST_REQUIRE(errors.empty());
  BOOST_TEST_REQUIRE(doc != nullptr);
  return doc;
}

Event inbound() {
  Event e;
  e.channel = "whatsapp";
  e.providerId = "wamid.m1";
  e.type = "text";
  e.text = "Where is my contract?";
  e.timestamp = 1700000000;
  e.businessNumber = "15550783881";
  e.counterpart = {{IdentifierKind::kPhone, "+79161234567"}};
  e.profileName = "Ivan";
  return e;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_default_document_compiles_for_hubspot) {
  auto doc = document();
  BOOST_TEST(doc->connector() == "hubspot");
}

BOOST_AUTO_TEST_CASE(a_document_without_the_body_is_refused) {
  std::vector<mapping::MappingError> errors;
  json text = json::parse(test::readFile(test::sourceDir() / "mappings" / "hubspot.json"));
  text["writes"]["message_activity"]["fields"].erase("hs_communication_body");
  auto doc = mapping::MappingDocument::compile(text.dump(), "hubspot.json", errors,
                                               connectors::hubspot::HubspotConnectorFactory().requiredMappingFields());
  BOOST_TEST(doc == nullptr);
  BOOST_TEST_REQUIRE(!errors.empty());
  BOOST_TEST(errors[0].message.find("hs_communication_body") != std::string::npos, errors[0].message);
}

BOOST_AUTO_TEST_CASE(a_message_maps_onto_communication_properties_hubspot_accepts) {
  auto doc = document();
  Event e = inbound();
  CrmRecordRef record{"contact", "501"};
  auto write = doc->apply(mapping::WriteKind::kMessageActivity, mapping::buildSources(e, nullptr, nullptr, &record));
  BOOST_TEST_REQUIRE(write.has_value());
  BOOST_TEST(write->object == "communications");
  json fields = json::object();
  for (const auto& f : write->fields) fields[f.field] = f.value;
  Activity a{e.dedupeKey(), record, e, write->object, fields};
  BOOST_TEST(connectors::hubspot::unwritableReason(a).empty());
  auto p = connectors::hubspot::messageProperties(a, 0);
  BOOST_TEST(p.at("hs_communication_body") == "Where is my contract?");
  BOOST_TEST(p.at("hs_timestamp") == "1700000000000");
  BOOST_TEST(p.at("crmsync_whatsapp_message_id") == "wamid.m1");
  BOOST_TEST(p.at("crmsync_whatsapp_direction") == "inbound");
  BOOST_TEST(p.count("hubspot_owner_id") == 0u);  // no context: nothing to write
}

BOOST_AUTO_TEST_CASE(contact_update_never_overwrites_what_someone_typed) {
  auto doc = document();
  Event e = inbound();
  CrmRecordRef record{"contact", "501"};
  auto write = doc->apply(mapping::WriteKind::kContactUpdate, mapping::buildSources(e, nullptr, nullptr, &record));
  BOOST_TEST_REQUIRE(write.has_value());
  for (const auto& f : write->fields) BOOST_TEST((f.policy == mapping::WritePolicy::kOnlyIfEmpty), f.field);
}

BOOST_AUTO_TEST_CASE(context_reads_deal_fields) {
  auto fields = document()->contextFields();
  bool stage = false;
  for (const auto& [crmField, canonical] : fields) stage = stage || (crmField == "dealstage" && canonical == "context.deal.stage");
  BOOST_TEST(stage);
}
