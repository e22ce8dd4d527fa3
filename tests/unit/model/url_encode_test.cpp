#define BOOST_TEST_MODULE url_encode
#include <boost/test/unit_test.hpp>

#include "crmsync/http_client.h"

using crmsync::urlEncode;

BOOST_AUTO_TEST_CASE(unreserved_characters_stay_everything_else_is_percent_encoded) {
  BOOST_TEST(urlEncode("AZaz09-_.~") == "AZaz09-_.~");
  BOOST_TEST(urlEncode("+49 151 123") == "%2B49%20151%20123");
  BOOST_TEST(urlEncode("a&b=c/d?e#f") == "a%26b%3Dc%2Fd%3Fe%23f");
  BOOST_TEST(urlEncode("\xD0\x96") == "%D0%96");  // UTF-8 bytes one by one, upper-case hex
  BOOST_TEST(urlEncode("") == "");
}
