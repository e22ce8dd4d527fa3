#pragma once
// Latency summary from raw samples (sorting is exact and cheap at benchmark sizes). Not thread-safe:
// collect per thread, then merge.

#include <cstdint>
#include <vector>

namespace crmsync::bench {

struct LatencySummary {
  std::size_t count = 0;
  double p50Ms = 0;
  double p99Ms = 0;
  double maxMs = 0;
};

// `samplesUs` in microseconds; sorted in place. Nearest-rank percentiles; all zero when empty.
LatencySummary summarise(std::vector<std::int64_t>& samplesUs);

}  // namespace crmsync::bench
