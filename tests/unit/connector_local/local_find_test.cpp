#define BOOST_TEST_MODULE local_find
#include <boost/test/unit_test.hpp>

#include <string>
#include <thread>
#include <vector>

#include "crm/local/csv_import.h"
#include "crm/local/local_connector.h"
#include "crmsync/phone.h"
#include "support/test_support.h"

using namespace crmsync;
using crmsync::connectors::local::importContactsCsv;
using crmsync::connectors::local::LocalConnector;
using crmsync::connectors::local::NewContact;

namespace {

LookupQuery byIdentifiers(std::vector<Identifier> ids) {
  LookupQuery q;
  for (const Identifier& id : ids) {
    if (id.kind == IdentifierKind::kPhone) q.phones.push_back(phone::variants(id.value));
  }
  q.identifiers = std::move(ids);
  return q;
}

LookupQuery byE164(const std::string& e164) { return byIdentifiers({{IdentifierKind::kPhone, e164}}); }

std::vector<CrmCandidate> findOne(LocalConnector& crm, const LookupQuery& query) {
  auto result = crm.find({query});
  BOOST_TEST_REQUIRE(result.isOk(), result.outcome.reason);
  BOOST_TEST_REQUIRE(result.value.size() == 1u);
  return result.value.front();
}

std::vector<std::string> names(const std::vector<CrmCandidate>& candidates) {
  std::vector<std::string> out;
  for (const CrmCandidate& c : candidates) out.push_back(c.displayName);
  return out;
}

// Phones as people type them, in a CRM whose default region is RU.
const char* kMessyCsv =
    "name,phone,email,owner\n"
    "Ivan Petrov,8 (916) 123-45-67,ivan@example.ru,anna\n"
    "Hans Mueller,0151 1234 5678,,\n"
    "Olivia Smith,07700 900123,,\n"
    "John Doe,(415) 555-2671,,\n"
    "Maria Silva,(11) 91234-5678,,\n"
    "Other Country,+1 916 123 4567,,\n";

struct Fixture {
  test::TempDir dir;
  ManualClock clock{1'700'000'000'000};
  LocalConnector crm{dir / "crm.sqlite", "RU", &clock};
  Fixture() {
    test::writeFile(dir / "contacts.csv", kMessyCsv);
    auto report = importContactsCsv(crm, dir / "contacts.csv");
    BOOST_TEST_REQUIRE(report.ok(), (report.errors.empty() ? "" : report.errors.front()));
    BOOST_TEST_REQUIRE(report.contactsImported == 6u);
  }
};

struct Expected {
  const char* name;
  const char* e164;
  const char* typed;
};

const std::vector<Expected> kExpected = {
    {"Ivan Petrov", "+79161234567", "8 (916) 123-45-67"}, {"Hans Mueller", "+4915112345678", "0151 1234 5678"},
    {"Olivia Smith", "+447700900123", "07700 900123"},    {"John Doe", "+14155552671", "(415) 555-2671"},
    {"Maria Silva", "+5511912345678", "(11) 91234-5678"},
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(local_find, Fixture)

BOOST_AUTO_TEST_CASE(finds_messy_phones_by_e164_with_variants) {
  for (const Expected& e : kExpected) {
    BOOST_TEST_CONTEXT(e.name) {
      std::vector<CrmCandidate> found = findOne(crm, byE164(e.e164));
      BOOST_TEST_REQUIRE(found.size() == 1u);
      BOOST_TEST(found[0].displayName == e.name);
      BOOST_TEST(found[0].record.objectType == "contact");
      BOOST_TEST(found[0].phones == std::vector<std::string>{e.typed}, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(finds_by_identifier_alone_and_by_variants_alone) {
  for (const Expected& e : kExpected) {
    BOOST_TEST_CONTEXT(e.name) {
      LookupQuery identifierOnly;
      identifierOnly.identifiers = {{IdentifierKind::kPhone, e.e164}};
      BOOST_TEST(names(findOne(crm, identifierOnly)) == std::vector<std::string>{e.name},
                 boost::test_tools::per_element());
      LookupQuery variantsOnly;
      variantsOnly.phones = {phone::variants(e.e164)};
      BOOST_TEST(names(findOne(crm, variantsOnly)) == std::vector<std::string>{e.name},
                 boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(another_country_code_does_not_match) {
  // "+1 916 123 4567" shares its national digits with Ivan's +7 916 123-45-67.
  BOOST_TEST(names(findOne(crm, byE164("+79161234567"))) == std::vector<std::string>{"Ivan Petrov"},
             boost::test_tools::per_element());
  BOOST_TEST(names(findOne(crm, byE164("+19161234567"))) == std::vector<std::string>{"Other Country"},
             boost::test_tools::per_element());
  BOOST_TEST(findOne(crm, byE164("+49301234567")).empty());
  BOOST_TEST(findOne(crm, byE164("+5511991234567")).empty());
}

BOOST_AUTO_TEST_CASE(several_matches_are_all_returned) {
  NewContact twin;
  twin.name = "Ivan (work)";
  twin.phones = {"+7 916 123 45 67"};
  crm.addContact(twin);
  std::vector<std::string> expected = {"Ivan Petrov", "Ivan (work)"};
  BOOST_TEST(names(findOne(crm, byE164("+79161234567"))) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(one_result_list_per_query_in_order) {
  auto result = crm.find({byE164("+14155552671"), byE164("+70000000000"), byE164("+4915112345678")});
  BOOST_TEST_REQUIRE(result.isOk());
  BOOST_TEST_REQUIRE(result.value.size() == 3u);
  BOOST_TEST(names(result.value[0]) == std::vector<std::string>{"John Doe"}, boost::test_tools::per_element());
  BOOST_TEST(result.value[1].empty());
  BOOST_TEST(names(result.value[2]) == std::vector<std::string>{"Hans Mueller"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(candidates_carry_owner_identifiers_and_update_time) {
  std::vector<CrmCandidate> found = findOne(crm, byIdentifiers({{IdentifierKind::kEmail, "ivan@example.ru"}}));
  BOOST_TEST_REQUIRE(found.size() == 1u);
  BOOST_TEST(found[0].displayName == "Ivan Petrov");
  BOOST_TEST(found[0].ownerId == "anna");
  BOOST_TEST(found[0].updatedAtMs == 1'700'000'000'000);
  BOOST_TEST_REQUIRE(found[0].otherIdentifiers.size() == 1u);
  BOOST_TEST(found[0].otherIdentifiers[0].key() == "email:ivan@example.ru");
}

BOOST_AUTO_TEST_CASE(raw_phone_identifier_matches_the_same_text_only) {
  NewContact odd;
  odd.name = "Placeholder text";
  odd.phones = {"PHONE_NUMBER"};
  crm.addContact(odd);
  LookupQuery q = byIdentifiers({{IdentifierKind::kPhoneRaw, "PHONE_NUMBER"}});
  BOOST_TEST(names(findOne(crm, q)) == std::vector<std::string>{"Placeholder text"}, boost::test_tools::per_element());
  BOOST_TEST(findOne(crm, byIdentifiers({{IdentifierKind::kPhoneRaw, "PHONE"}})).empty());
}

BOOST_AUTO_TEST_CASE(created_contacts_are_found_by_phone_and_bsuid) {
  ContactDraft draft;
  draft.displayName = "Wa User";
  draft.identifiers = {{IdentifierKind::kPhone, "+525512345678"}, {IdentifierKind::kWhatsappBsuid, "MX.1234567890"}};
  draft.source = "whatsapp";
  draft.creationKey = "person:mx";
  auto created = crm.create(draft);
  BOOST_TEST_REQUIRE(created.isOk(), created.outcome.reason);
  BOOST_TEST(names(findOne(crm, byE164("+5215512345678"))) == std::vector<std::string>{"Wa User"},
             boost::test_tools::per_element());
  auto byBsuid = findOne(crm, byIdentifiers({{IdentifierKind::kWhatsappBsuid, "MX.1234567890"}}));
  BOOST_TEST_REQUIRE(byBsuid.size() == 1u);
  BOOST_TEST(byBsuid[0].record.id == created.value.id);
  BOOST_TEST(byBsuid[0].phones == std::vector<std::string>{"+525512345678"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(create_is_idempotent_on_creation_key) {
  test::TempDir dir;
  LocalConnector crm(dir / "crm.sqlite", "RU");
  ContactDraft draft;
  draft.displayName = "Ivan";
  draft.identifiers = {{IdentifierKind::kPhone, "+79161234567"}};
  draft.source = "whatsapp";
  draft.creationKey = "person:42";
  auto first = crm.create(draft);
  auto second = crm.create(draft);
  BOOST_TEST_REQUIRE(first.isOk());
  BOOST_TEST_REQUIRE(second.isOk());
  BOOST_TEST(first.value.id == second.value.id);
  BOOST_TEST(crm.contactCount() == 1);
  auto stored = crm.contact(first.value.id);
  BOOST_TEST_REQUIRE(stored.has_value());
  BOOST_TEST(stored->source == "whatsapp");
  BOOST_TEST(stored->creationKey == "person:42");
  BOOST_TEST_REQUIRE(stored->phones.size() == 1u);
  BOOST_TEST(stored->phones[0].phone == "+79161234567");
  BOOST_TEST(stored->phones[0].e164 == "+79161234567");
}

BOOST_AUTO_TEST_CASE(concurrent_creates_with_one_key_make_one_contact) {
  test::TempDir dir;
  LocalConnector crm(dir / "crm.sqlite", "RU");
  LocalConnector sameFile(dir / "crm.sqlite", "RU");  // as a second process would
  ContactDraft draft;
  draft.displayName = "Race";
  draft.identifiers = {{IdentifierKind::kPhone, "+79161234567"}, {IdentifierKind::kWhatsappBsuid, "RU.1"}};
  draft.creationKey = "person:race";
  std::vector<Result<CrmRecordRef>> results(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] { results[i] = (i % 2 == 0 ? crm : sameFile).create(draft); });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : results) {
    BOOST_TEST(r.isOk(), r.outcome.reason);
    BOOST_TEST(r.value.id == results[0].value.id);
  }
  BOOST_TEST(crm.contactCount() == 1);
}

BOOST_AUTO_TEST_CASE(create_with_an_identifier_of_another_contact_is_permanent) {
  test::TempDir dir;
  LocalConnector crm(dir / "crm.sqlite", "RU");
  ContactDraft a;
  a.displayName = "A";
  a.identifiers = {{IdentifierKind::kWhatsappBsuid, "RU.7"}};
  a.creationKey = "person:a";
  ContactDraft b = a;
  b.creationKey = "person:b";
  BOOST_TEST_REQUIRE(crm.create(a).isOk());
  auto conflict = crm.create(b);
  BOOST_TEST((conflict.outcome.kind == Outcome::Kind::kPermanent));
  BOOST_TEST(conflict.outcome.reason.find("whatsapp_bsuid:RU.7 already belongs to contact 1") != std::string::npos,
             conflict.outcome.reason);
  BOOST_TEST(crm.contactCount() == 1);
}
