#pragma once
// Injected time, so tests control it. SystemClock is thread-safe; ManualClock is safe to read from any
// thread while one thread advances it.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace crmsync {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the unix epoch.
  virtual std::int64_t nowMs() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t nowMs() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t startMs = 1'700'000'000'000) : now_(startMs) {}
  std::int64_t nowMs() const override { return now_.load(); }
  void advanceMs(std::int64_t ms) { now_ += ms; }
  void setMs(std::int64_t ms) { now_ = ms; }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace crmsync
