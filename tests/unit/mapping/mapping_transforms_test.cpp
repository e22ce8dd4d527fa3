#define BOOST_TEST_MODULE mapping_transforms
#include <boost/test/unit_test.hpp>

#include <string>

#include "mapping_test_helpers.h"

using namespace crmsync::mapping::test;

namespace {

Json timestampSources(const Json& timestamp) { return {{"message", {{"timestamp", timestamp}}}}; }

Json datetime(const Json& timestamp, const std::string& tz, const std::string& format) {
  Json op = {{"op", "datetime"}, {"format", format}};
  if (!tz.empty()) op["tz"] = tz;
  return applyField({{"source", "message.timestamp"}, {"transforms", {op}}}, timestampSources(timestamp));
}

Json phone(const std::string& number, const std::string& format) {
  return applyField({{"source", "person.phone"}, {"transforms", {{{"op", "phone"}, {"format", format}}}}},
                    {{"person", {{"phone", number}}}});
}

Json cut(const std::string& text, int max, const std::string& ellipsis = "", const std::string& unit = "") {
  Json op = {{"op", "truncate"}, {"max", max}};
  if (!ellipsis.empty()) op["ellipsis"] = ellipsis;
  if (!unit.empty()) op["unit"] = unit;
  return transformed(text, Json::array({op}));
}

const Json kOwners = {{"owner_by_number", {{"+15550783881", "lawyer-1"}, {"42", "answer"}}}};

Json lookup(const Json& key, const Json& op) {
  return applyField({{"source", "business.number"}, {"transforms", {op}}}, {{"business", {{"number", key}}}}, kOwners);
}

}  // namespace

BOOST_AUTO_TEST_CASE(truncate_counts_characters_not_bytes) {
  BOOST_TEST(cut("Привет мир", 6) == "Привет");
  BOOST_TEST(cut("Привет мир", 10) == "Привет мир");  // fits: unchanged
  BOOST_TEST(cut("Привет мир", 7, "…") == "Привет…");  // the ellipsis counts within max
  BOOST_TEST(cut("abcdef", 4, "...") == "a...");
  BOOST_TEST(cut("a😀b", 2) == "a😀");
}

BOOST_AUTO_TEST_CASE(truncate_never_splits_a_character_in_other_units) {
  BOOST_TEST(cut("a😀b", 2, "", "utf16") == "a");  // the emoji is two UTF-16 units
  BOOST_TEST(cut("a😀b", 3, "", "utf16") == "a😀");
  BOOST_TEST(cut("Привет", 5, "", "bytes") == "Пр");  // 2 bytes each: a third would not fit
  Json shortened = cut("Привет", 5, "", "bytes");
  BOOST_CHECK_NO_THROW(shortened.dump());  // still valid UTF-8
}

BOOST_AUTO_TEST_CASE(datetime_in_a_zone_with_summer_time) {
  // 2024-07-01 12:00 UTC (CEST, +2) and 2024-01-01 12:00 UTC (CET, +1).
  BOOST_TEST(datetime(1719835200, "Europe/Berlin", "%Y-%m-%d %H:%M %Z") == "2024-07-01 14:00 CEST");
  BOOST_TEST(datetime(1704110400, "Europe/Berlin", "%Y-%m-%d %H:%M %Z") == "2024-01-01 13:00 CET");
  BOOST_TEST(datetime(1719835200, "Europe/Moscow", "%d.%m.%Y %H:%M") == "01.07.2024 15:00");
  // The last second before the spring change and the first after it.
  BOOST_TEST(datetime(1711846799, "Europe/Berlin", "%H:%M:%S") == "01:59:59");
  BOOST_TEST(datetime(1711846800, "Europe/Berlin", "%H:%M:%S") == "03:00:00");
}

BOOST_AUTO_TEST_CASE(datetime_iso8601_and_unix_ms) {
  BOOST_TEST(datetime(1719835200, "UTC", "iso8601") == "2024-07-01T12:00:00Z");
  BOOST_TEST(datetime(1719835200, "", "iso8601") == "2024-07-01T12:00:00Z");  // tz defaults to UTC
  BOOST_TEST(datetime(1719835200, "Europe/Moscow", "iso8601") == "2024-07-01T15:00:00+03:00");
  BOOST_TEST(datetime(1704110400, "America/New_York", "iso8601") == "2024-01-01T07:00:00-05:00");
  Json ms = datetime(1719835200, "", "unix_ms");
  BOOST_TEST(ms.is_number_integer());
  BOOST_TEST(ms.get<long long>() == 1719835200000LL);
}

