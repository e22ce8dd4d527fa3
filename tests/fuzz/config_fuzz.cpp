// Configuration text → parseConfig. Anything but a Config or ConfigErrors escaping is a bug (the service
// would die with an unexplained exception at start-up).
#include "fuzz_support.h"
#include "service/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)crmsync::parseConfig(crmsync::fuzz::text(data, size), "/nonexistent/crmsync-fuzz/crmsync.json");
  } catch (const crmsync::ConfigErrors& e) {
    if (e.errors().empty()) crmsync::fuzz::fail("config", "ConfigErrors without an error");
  }
  return 0;
}
