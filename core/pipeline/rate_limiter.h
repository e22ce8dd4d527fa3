#pragma once
// Hard request budgets per connector (and account): a request goes only when every budget that applies
// to its scope has room, and never before a time the CRM named (Retry-After). Shared by all workers of
// a connector, so the budget holds under any backlog. A safety margin (windows 10% longer, buckets at 90%)
// absorbs arrival jitter at the CRM. Thread-safe.

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "crmsync/clock.h"
#include "crmsync/crm_connector.h"

namespace crmsync {

class RateLimiter {
 public:
  RateLimiter(std::vector<RateBudget> budgets, const Clock& clock);

  // 0 when a request in `scope` may go now (its slot is then taken in every applicable budget), else
  // how many milliseconds to wait before asking again.
  std::int64_t tryAcquire(const std::string& scope);
  // Waits (sleeping this thread) until tryAcquire succeeds. For the system clock only.
  void acquire(const std::string& scope);
  // Nothing goes before `untilMs` (the CRM said so, e.g. 429 with Retry-After).
  void blockUntil(std::int64_t untilMs);

 private:
  struct Bucket {
    RateBudget budget;
    std::deque<std::int64_t> sent;  // sliding window: times of the requests inside the window
    double tokens = 0;              // token bucket
    std::int64_t refilledAtMs = 0;
  };
  bool applies(const Bucket& b, const std::string& scope) const;
  std::int64_t waitFor(Bucket& b, std::int64_t now);
  void take(Bucket& b, std::int64_t now);

  const Clock& clock_;
  std::mutex mutex_;
  std::vector<Bucket> buckets_;
  std::int64_t blockedUntilMs_ = 0;
};

}  // namespace crmsync
