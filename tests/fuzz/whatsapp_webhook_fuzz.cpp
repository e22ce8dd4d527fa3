// WhatsApp Cloud webhook bodies → parsePayload, then every event through the model's JSON round trip
// (the store keeps events as JSON, so whatever the parser produces must survive it).
#include "channels/whatsapp_cloud/payload_parser.h"
#include "crmsync/model_json.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using crmsync::fuzz::fail;
  const auto result = crmsync::channels::whatsapp::parsePayload(crmsync::fuzz::text(data, size));
  if (!result.ok) {
    if (result.error.empty()) fail("whatsapp_webhook", "refused without an error message");
    if (!result.events.empty()) fail("whatsapp_webhook", "refused but returned events");
    return 0;
  }
  for (const auto& event : result.events) {
    const nlohmann::json stored = event;
    const auto back = stored.get<crmsync::Event>();
    if (nlohmann::json(back) != stored) fail("whatsapp_webhook", "event changed in the JSON round trip: " + stored.dump());
    (void)event.dedupeKey();
  }
  return 0;
}
