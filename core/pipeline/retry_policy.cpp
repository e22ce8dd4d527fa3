#include "pipeline/retry_policy.h"

#include <algorithm>

namespace crmsync {

std::int64_t RetryPolicy::delayMs(int attempts, const Outcome& outcome, double unit) const {
  // Full exponential step, then "equal jitter": half fixed, half random, so that a burst of failures
  // spreads out without ever retrying immediately.
  int shift = std::clamp(attempts - 1, 0, 30);
  std::int64_t step = std::min(maxMs_, initialMs_ << std::min(shift, 20));
  std::int64_t jittered = step / 2 + static_cast<std::int64_t>(static_cast<double>(step / 2) * unit);
  std::int64_t asked = outcome.retryAfter.count();
  return std::max(jittered, asked);
}

}  // namespace crmsync
