#include "channels/whatsapp_cloud/signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <climits>
#include <optional>

#include "crmsync/secure_compare.h"

namespace crmsync::channels::whatsapp {
namespace {

constexpr std::string_view kPrefix = "sha256=";
constexpr std::size_t kDigestSize = 32;
using Digest = std::array<unsigned char, kDigestSize>;

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<Digest> decodeHex(std::string_view hex) {
  if (hex.size() != 2 * kDigestSize) return std::nullopt;
  Digest out{};
  for (std::size_t i = 0; i < kDigestSize; ++i) {
    int hi = hexValue(hex[2 * i]);
    int lo = hexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return out;
}

std::string_view trimBlanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<Digest> hmacSha256(std::string_view body, std::string_view secret) {
  if (secret.size() > static_cast<std::size_t>(INT_MAX)) return std::nullopt;
  Digest out{};
  unsigned int length = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(body.data());
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), data, body.size(), out.data(), &length) ==
          nullptr ||
      length != kDigestSize) {
    return std::nullopt;
  }
  return out;
}

}  // namespace

VerifyResult verifySignature(std::string_view header, std::string_view body, std::string_view secret) {
  if (secret.empty()) return {false, "app secret not configured"};
  std::string_view value = trimBlanks(header);
  if (value.substr(0, kPrefix.size()) != kPrefix) return {false, "malformed X-Hub-Signature-256 header"};
  auto received = decodeHex(value.substr(kPrefix.size()));
  if (!received) return {false, "malformed X-Hub-Signature-256 header"};
  auto expected = hmacSha256(body, secret);
  if (!expected) return {false, "signature could not be computed"};
  if (CRYPTO_memcmp(received->data(), expected->data(), kDigestSize) != 0) return {false, "signature mismatch"};
  return {true, ""};
}

bool constantTimeEquals(std::string_view a, std::string_view b) { return crmsync::constantTimeEquals(a, b); }

}  // namespace crmsync::channels::whatsapp
