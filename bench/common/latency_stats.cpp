#include "common/latency_stats.h"

#include <algorithm>
#include <cmath>

namespace crmsync::bench {
namespace {

double rankMs(const std::vector<std::int64_t>& sorted, double fraction) {
  auto rank = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(sorted.size())));
  if (rank == 0) rank = 1;
  return static_cast<double>(sorted[rank - 1]) / 1000.0;
}

}  // namespace

LatencySummary summarise(std::vector<std::int64_t>& samplesUs) {
  LatencySummary out;
  if (samplesUs.empty()) return out;
  std::sort(samplesUs.begin(), samplesUs.end());
  out.count = samplesUs.size();
  out.p50Ms = rankMs(samplesUs, 0.50);
  out.p99Ms = rankMs(samplesUs, 0.99);
  out.maxMs = static_cast<double>(samplesUs.back()) / 1000.0;
  return out;
}

}  // namespace crmsync::bench
