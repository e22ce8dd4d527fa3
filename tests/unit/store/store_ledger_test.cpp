#define BOOST_TEST_MODULE store_ledger
#include <boost/test/unit_test.hpp>

#include "store/sqlite_store.h"
#include "support/test_support.h"
#include "unit/store/store_test_helpers.h"

using namespace crmsync;
using namespace crmsync::test;

namespace {

struct Ledger {
  TempDir dir;
  SqliteStore store{dir / "store.db"};
};

IdentifierLink linkOf(Identifier id, std::int64_t firstSeenMs, std::string reason = "sender") {
  return {std::move(id), "whatsapp", std::move(reason), firstSeenMs};
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(an_identifier_links_once_and_never_moves, Ledger) {
  const std::int64_t anna = store.createPerson("Anna", kT0);
  const std::int64_t boris = store.createPerson("Boris", kT0 + 1);
  BOOST_TEST(anna != boris);
  BOOST_TEST(!store.findPerson(phone("+79161234567")).has_value());

  BOOST_TEST(store.link(anna, linkOf(phone("+79161234567"), kT0 + 5, "sender of wamid.1")));
  BOOST_TEST(!store.link(anna, linkOf(phone("+79161234567"), kT0 + 9, "again")));   // idempotent
  BOOST_TEST(!store.link(boris, linkOf(phone("+79161234567"), kT0 + 9, "steal")));  // conflict
  BOOST_TEST(store.findPerson(phone("+79161234567")).value() == anna);

  auto a = store.person(anna).value();
  BOOST_TEST_REQUIRE(a.identifiers.size() == 1u);
  BOOST_TEST(a.identifiers[0].reason == "sender of wamid.1");  // the first link is kept as it was
  BOOST_TEST(a.identifiers[0].firstSeenMs == kT0 + 5);
  BOOST_TEST(a.identifiers[0].source == "whatsapp");
  BOOST_TEST(store.person(boris).value().identifiers.empty());
}

BOOST_FIXTURE_TEST_CASE(identifier_kind_is_part_of_the_key, Ledger) {
  const std::int64_t p1 = store.createPerson("One", kT0);
  const std::int64_t p2 = store.createPerson("Two", kT0);
  BOOST_TEST(store.link(p1, linkOf({IdentifierKind::kPhone, "+15551234567"}, kT0)));
  BOOST_TEST(store.link(p2, linkOf({IdentifierKind::kPhoneRaw, "+15551234567"}, kT0)));
  BOOST_TEST(store.findPerson({IdentifierKind::kPhone, "+15551234567"}).value() == p1);
  BOOST_TEST(store.findPerson({IdentifierKind::kPhoneRaw, "+15551234567"}).value() == p2);
  BOOST_TEST(!store.findPerson({IdentifierKind::kEmail, "+15551234567"}).has_value());
}

BOOST_FIXTURE_TEST_CASE(person_lists_identifiers_by_first_seen_then_link_order, Ledger) {
  const std::int64_t p = store.createPerson("Vera", kT0 + 3);
  BOOST_TEST(store.link(p, linkOf({IdentifierKind::kEmail, "vera@example.com"}, kT0 + 20)));
  BOOST_TEST(store.link(p, linkOf(phone("+79990000001"), kT0 + 10)));
  BOOST_TEST(store.link(p, linkOf({IdentifierKind::kWhatsappBsuid, "RU.1"}, kT0 + 20)));
  BOOST_TEST(store.link(p, linkOf({IdentifierKind::kTelegram, "vera_t"}, kT0 + 10)));
  auto person = store.person(p).value();
  BOOST_TEST(person.id == p);
  BOOST_TEST(person.displayName == "Vera");
  BOOST_TEST(person.createdAtMs == kT0 + 3);
  BOOST_TEST_REQUIRE(person.identifiers.size() == 4u);
  BOOST_TEST(person.identifiers[0].identifier.key() == "phone:+79990000001");
  BOOST_TEST(person.identifiers[1].identifier.key() == "telegram:vera_t");
  BOOST_TEST(person.identifiers[2].identifier.key() == "email:vera@example.com");
  BOOST_TEST(person.identifiers[3].identifier.key() == "whatsapp_bsuid:RU.1");
}

BOOST_FIXTURE_TEST_CASE(crm_link_is_replaced_per_connector, Ledger) {
  const std::int64_t p = store.createPerson("Anna", kT0);
  BOOST_TEST(!store.crmLink(p, "hubspot").has_value());
  store.setCrmLink(p, {"hubspot", "contact", "101", "single_match", "one contact has +7916…", kT0 + 1});
  store.setCrmLink(p, {"local", "contact", "L-7", "created", "no match", kT0 + 2});
  store.setCrmLink(p, {"hubspot", "contact", "202", "most_recently_updated", "two matches", kT0 + 3});

  auto hub = store.crmLink(p, "hubspot").value();
  BOOST_TEST(hub.connector == "hubspot");
  BOOST_TEST(hub.objectType == "contact");
  BOOST_TEST(hub.recordId == "202");
  BOOST_TEST(hub.rule == "most_recently_updated");
  BOOST_TEST(hub.reason == "two matches");
  BOOST_TEST(hub.linkedAtMs == kT0 + 3);
  BOOST_TEST(store.crmLink(p, "local").value().recordId == "L-7");

  auto person = store.person(p).value();
  BOOST_TEST_REQUIRE(person.crmLinks.size() == 2u);
  BOOST_TEST(person.crmLinks[0].connector == "hubspot");
  BOOST_TEST(person.crmLinks[0].recordId == "202");
  BOOST_TEST(person.crmLinks[1].connector == "local");
}

BOOST_FIXTURE_TEST_CASE(unknown_persons, Ledger) {
  BOOST_TEST(!store.person(42).has_value());
  BOOST_TEST(!store.crmLink(42, "local").has_value());
  BOOST_CHECK_EXCEPTION(store.link(42, linkOf(phone("+1"), kT0)), StoreError, [](const StoreError& e) {
    return std::string(e.what()) == "link: unknown person 42";
  });
  BOOST_CHECK_THROW(store.setCrmLink(42, {"local", "contact", "1", "created", "", kT0}), StoreError);
  BOOST_TEST(!store.findPerson(phone("+1")).has_value());  // the failed link left nothing behind
}
