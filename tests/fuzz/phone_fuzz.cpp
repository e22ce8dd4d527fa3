// Phone numbers as clients and CRMs write them. Input: a region line ("RU", "DE", "", "ZZ", ...), a
// newline, then the number text (no newline: the default region is chosen by the first byte).
#include "crmsync/phone.h"
#include "fuzz_support.h"

namespace {

const char* const kRegions[] = {"RU", "DE", "GB", "US", "BR", "IN", "KZ", "AE", "", "ZZ", "001"};

void checkE164(const std::string& e164, const std::string& raw) {
  using crmsync::fuzz::fail;
  if (e164.size() < 2 || e164[0] != '+' || crmsync::phone::digitsOf(e164).size() + 1 != e164.size())
    fail("phone", "toE164(" + raw + ") is not E.164: " + e164);
  const auto again = crmsync::phone::toE164(e164, "");
  if (!again || *again != e164) fail("phone", "toE164 is not idempotent for " + e164);
  const auto variants = crmsync::phone::variants(e164);
  (void)variants;
  if (crmsync::phone::mask(e164).find(e164) != std::string::npos) fail("phone", "mask leaves the number: " + e164);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input = crmsync::fuzz::text(data, size);
  auto [region, raw] = crmsync::fuzz::splitFirstLine(input);
  if (input.find('\n') == std::string::npos) {
    region = size ? kRegions[data[0] % (sizeof kRegions / sizeof kRegions[0])] : "";
    raw = input;
  }
  (void)crmsync::phone::isKnownRegion(region);
  if (const auto e164 = crmsync::phone::toE164(raw, region)) {
    checkE164(*e164, raw);
    if (!crmsync::phone::sameNumber(raw, raw, region)) crmsync::fuzz::fail("phone", "not the same as itself: " + raw);
  }
  (void)crmsync::phone::toIdentifier(raw, region);
  (void)crmsync::phone::mask(raw);
  crmsync::Event event;
  event.counterpart = {crmsync::Identifier{crmsync::IdentifierKind::kPhone, raw}};
  crmsync::phone::normaliseIdentifiers(event, region);
  return 0;
}
