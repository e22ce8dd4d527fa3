#pragma once
// Prometheus counters and gauges, by name and one optional label. Thread-safe: counters are atomics
// registered once; rendering takes a snapshot. Tests assert on these values rather than on log text.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace crmsync {

class Counter {
 public:
  void inc(std::int64_t by = 1) { value_.fetch_add(by, std::memory_order_relaxed); }
  std::int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// One gauge value of a group read together (see Metrics::gaugeGroup).
struct GaugeSample {
  std::string name;
  std::string help;
  double value = 0;
};

class Metrics {
 public:
  // The counter `name{label}`; created on first use, the same object afterwards. `help` is kept from
  // the first registration. label is "key=\"value\"" or empty.
  Counter& counter(const std::string& name, const std::string& help, const std::string& label = "");
  // A gauge read at render time (queue depth, store rows).
  void gauge(const std::string& name, const std::string& help, std::function<double()> read);
  // Several gauges from one read at render time: e.g. every store gauge from ONE counts() snapshot per
  // scrape, so they agree with each other and the store is asked once. Registering `key` again replaces it.
  void gaugeGroup(const std::string& key, std::function<std::vector<GaugeSample>()> read);
  // Sum and count of a duration, per stage: `<name>_sum{stage}` and `<name>_count{stage}`.
  void observeSeconds(const std::string& name, const std::string& stage, double seconds);

  std::string renderPrometheus() const;
  std::int64_t value(const std::string& name, const std::string& label = "") const;  // 0 if unknown

 private:
  struct Family {
    std::string help;
    std::string type;
    std::map<std::string, std::unique_ptr<Counter>> series;  // label -> counter
    std::function<double()> gauge;
    std::map<std::string, std::pair<double, std::int64_t>> durations;  // stage -> (sum, count)
  };
  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
  std::map<std::string, std::function<std::vector<GaugeSample>()>> groups_;
};

}  // namespace crmsync
