#pragma once
// When to try a failed event again: exponential backoff with jitter, never earlier than the CRM asked
// (Retry-After), and a limit after which the event is dead-lettered. Pure; thread-safe.

#include <cstdint>
#include <random>

#include "crmsync/result.h"

namespace crmsync {

class RetryPolicy {
 public:
  RetryPolicy(std::int64_t initialMs, std::int64_t maxMs, int maxAttempts)
      : initialMs_(initialMs), maxMs_(maxMs), maxAttempts_(maxAttempts) {}

  // `attempts` = failures so far including this one. `unit` in [0,1) draws the jitter.
  std::int64_t delayMs(int attempts, const Outcome& outcome, double unit) const;
  bool exhausted(int attempts) const { return attempts >= maxAttempts_; }
  int maxAttempts() const { return maxAttempts_; }

 private:
  std::int64_t initialMs_;
  std::int64_t maxMs_;
  int maxAttempts_;
};

}  // namespace crmsync
