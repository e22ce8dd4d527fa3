#define BOOST_TEST_MODULE bitrix24_mapping
#include <boost/test/unit_test.hpp>

#include "crm/bitrix24/bitrix24_activities.h"
#include "crm/bitrix24/bitrix24_contacts.h"
#include "crm/bitrix24/bitrix24_factory.h"
#include "crmsync/mapping.h"
#include "mapping/sources.h"
#include "support/test_support.h"

using namespace crmsync;
using namespace crmsync::connectors::bitrix24;
using nlohmann::json;

namespace {

std::shared_ptr<const mapping::MappingDocument> shippedDocument() {
  std::vector<mapping::MappingError> errors;
  auto doc =
      mapping::MappingDocument::compile(test::readFile(test::sourceDir() / "mappings" / "bitrix24.json"),
                                        "bitrix24.json", errors, Bitrix24ConnectorFactory().requiredMappingFields());
  for (const auto& e : errors) BOOST_TEST_MESSAGE(e.toString());
  BOOST_REQUIRE(doc);
  return doc;
}

Event inboundImage() {
  Event e;
  e.channel = "whatsapp";
  e.providerId = "wamid.img";
  e.type = "image";
  e.text = "Contract scan";
  e.media = {{"m1", "image/jpeg", "", "", ""}};
  e.timestamp = 1719835200;
  e.businessNumber = "15550783881";
  e.profileName = "Anna";
  e.counterpart = {{IdentifierKind::kPhone, "+79161234567"}};
  return e;
}

json fieldsOf(const mapping::MappedWrite& w) {
  json out = json::object();
  for (const auto& f : w.fields) out[f.field] = f.value;
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_shipped_document_compiles_for_this_connector) {
  auto doc = shippedDocument();
  BOOST_TEST(doc->connector() == "bitrix24");
}

BOOST_AUTO_TEST_CASE(a_mapped_message_is_an_activity_the_connector_accepts) {
  auto doc = shippedDocument();
  CrmRecordRef record{"contact", "5"};
  Event e = inboundImage();
  auto write = doc->apply(mapping::WriteKind::kMessageActivity, mapping::buildSources(e, nullptr, nullptr, &record));
  BOOST_REQUIRE(write.has_value());
  Activity a{e.dedupeKey(), record, e, write->object, fieldsOf(*write)};
  auto fields = messageFields(a, "1");
  if (fields.index() == 1) BOOST_FAIL(std::get<1>(fields));
  const json& f = std::get<0>(fields);
  BOOST_TEST(f["SUBJECT"] == "WhatsApp inbound image");
  BOOST_TEST(f["DESCRIPTION"] == "[image] Contract scan");
  BOOST_TEST(f["START_TIME"] == "2024-07-01T12:00:00+00:00");
  BOOST_TEST(f["TYPE_ID"] == 2);
  BOOST_TEST(f["RESPONSIBLE_ID"] == "1", "no context yet: the webhook's user");
}

BOOST_AUTO_TEST_CASE(a_mapped_status_and_contact_are_accepted_too) {
  auto doc = shippedDocument();
  CrmRecordRef record{"contact", "5"};
  Event s = inboundImage();
  s.kind = EventKind::kStatus;
  s.direction = Direction::kOutbound;
  s.status = "failed";
  s.details = {{"errors", {{{"code", 131047}, {"title", "Re-engagement message"}}}}};
  auto status = doc->apply(mapping::WriteKind::kStatusUpdate, mapping::buildSources(s, nullptr, nullptr, &record));
  BOOST_REQUIRE(status.has_value());
  auto fields = statusFields({s.dedupeKey(), record, s, status->object, fieldsOf(*status)});
  BOOST_REQUIRE_EQUAL(fields.index(), 0u);
  BOOST_TEST(std::get<0>(fields)["SUBJECT"].get<std::string>().find("WhatsApp outbound message: failed") == 0u);

  Person person;
  person.displayName = "Anna";
  auto create =
      doc->apply(mapping::WriteKind::kContactCreate, mapping::buildSources(inboundImage(), &person, nullptr, nullptr));
  BOOST_REQUIRE(create.has_value());
  ContactDraft draft;
  draft.displayName = "Anna";
  draft.identifiers = {{IdentifierKind::kPhone, "+79161234567"}};
  draft.creationKey = "crmsync-person-1";
  draft.object = create->object;
  draft.fields = fieldsOf(*create);
  auto add = addCall(*entityType(draft.object), draft);
  BOOST_REQUIRE_EQUAL(add.index(), 0u);
  BOOST_TEST(std::get<0>(add).params["fields"]["NAME"] == "Anna");
  BOOST_TEST(std::get<0>(add).params["fields"]["SOURCE_DESCRIPTION"] == "WhatsApp to +15550783881 (crmsync)");
  BOOST_TEST(!std::get<0>(add).params["fields"].contains("ASSIGNED_BY_ID"));
}
