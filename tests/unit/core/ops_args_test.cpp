#define BOOST_TEST_MODULE ops_args
#include <boost/test/unit_test.hpp>

#include "service/ops_args.h"

using namespace crmsync;

BOOST_AUTO_TEST_CASE(times_are_rfc3339_or_epoch_milliseconds) {
  BOOST_TEST(parseTimeMs("1763712000000") == 1763712000000);
  BOOST_TEST(parseTimeMs("2025-11-21T08:00:00Z") == 1763712000000);
  BOOST_TEST(parseTimeMs("2025-11-21T09:00:00+01:00") == 1763712000000);
  BOOST_TEST(parseTimeMs("2025-11-21T08:00:00.250Z") == 1763712000250);
  BOOST_TEST(formatTimeMs(1763712000250) == "2025-11-21T08:00:00.250Z");
  for (const char *bad :
       {"yesterday", "2025-11-21", "2025-11-21T08:00:00", "", "-5"}) {
    BOOST_CHECK_THROW(parseTimeMs(bad), UsageError);
  }
}

BOOST_AUTO_TEST_CASE(options_flags_and_positionals) {
  OpsArgs args({"retry", "--all", "--match=timeout", "--limit", "5", "7"});
  BOOST_TEST(args.flag("--all"));
  BOOST_TEST(!args.flag("--json"));
  BOOST_TEST(args.option("--match").value() == "timeout");
  BOOST_TEST(args.number("--limit").value() == 5);
  BOOST_TEST(!args.option("--person").has_value());
  BOOST_TEST(args.positional() == (std::vector<std::string>{"retry", "7"}));
  OpsArgs unknown({"--bogus"});
  BOOST_CHECK_THROW(unknown.positional(), UsageError);
  OpsArgs missing({"--limit"});
  BOOST_CHECK_THROW(missing.option("--limit"), UsageError);
  OpsArgs notNumber({"--limit", "ten"});
  BOOST_CHECK_THROW(notNumber.number("--limit"), UsageError);
  BOOST_TEST(parseId("42", "event id") == 42);
  BOOST_CHECK_THROW(parseId("0", "event id"), UsageError);
  BOOST_CHECK_THROW(parseId("4x", "event id"), UsageError);
}

BOOST_AUTO_TEST_CASE(the_actor_is_the_option_else_the_user) {
  OpsArgs args({"--actor", "alice"});
  BOOST_TEST(actorFrom(args) == "alice");
  setenv("USER", "bob", 1);
  OpsArgs none({});
  BOOST_TEST(actorFrom(none) == "bob");
}
