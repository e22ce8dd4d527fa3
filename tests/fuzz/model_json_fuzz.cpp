// Stored event JSON → Event (the store reads events back with from_json): malformed input must throw
// the documented exceptions only, and what loads must survive a second round trip unchanged.
#include <stdexcept>

#include "crmsync/model_json.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto doc = nlohmann::json::parse(crmsync::fuzz::text(data, size), nullptr, false);
  if (doc.is_discarded()) return 0;
  crmsync::Event event;
  try {
    event = doc.get<crmsync::Event>();
  } catch (const nlohmann::json::exception&) {
    return 0;
  } catch (const std::invalid_argument&) {
    return 0;
  }
  const nlohmann::json once = event;
  const nlohmann::json twice = once.get<crmsync::Event>();
  if (once != twice) crmsync::fuzz::fail("model_json", "event changed in the JSON round trip: " + once.dump());
  return 0;
}
