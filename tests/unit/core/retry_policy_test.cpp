#define BOOST_TEST_MODULE retry_policy
#include <boost/test/unit_test.hpp>

#include "pipeline/retry_policy.h"

using namespace crmsync;

BOOST_AUTO_TEST_CASE(delay_grows_exponentially_with_jitter_within_half_to_full_step) {
  RetryPolicy p(1000, 60000, 10);
  Outcome o = Outcome::retryable("503");
  BOOST_TEST(p.delayMs(1, o, 0.0) == 500);
  BOOST_TEST(p.delayMs(1, o, 0.999) <= 1000);
  BOOST_TEST(p.delayMs(3, o, 0.0) == 2000);
  BOOST_TEST(p.delayMs(3, o, 0.999) <= 4000);
  BOOST_TEST(p.delayMs(3, o, 0.999) > 3900);
}

BOOST_AUTO_TEST_CASE(delay_is_capped) {
  RetryPolicy p(1000, 60000, 100);
  BOOST_TEST(p.delayMs(40, Outcome::retryable("x"), 0.999) <= 60000);
  BOOST_TEST(p.delayMs(40, Outcome::retryable("x"), 0.0) == 30000);
}

BOOST_AUTO_TEST_CASE(retry_after_from_the_crm_is_never_undercut) {
  RetryPolicy p(1000, 60000, 10);
  Outcome o = Outcome::retryable("429", std::chrono::milliseconds(45000));
  BOOST_TEST(p.delayMs(1, o, 0.0) == 45000);
  BOOST_TEST(p.delayMs(1, o, 0.999) == 45000);
}

BOOST_AUTO_TEST_CASE(exhausted_after_max_attempts) {
  RetryPolicy p(10, 100, 3);
  BOOST_TEST(!p.exhausted(2));
  BOOST_TEST(p.exhausted(3));
}
