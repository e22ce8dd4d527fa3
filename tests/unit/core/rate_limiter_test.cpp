#define BOOST_TEST_MODULE rate_limiter
#include <boost/test/unit_test.hpp>

#include "pipeline/rate_limiter.h"

using namespace crmsync;

BOOST_AUTO_TEST_CASE(sliding_window_never_allows_more_than_the_budget_in_any_window) {
  ManualClock clock(0);
  RateLimiter limiter({{"default", 4, 1000, 0}}, clock);
  for (int i = 0; i < 4; ++i) BOOST_TEST(limiter.tryAcquire("default") == 0);
  std::int64_t wait = limiter.tryAcquire("default");
  BOOST_TEST(wait == 1101);  // the window plus the 10% safety margin
  clock.advanceMs(1000);
  BOOST_TEST(limiter.tryAcquire("default") > 0);  // a CRM counting arrivals could still see 5 in a second
  clock.advanceMs(101);
  BOOST_TEST(limiter.tryAcquire("default") == 0);  // the first slot left the guarded window
}

BOOST_AUTO_TEST_CASE(scoped_budgets_apply_on_top_of_the_default_one) {
  ManualClock clock(0);
  RateLimiter limiter({{"default", 10, 1000, 0}, {"search", 2, 1000, 0}}, clock);
  BOOST_TEST(limiter.tryAcquire("search") == 0);
  BOOST_TEST(limiter.tryAcquire("search") == 0);
  BOOST_TEST(limiter.tryAcquire("search") > 0);
  for (int i = 0; i < 8; ++i) BOOST_TEST(limiter.tryAcquire("write") == 0);  // 2 search + 8 = default's 10
  BOOST_TEST(limiter.tryAcquire("write") > 0);
}

BOOST_AUTO_TEST_CASE(token_bucket_allows_a_burst_then_the_steady_rate) {
  ManualClock clock(0);
  RateLimiter limiter({{"default", 2, 1000, 50}}, clock);  // Bitrix24: 2 req/s, burst 50
  for (int i = 0; i < 50; ++i) BOOST_TEST(limiter.tryAcquire("default") == 0);
  std::int64_t wait = limiter.tryAcquire("default");
  BOOST_TEST(wait > 500);   // refilled at 90% of 2/s: one token takes ~556 ms
  BOOST_TEST(wait <= 560);
  clock.advanceMs(wait);
  BOOST_TEST(limiter.tryAcquire("default") == 0);
  BOOST_TEST(limiter.tryAcquire("default") > 0);
}

BOOST_AUTO_TEST_CASE(nothing_goes_before_a_retry_after) {
  ManualClock clock(0);
  RateLimiter limiter({{"default", 100, 1000, 0}}, clock);
  limiter.blockUntil(30000);
  BOOST_TEST(limiter.tryAcquire("default") == 30000);
  clock.advanceMs(29999);
  BOOST_TEST(limiter.tryAcquire("default") == 1);
  clock.advanceMs(1);
  BOOST_TEST(limiter.tryAcquire("default") == 0);
}
