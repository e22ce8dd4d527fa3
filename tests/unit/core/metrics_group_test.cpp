#define BOOST_TEST_MODULE metrics_group
#include <boost/test/unit_test.hpp>

#include "service/metrics.h"

using namespace crmsync;

// /metrics takes one store snapshot per scrape: a gauge group is read once and
// renders every sample.
BOOST_AUTO_TEST_CASE(a_gauge_group_is_read_once_per_render) {
  Metrics metrics;
  int reads = 0;
  metrics.gaugeGroup("store", [&] {
    ++reads;
    return std::vector<GaugeSample>{{"crmsync_queue_depth", "queued", 3},
                                    {"crmsync_dead_letters", "dead", 1}};
  });
  const std::string text = metrics.renderPrometheus();
  BOOST_TEST(reads == 1);
  BOOST_TEST(
      text.find("# TYPE crmsync_queue_depth gauge\ncrmsync_queue_depth 3\n") !=
          std::string::npos,
      text);
  BOOST_TEST(text.find("crmsync_dead_letters 1\n") != std::string::npos, text);
  metrics.renderPrometheus();
  BOOST_TEST(reads == 2);
}

BOOST_AUTO_TEST_CASE(registering_a_group_again_replaces_it) {
  Metrics metrics;
  metrics.gaugeGroup("store", [] {
    return std::vector<GaugeSample>{{"a", "first", 1}};
  });
  metrics.gaugeGroup("store", [] {
    return std::vector<GaugeSample>{{"b", "second", 2}};
  });
  const std::string text = metrics.renderPrometheus();
  BOOST_TEST(text.find("a 1") == std::string::npos, text);
  BOOST_TEST(text.find("b 2") != std::string::npos, text);
}
