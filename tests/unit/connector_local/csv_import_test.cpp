#define BOOST_TEST_MODULE csv_import
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "crm/local/csv_import.h"
#include "crm/local/csv_reader.h"
#include "crm/local/local_connector.h"
#include "support/test_support.h"

using namespace crmsync;
using namespace crmsync::connectors::local;

namespace {

using Fields = std::vector<std::string>;

struct Fixture {
  test::TempDir dir;
  LocalConnector crm{dir / "crm.sqlite", "RU"};

  ImportReport import(const std::string& content) {
    test::writeFile(dir / "contacts.csv", content);
    return importContactsCsv(crm, dir / "contacts.csv");
  }

  StoredContact contactNamed(const std::string& name) {
    for (std::int64_t id = 1; id <= crm.contactCount() + 10; ++id) {
      auto c = crm.contact(std::to_string(id));
      if (c && c->name == name) return *c;
    }
    BOOST_FAIL("no contact named " + name);
    return {};
  }
};

std::vector<std::string> phonesOf(const StoredContact& c) {
  std::vector<std::string> out;
  for (const StoredPhone& p : c.phones) out.push_back(p.phone);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(reader_handles_quotes_commas_and_line_breaks) {
  auto records = parseCsv("a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",,x\n\nlast,row");
  BOOST_TEST_REQUIRE(records.size() == 3u);
  BOOST_TEST(records[0].line == 1u);
  BOOST_TEST(records[0].fields == (Fields{"a", "b, c", "say \"hi\""}), boost::test_tools::per_element());
  BOOST_TEST(records[1].line == 2u);
  BOOST_TEST(records[1].fields == (Fields{"multi\nline", "", "x"}), boost::test_tools::per_element());
  BOOST_TEST(records[2].line == 5u);  // the quoted line break and the blank line both count
  BOOST_TEST(records[2].fields == (Fields{"last", "row"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(reader_skips_bom_and_accepts_lone_cr) {
  auto records = parseCsv("\xEF\xBB\xBFname\rIvan\r");
  BOOST_TEST_REQUIRE(records.size() == 2u);
  BOOST_TEST(records[0].fields == Fields{"name"}, boost::test_tools::per_element());
  BOOST_TEST(records[1].line == 2u);
}

BOOST_AUTO_TEST_CASE(reader_reports_malformed_records_and_resumes) {
  auto records = parseCsv("a,b\"c\n\"x\"y,z\nok,1\n\"open");
  BOOST_TEST_REQUIRE(records.size() == 4u);
  BOOST_TEST(records[0].error.find("quote inside an unquoted field") == 0u);
  BOOST_TEST(records[1].error == "text after a closing quote");
  BOOST_TEST(records[2].error.empty());
  BOOST_TEST(records[2].fields == (Fields{"ok", "1"}), boost::test_tools::per_element());
  BOOST_TEST(records[3].line == 4u);
  BOOST_TEST(records[3].error == "unterminated quoted field");
}

BOOST_FIXTURE_TEST_SUITE(import, Fixture)

BOOST_AUTO_TEST_CASE(bad_rows_are_reported_with_line_numbers_and_skipped) {
  ImportReport report = import(
      "name,phone,email,deal_title,deal_status,deal_amount\n"
      "\"Petrov, Ivan\",8 (916) 123-45-67,Ivan@Example.ru,\"Order \"\"Big\"\"\",open,1200.50\n"
      ",+7 495 123-45-67,,,,\n"
      "Anna,\"+7 (812) 123-45-67\",anna-at-example,,,\n"
      "\"Multi\n"
      "line name\",+7 916 000 00 01,,,,\n"
      "Bob,+1 415 555 2671,,Deal,pending,\n"
      "Carl,+1 415 555 2672,,Deal,,1,200\n"
      "Dan,+1 415 555 2673,ivan@example.ru,,,\n"
      "Eve,+1 415 555 2674,,,won,\n"
      "Fay,+1 415 555 2675,,Deal,,\"1,200\"\n"
      ",,,,,\n");
  std::vector<std::string> expected = {
      "contacts.csv:3: column 'name' is empty",
      "contacts.csv:4: column 'email' is not an email address: 'anna-at-example'",
      "contacts.csv:7: column 'deal_status' must be open, won or lost, not 'pending'",
      "contacts.csv:8: 7 fields, the header has 6",
      "contacts.csv:9: email:ivan@example.ru already belongs to contact 1",
      "contacts.csv:10: column 'deal_title' is empty but other deal columns are filled",
      "contacts.csv:11: column 'deal_amount' is not a decimal number: '1,200'",
  };
  BOOST_TEST(report.errors == expected, boost::test_tools::per_element());
  BOOST_TEST(report.rows == 9u);
  BOOST_TEST(report.contactsImported == 2u);
  BOOST_TEST(report.rowsSkipped == 7u);
  BOOST_TEST(report.dealsImported == 1u);
  BOOST_TEST(crm.contactCount() == 2);

  StoredContact ivan = contactNamed("Petrov, Ivan");
  BOOST_TEST(phonesOf(ivan) == Fields{"8 (916) 123-45-67"}, boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(ivan.identifiers.size() == 1u);
  BOOST_TEST(ivan.identifiers[0].key() == "email:ivan@example.ru");
  auto ctx = crm.context({"contact", ivan.id});
  BOOST_TEST_REQUIRE(ctx.isOk());
  BOOST_TEST_REQUIRE(ctx.value.deals.size() == 1u);
  BOOST_TEST(ctx.value.deals[0].title == "Order \"Big\"");
  BOOST_TEST(ctx.value.deals[0].amount == "1200.50");
  BOOST_TEST(contactNamed("Multi\nline name").phones.size() == 1u);
}

BOOST_AUTO_TEST_CASE(bom_crlf_and_header_case_are_tolerated) {
  ImportReport report = import("\xEF\xBB\xBF Name ,Phone,Owner\r\nIvan,8 916 123 45 67,anna\r\n\r\n");
  BOOST_TEST(report.ok());
  BOOST_TEST(report.contactsImported == 1u);
  StoredContact ivan = contactNamed("Ivan");
  BOOST_TEST(ivan.ownerId == "anna");
  BOOST_TEST(ivan.source == "csv");
  BOOST_TEST_REQUIRE(ivan.phones.size() == 1u);
  BOOST_TEST(ivan.phones[0].phone == "8 916 123 45 67");
  BOOST_TEST(ivan.phones[0].e164 == "+79161234567");
}

BOOST_AUTO_TEST_CASE(every_phone_column_is_imported_in_order) {
  ImportReport report = import(
      "name,phone,phone2,mobile_phone,telephone,phone_work\n"
      "Ivan,8 (916) 123-45-67,,+7 495 123 45 67,8-812-123-45-67,PHONE_NUMBER\n");
  BOOST_TEST(report.ok());
  Fields expected = {"8 (916) 123-45-67", "+7 495 123 45 67", "8-812-123-45-67", "PHONE_NUMBER"};
  StoredContact ivan = contactNamed("Ivan");
  BOOST_TEST(phonesOf(ivan) == expected, boost::test_tools::per_element());
  BOOST_TEST(ivan.phones[2].e164 == "+78121234567");
  BOOST_TEST(ivan.phones[3].e164.empty());
}

BOOST_AUTO_TEST_CASE(unknown_column_is_an_error_and_nothing_is_imported) {
  ImportReport report = import("name,phone,fax\nIvan,8 916 123 45 67,123\n");
  BOOST_TEST_REQUIRE(report.errors.size() == 1u);
  BOOST_TEST(report.errors[0].find("contacts.csv:1: unknown column 'fax'") == 0u, report.errors[0]);
  BOOST_TEST(report.contactsImported == 0u);
  BOOST_TEST(crm.contactCount() == 0);
}

BOOST_AUTO_TEST_CASE(header_problems_are_all_reported) {
  ImportReport report = import("email,email,\nx@y,x@y,\n");
  std::vector<std::string> expected = {
      "contacts.csv:1: column 'email' appears twice",
      "contacts.csv:1: column 3 has no name",
      "contacts.csv:1: column 'name' is required",
      "contacts.csv:1: no phone column (e.g. phone, phone2, mobile_phone)",
  };
  BOOST_TEST(report.errors == expected, boost::test_tools::per_element());
  BOOST_TEST(crm.contactCount() == 0);
}

BOOST_AUTO_TEST_CASE(empty_file_and_malformed_rows) {
  BOOST_TEST(import("").errors == Fields{"contacts.csv:1: no header row"}, boost::test_tools::per_element());
  ImportReport report = import("name,phone\nA\"b,1\nOk,+7 916 123 45 67\n\"Open,2\n");
  std::vector<std::string> expected = {
      "contacts.csv:2: quote inside an unquoted field (quote the whole field and double the quote)",
      "contacts.csv:4: unterminated quoted field",
  };
  BOOST_TEST(report.errors == expected, boost::test_tools::per_element());
  BOOST_TEST(report.contactsImported == 1u);
}

BOOST_AUTO_TEST_CASE(missing_file_throws) {
  BOOST_CHECK_THROW(importContactsCsv(crm, dir / "nope.csv"), std::runtime_error);
}

BOOST_AUTO_TEST_SUITE_END()
