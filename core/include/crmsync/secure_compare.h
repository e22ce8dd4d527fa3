#pragma once
// The one constant-time string comparison for secrets (admin bearer tokens, webhook verify tokens).
// Both sides are hashed with SHA-256 and the digests compared with OpenSSL's CRYPTO_memcmp, so neither
// where the inputs differ nor their lengths leak through timing. Pure; safe from any thread.

#include <string_view>

namespace crmsync {

// True when a == b. False when a digest cannot be computed (never throws).
bool constantTimeEquals(std::string_view a, std::string_view b);

}  // namespace crmsync
