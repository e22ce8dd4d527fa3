#include "service/metrics.h"

#include <sstream>

namespace crmsync {

Counter& Metrics::counter(const std::string& name, const std::string& help, const std::string& label) {
  std::lock_guard<std::mutex> lock(mutex_);
  Family& f = families_[name];
  if (f.type.empty()) {
    f.help = help;
    f.type = "counter";
  }
  auto& slot = f.series[label];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

void Metrics::gauge(const std::string& name, const std::string& help, std::function<double()> read) {
  std::lock_guard<std::mutex> lock(mutex_);
  Family& f = families_[name];
  f.help = help;
  f.type = "gauge";
  f.gauge = std::move(read);
}

void Metrics::gaugeGroup(const std::string& key, std::function<std::vector<GaugeSample>()> read) {
  std::lock_guard<std::mutex> lock(mutex_);
  groups_[key] = std::move(read);
}

void Metrics::observeSeconds(const std::string& name, const std::string& stage, double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  Family& f = families_[name];
  if (f.type.empty()) {
    f.help = "Time spent per pipeline stage";
    f.type = "summary";
  }
  auto& d = f.durations[stage];
  d.first += seconds;
  d.second += 1;
}

std::int64_t Metrics::value(const std::string& name, const std::string& label) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto f = families_.find(name);
  if (f == families_.end()) return 0;
  auto s = f->second.series.find(label);
  return s == f->second.series.end() ? 0 : s->second->value();
}

std::string Metrics::renderPrometheus() const {
  // Gauges may read the store; copy them out so the lock is not held while they run.
  struct GaugeRead {
    std::string name, help;
    std::function<double()> read;
  };
  std::vector<GaugeRead> gauges;
  std::vector<std::function<std::vector<GaugeSample>()>> groups;
  std::ostringstream out;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [name, f] : families_) {
      if (f.gauge) {
        gauges.push_back({name, f.help, f.gauge});
        continue;
      }
      out << "# HELP " << name << ' ' << f.help << "\n# TYPE " << name << ' ' << f.type << '\n';
      for (const auto& [label, c] : f.series) {
        out << name << (label.empty() ? "" : "{" + label + "}") << ' ' << c->value() << '\n';
      }
      for (const auto& [stage, d] : f.durations) {
        out << name << "_sum{stage=\"" << stage << "\"} " << d.first << '\n';
        out << name << "_count{stage=\"" << stage << "\"} " << d.second << '\n';
      }
    }
    for (const auto& [key, read] : groups_) groups.push_back(read);
  }
  for (const auto& g : gauges) {
    out << "# HELP " << g.name << ' ' << g.help << "\n# TYPE " << g.name << " gauge\n";
    out << g.name << ' ' << g.read() << '\n';
  }
  for (const auto& read : groups) {
    for (const auto& sample : read()) {
      out << "# HELP " << sample.name << ' ' << sample.help << "\n# TYPE " << sample.name << " gauge\n";
      out << sample.name << ' ' << sample.value << '\n';
    }
  }
  return out.str();
}

}  // namespace crmsync
