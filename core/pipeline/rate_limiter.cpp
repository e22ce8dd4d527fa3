#include "pipeline/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <thread>

namespace crmsync {

namespace {
// Requests spaced correctly here can still arrive bunched at the CRM (scheduling and network jitter), and
// the CRM counts arrivals. Sliding windows are therefore kept 10% longer and buckets refill at 90%: a little
// throughput for never exceeding the budget.
constexpr double kSafety = 0.9;
std::int64_t guardedWindow(std::int64_t windowMs) { return windowMs + windowMs / 10; }
}  // namespace

RateLimiter::RateLimiter(std::vector<RateBudget> budgets, const Clock& clock) : clock_(clock) {
  for (auto& b : budgets) {
    if (b.requests <= 0 || b.windowMs <= 0) continue;
    Bucket bucket{b, {}, static_cast<double>(b.burst), clock.nowMs()};
    buckets_.push_back(std::move(bucket));
  }
}

bool RateLimiter::applies(const Bucket& b, const std::string& scope) const {
  return b.budget.scope == "default" || b.budget.scope == scope;
}

std::int64_t RateLimiter::waitFor(Bucket& b, std::int64_t now) {
  if (b.budget.burst > 0) {
    double rate = kSafety * static_cast<double>(b.budget.requests) / static_cast<double>(b.budget.windowMs);  // per ms
    b.tokens = std::min<double>(b.budget.burst, b.tokens + rate * static_cast<double>(now - b.refilledAtMs));
    b.refilledAtMs = now;
    if (b.tokens >= 1.0) return 0;
    return static_cast<std::int64_t>(std::ceil((1.0 - b.tokens) / rate));
  }
  const std::int64_t window = guardedWindow(b.budget.windowMs);
  while (!b.sent.empty() && b.sent.front() <= now - window) b.sent.pop_front();
  if (static_cast<int>(b.sent.size()) < b.budget.requests) return 0;
  return b.sent.front() + window - now + 1;
}

void RateLimiter::take(Bucket& b, std::int64_t now) {
  if (b.budget.burst > 0) b.tokens -= 1.0;
  else b.sent.push_back(now);
}

std::int64_t RateLimiter::tryAcquire(const std::string& scope) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::int64_t now = clock_.nowMs();
  std::int64_t wait = std::max<std::int64_t>(0, blockedUntilMs_ - now);
  for (auto& b : buckets_) {
    if (applies(b, scope)) wait = std::max(wait, waitFor(b, now));
  }
  if (wait > 0) return wait;
  for (auto& b : buckets_) {
    if (applies(b, scope)) take(b, now);
  }
  return 0;
}

void RateLimiter::acquire(const std::string& scope) {
  for (std::int64_t wait = tryAcquire(scope); wait > 0; wait = tryAcquire(scope)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(wait));
  }
}

void RateLimiter::blockUntil(std::int64_t untilMs) {
  std::lock_guard<std::mutex> lock(mutex_);
  blockedUntilMs_ = std::max(blockedUntilMs_, untilMs);
}

}  // namespace crmsync
