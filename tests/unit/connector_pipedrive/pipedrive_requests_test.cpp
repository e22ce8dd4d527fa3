#define BOOST_TEST_MODULE pipedrive_requests
#include "crm/pipedrive/pipedrive_requests.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "crmsync/phone.h"

using namespace crmsync;
using namespace crmsync::connectors::pipedrive;
using nlohmann::json;

BOOST_AUTO_TEST_CASE(phone_search_uses_the_national_significant_number_once_per_number) {
  LookupQuery q{{{IdentifierKind::kPhone, "+79161234567"}, {IdentifierKind::kPhone, "+4915112345678"}},
                {phone::variants("+79161234567"), phone::variants("+4915112345678"), phone::variants("+79161234567")}};
  BOOST_TEST(phoneSearchTerms(q) == (std::vector<std::string>{"9161234567", "15112345678"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(unparseable_numbers_are_searched_by_their_digits) {
  LookupQuery q{{{IdentifierKind::kPhoneRaw, "ext. 12-34"}, {IdentifierKind::kPhoneRaw, "n/a"}}, {}};
  BOOST_TEST(phoneSearchTerms(q) == (std::vector<std::string>{"1234"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(search_requests_go_to_v2_with_the_search_scope_and_no_secret) {
  HttpRequest r = searchPersons("+7 916", "phone", false, "b2Zmc2V0OjEw");
  BOOST_TEST(r.method == "GET");
  BOOST_TEST(r.target ==
             "/api/v2/persons/search?term=%2B7%20916&fields=phone&exact_match=false&limit=500&cursor=b2Zmc2V0OjEw");
  BOOST_TEST(r.scope == "search");
  BOOST_TEST(r.headers.count("x-api-token") == 0u);
  BOOST_TEST(r.target.find("api_token") == std::string::npos);
  HttpRequest exact = searchPersons("crmsync-person-7", "custom_fields", true);
  BOOST_TEST(exact.target ==
             "/api/v2/persons/search?term=crmsync-person-7&fields=custom_fields&exact_match=true&limit=500");
}

BOOST_AUTO_TEST_CASE(other_requests_use_the_default_scope) {
  for (const HttpRequest& r :
       {getPerson("5"), listPersonsByIds({"1", "2"}), createNote(json::object()), listNotes({"5", "", "", 0}),
        listOpenDeals("5", ""), listStages(""), listPersonFields(0)}) {
    BOOST_TEST(r.scope == "default", r.target);
  }
  BOOST_TEST(listPersonsByIds({"1", "2"}).target == "/api/v2/persons?ids=1%2C2&limit=500");
  BOOST_TEST(listPersonFields(500).target == "/api/v1/personFields?start=500&limit=500");
}

BOOST_AUTO_TEST_CASE(note_lookup_is_per_person_newest_first_and_optionally_dated) {
  BOOST_TEST(listNotes({"42", "", "", 0}).target ==
             "/api/v1/notes?person_id=42&sort=add_time%20DESC&start=0&limit=500");
  BOOST_TEST(
      listNotes({"42", "2023-11-13", "2023-11-15", 500}).target ==
      "/api/v1/notes?person_id=42&start_date=2023-11-13&end_date=2023-11-15&sort=add_time%20DESC&start=500&limit=500");
}

BOOST_AUTO_TEST_CASE(writes_carry_json_bodies) {
  HttpRequest post = createNote({{"content", "<p>x</p>"}, {"person_id", 42}});
  BOOST_TEST(post.method == "POST");
  BOOST_TEST(post.target == "/api/v1/notes");
  BOOST_TEST(post.headers.at("Content-Type") == "application/json");
  BOOST_TEST(json::parse(post.body) == (json{{"content", "<p>x</p>"}, {"person_id", 42}}));
  HttpRequest put = updateNote("7", "<p>y</p>");
  BOOST_TEST(put.method == "PUT");
  BOOST_TEST(put.target == "/api/v1/notes/7");
  BOOST_TEST(json::parse(put.body) == (json{{"content", "<p>y</p>"}}));
  HttpRequest patch = updatePerson("9", {{"name", "Anna"}});
  BOOST_TEST(patch.method == "PATCH");
  BOOST_TEST(patch.target == "/api/v2/persons/9");
  HttpRequest field = createPersonField("crmsync key");
  BOOST_TEST(json::parse(field.body) == (json{{"name", "crmsync key"}, {"field_type", "varchar"}}));
}

BOOST_AUTO_TEST_CASE(open_deals_are_read_newest_first_page_by_page) {
  BOOST_TEST(listOpenDeals("42", "").target ==
             "/api/v2/deals?person_id=42&status=open&sort_by=update_time&sort_direction=desc&limit=500");
  BOOST_TEST(listOpenDeals("42", "abc=").target.find("&cursor=abc%3D") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(url_encoding_keeps_only_unreserved_characters) {
  BOOST_TEST(urlEncode("a-Z_0.~") == "a-Z_0.~");
  BOOST_TEST(urlEncode("+7 (916)&x=1") == "%2B7%20%28916%29%26x%3D1");
  BOOST_TEST(urlEncode("Ж") == "%D0%96");
}
