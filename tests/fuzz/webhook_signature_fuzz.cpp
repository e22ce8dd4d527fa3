// The X-Hub-Signature-256 check. Input: the header value, a newline, then the body.
#include "channels/whatsapp_cloud/signature.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [header, body] = crmsync::fuzz::splitFirstLine(crmsync::fuzz::text(data, size));
  const auto result = crmsync::channels::whatsapp::verifySignature(header, body, "fuzz-app-secret");
  if (!result.ok && result.reason.empty()) crmsync::fuzz::fail("webhook_signature", "refused without a reason");
  if (result.reason.find("fuzz-app-secret") != std::string::npos)
    crmsync::fuzz::fail("webhook_signature", "the reason contains the secret");
  (void)crmsync::channels::whatsapp::constantTimeEquals(header, body);
  return 0;
}