BOOST_AUTO_TEST_CASE(datetime_reads_digit_strings_and_drops_garbage) {
  BOOST_TEST(datetime("1719835200", "UTC", "iso8601") == "2024-07-01T12:00:00Z");
  BOOST_TEST(datetime("yesterday", "UTC", "iso8601").is_null());
  BOOST_TEST(datetime(nullptr, "UTC", "iso8601").is_null());
  BOOST_TEST(datetime(1e300, "UTC", "iso8601").is_null());
  // Unparseable becomes null, then a later default applies.
  Json field = {{"source", "message.timestamp"},
                {"transforms", {{{"op", "datetime"}, {"format", "iso8601"}}, {{"op", "default"}, {"value", "unknown"}}}}};
  BOOST_TEST(applyField(field, timestampSources("not a time")) == "unknown");
}

BOOST_AUTO_TEST_CASE(phone_formats_of_a_russian_number) {
  BOOST_TEST(phone("+79161234567", "e164") == "+79161234567");
  BOOST_TEST(phone("+79161234567", "national") == "8 (916) 123-45-67");
  BOOST_TEST(phone("+79161234567", "international") == "+7 916 123-45-67");
  BOOST_TEST(phone("+79161234567", "digits") == "79161234567");
}

BOOST_AUTO_TEST_CASE(phone_formats_of_a_german_number) {
  BOOST_TEST(phone("+4915112345678", "e164") == "+4915112345678");
  BOOST_TEST(phone("+4915112345678", "national") == "01511 2345678");
  BOOST_TEST(phone("+4915112345678", "international") == "+49 1511 2345678");
  BOOST_TEST(phone("+49 1511 2345678", "digits") == "4915112345678");
}

BOOST_AUTO_TEST_CASE(phone_that_cannot_be_read_is_null) {
  BOOST_TEST(phone("not a number", "e164").is_null());
  BOOST_TEST(phone("89161234567", "e164").is_null());  // no country: national forms need a region
}

BOOST_AUTO_TEST_CASE(lookup_hit_miss_and_default) {
  BOOST_TEST(lookup("+15550783881", {{"op", "lookup"}, {"table", "owner_by_number"}}) == "lawyer-1");
  BOOST_TEST(lookup("+4930000000", {{"op", "lookup"}, {"table", "owner_by_number"}}).is_null());
  BOOST_TEST(lookup("+4930000000", {{"op", "lookup"}, {"table", "owner_by_number"}, {"default", "nobody"}}) ==
             "nobody");
  BOOST_TEST(lookup(nullptr, {{"op", "lookup"}, {"table", "owner_by_number"}, {"default", "nobody"}}) == "nobody");
  BOOST_TEST(lookup(42, {{"op", "lookup"}, {"table", "owner_by_number"}}) == "answer");  // numbers match as text
}

BOOST_AUTO_TEST_CASE(default_replaces_null_and_empty_only) {
  Json op = Json::array({{{"op", "default"}, {"value", "n/a"}}});
  BOOST_TEST(transformed(nullptr, op) == "n/a");
  BOOST_TEST(transformed("", op) == "n/a");
  BOOST_TEST(transformed("x", op) == "x");
  BOOST_TEST(transformed(0, Json::array({{{"op", "default"}, {"value", 5}}})) == 0);
}

BOOST_AUTO_TEST_CASE(upper_lower_and_prefix) {
  BOOST_TEST(transformed("Anna Ёлка Straße", Json::array({{{"op", "upper"}}})) == "ANNA ЁЛКА STRAßE");
  BOOST_TEST(transformed("ПРИВЕТ Élan", Json::array({{{"op", "lower"}}})) == "привет élan");
  BOOST_TEST(transformed("2×3", Json::array({{{"op", "upper"}}})) == "2×3");
  Json prefix = Json::array({{{"op", "prefix"}, {"value", "Tel: "}}});
  BOOST_TEST(transformed("123", prefix) == "Tel: 123");
  BOOST_TEST(transformed("", prefix) == "");  // nothing to label
  BOOST_TEST(transformed(nullptr, prefix).is_null());
}

BOOST_AUTO_TEST_CASE(number_parses_text) {
  Json op = Json::array({{{"op", "number"}}});
  BOOST_TEST(transformed("42", op) == 42);
  BOOST_TEST(transformed(" -3.5 ", op) == -3.5);
  BOOST_TEST(transformed("1e3", op) == 1000.0);
  BOOST_TEST(transformed("12abc", op).is_null());
  BOOST_TEST(transformed("", op).is_null());
  BOOST_TEST(transformed(7, op) == 7);
}

BOOST_AUTO_TEST_CASE(transforms_apply_in_order) {
  Json field = {{"source", "message.text"},
                {"transforms", {{{"op", "default"}, {"value", "(empty)"}}, {{"op", "upper"}}, {{"op", "truncate"}, {"max", 4}}}}};
  BOOST_TEST(applyField(field, Json::object()) == "(EMP");
  BOOST_TEST(applyField(field, {{"message", {{"text", "hello"}}}}) == "HELL");
}
