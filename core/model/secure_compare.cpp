#include "crmsync/secure_compare.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>

namespace crmsync {
namespace {

constexpr unsigned int kDigestSize = 32;
using Digest = std::array<unsigned char, kDigestSize>;

bool sha256(std::string_view text, Digest& out) {
  unsigned int length = 0;
  return EVP_Digest(text.data(), text.size(), out.data(), &length, EVP_sha256(), nullptr) == 1 && length == kDigestSize;
}

}  // namespace

bool constantTimeEquals(std::string_view a, std::string_view b) {
  Digest da{};
  Digest db{};
  if (!sha256(a, da) || !sha256(b, db)) return false;
  return CRYPTO_memcmp(da.data(), db.data(), kDigestSize) == 0;
}

}  // namespace crmsync
