#define BOOST_TEST_MODULE phone_variants
#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "crmsync/phone.h"

namespace phone = crmsync::phone;
using crmsync::PhoneVariants;

BOOST_AUTO_TEST_CASE(variants_of_a_russian_mobile) {
  PhoneVariants v = phone::variants("+79161234567");
  BOOST_TEST(v.e164 == "+79161234567");
  BOOST_TEST(v.e164Digits == "79161234567");
  BOOST_TEST(v.international == "+7 916 123-45-67");
  BOOST_TEST(v.national == "8 (916) 123-45-67");
  BOOST_TEST(v.nationalDigits == "89161234567");
  BOOST_TEST(v.significant == "9161234567");
  std::vector<std::string> all = {"+79161234567",      "79161234567", "+7 916 123-45-67",
                                  "8 (916) 123-45-67", "89161234567", "9161234567"};
  BOOST_TEST(v.all() == all, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(variants_of_a_st_petersburg_landline) {
  PhoneVariants v = phone::variants("+78121234567");
  BOOST_TEST(v.national == "8 (812) 123-45-67");
  BOOST_TEST(v.nationalDigits == "88121234567");
  BOOST_TEST(v.significant == "8121234567");
}

BOOST_AUTO_TEST_CASE(variants_of_a_german_mobile) {
  PhoneVariants v = phone::variants("+4915112345678");
  BOOST_TEST(v.e164 == "+4915112345678");
  BOOST_TEST(v.e164Digits == "4915112345678");
  BOOST_TEST(v.international == "+49 1511 2345678");
  BOOST_TEST(v.national == "01511 2345678");
  BOOST_TEST(v.nationalDigits == "015112345678");
  BOOST_TEST(v.significant == "15112345678");
}

BOOST_AUTO_TEST_CASE(variants_of_a_berlin_landline) {
  PhoneVariants v = phone::variants("+49301234567");
  BOOST_TEST(v.international == "+49 30 1234567");
  BOOST_TEST(v.national == "030 1234567");
  BOOST_TEST(v.nationalDigits == "0301234567");
  BOOST_TEST(v.significant == "301234567");
}

BOOST_AUTO_TEST_CASE(variants_of_a_us_number_have_no_trunk_prefix) {
  PhoneVariants v = phone::variants("+14155552671");
  BOOST_TEST(v.e164 == "+14155552671");
  BOOST_TEST(v.e164Digits == "14155552671");
  BOOST_TEST(v.international == "+1 415-555-2671");
  BOOST_TEST(v.national == "(415) 555-2671");
  BOOST_TEST(v.nationalDigits == "4155552671");
  BOOST_TEST(v.significant == "4155552671");
  BOOST_TEST(v.all().size() == 5u);  // nationalDigits == significant, listed once
}

BOOST_AUTO_TEST_CASE(variants_of_an_argentine_mobile_use_the_15_form_nationally) {
  PhoneVariants v = phone::variants("+5491123456789");
  BOOST_TEST(v.international == "+54 9 11 2345-6789");
  BOOST_TEST(v.national == "011 15-2345-6789");
  BOOST_TEST(v.nationalDigits == "0111523456789");
  BOOST_TEST(v.significant == "91123456789");
}

BOOST_AUTO_TEST_CASE(variants_normalise_a_legacy_mexican_wa_id) {
  PhoneVariants v = phone::variants("+5215512345678");
  BOOST_TEST(v.e164 == "+525512345678");
  BOOST_TEST(v.national == "55 1234 5678");
  BOOST_TEST(v.significant == "5512345678");
}

BOOST_AUTO_TEST_CASE(variants_of_unparseable_text_keep_what_they_can) {
  PhoneVariants garbage = phone::variants("PHONE_NUMBER");
  BOOST_TEST(garbage.e164 == "PHONE_NUMBER");
  BOOST_TEST(garbage.e164Digits.empty());
  BOOST_TEST(garbage.national.empty());
  BOOST_TEST(garbage.significant.empty());

  PhoneVariants tooShort = phone::variants("+712");
  BOOST_TEST(tooShort.e164 == "+712");
  BOOST_TEST(tooShort.e164Digits == "712");
  BOOST_TEST(tooShort.international.empty());
  BOOST_TEST(tooShort.nationalDigits.empty());

  BOOST_TEST(phone::variants("").all().empty());
}

BOOST_AUTO_TEST_CASE(same_number_across_written_forms) {
  BOOST_TEST(phone::sameNumber("8 (916) 123-45-67", "+7 916 1234567", "RU"));
  BOOST_TEST(phone::sameNumber("79161234567", "+79161234567", "RU"));
  BOOST_TEST(phone::sameNumber("0151 1234 5678", "+49 (0)151 1234 5678", "DE"));
  BOOST_TEST(phone::sameNumber("(415) 555-2671", "+1 415 555 2671", "US"));
  BOOST_TEST(phone::sameNumber("011 15-2345-6789", "+54 9 11 2345-6789", "AR"));
  BOOST_TEST(phone::sameNumber("8 (812) 123-45-67", "+7 812 123 45 67", "RU"));
}

BOOST_AUTO_TEST_CASE(different_numbers_are_not_the_same) {
  BOOST_TEST(!phone::sameNumber("+79161234567", "+19161234567", "RU"));
  BOOST_TEST(!phone::sameNumber("8 (812) 123-45-67", "+7 912 123 45 67", "RU"));
  // The default region decides what a national spelling means.
  BOOST_TEST(!phone::sameNumber("(415) 555-2671", "+14155552671", "RU"));
  BOOST_TEST(phone::sameNumber("(415) 555-2671", "+14155552671", "US"));
}

BOOST_AUTO_TEST_CASE(same_number_for_unparseable_text_needs_identical_text) {
  BOOST_TEST(phone::sameNumber(" PHONE_NUMBER ", "PHONE_NUMBER", "RU"));
  BOOST_TEST(!phone::sameNumber("PHONE_NUMBER", "+79161234567", "RU"));
  BOOST_TEST(!phone::sameNumber("abc", "abd", "RU"));
  BOOST_TEST(!phone::sameNumber("", "  ", "RU"));
}

BOOST_AUTO_TEST_CASE(mask_keeps_prefix_and_last_two) {
  BOOST_TEST(phone::mask("+79161234567") == "+7916*****67");
  BOOST_TEST(phone::mask("+4915112345678") == "+4915*******78");
  BOOST_TEST(phone::mask("+14155552671") == "+1415*****71");
}

BOOST_AUTO_TEST_CASE(mask_always_hides_at_least_five_characters) {
  BOOST_TEST(phone::mask("+4930123") == "+*****23");
  BOOST_TEST(phone::mask("+49301234") == "+4*****34");
  BOOST_TEST(phone::mask("1234567") == "*****67");
  BOOST_TEST(phone::mask("12345") == "***45");
  BOOST_TEST(phone::mask("12") == "**");
  BOOST_TEST(phone::mask("").empty());
}

BOOST_AUTO_TEST_CASE(mask_counts_characters_not_bytes) { BOOST_TEST(phone::mask("номер") == "***ер"); }

BOOST_AUTO_TEST_CASE(known_regions) {
  BOOST_TEST(phone::isKnownRegion("RU"));
  BOOST_TEST(phone::isKnownRegion("BR"));
  BOOST_TEST(!phone::isKnownRegion("ZZ"));
  BOOST_TEST(!phone::isKnownRegion("XX"));
  BOOST_TEST(!phone::isKnownRegion(""));
  BOOST_TEST(!phone::isKnownRegion("ru"));  // region codes are upper case, as in the config docs
}

BOOST_AUTO_TEST_CASE(safe_from_several_threads) {
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &failures] {
      for (int i = 0; i < 500; ++i) {
        if (phone::toE164("8 (916) 123-45-67", "RU") != std::optional<std::string>("+79161234567")) ++failures[t];
        if (phone::variants("+4915112345678").national != "01511 2345678") ++failures[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int f : failures) BOOST_TEST(f == 0);
}
