#pragma once
// Authenticity checks for the WhatsApp Cloud API webhook: the X-Hub-Signature-256 header (HMAC-SHA256 of
// the raw body with the app secret) and constant-time string equality for the handshake token.
// Pure functions, safe from any thread. Reasons never contain the secret or the expected digest.

#include <string_view>

#include "crmsync/channel.h"

namespace crmsync::channels::whatsapp {

inline constexpr std::string_view kSignatureHeader = "x-hub-signature-256";

// Checks `header` ("sha256=<64 hex digits>", either case) against HMAC-SHA256(body, secret) computed over
// the body bytes exactly as received. Reasons: "app secret not configured",
// "malformed X-Hub-Signature-256 header", "signature mismatch". (A missing header is the caller's case.)
VerifyResult verifySignature(std::string_view header, std::string_view body, std::string_view secret);

// Equality whose running time does not depend on where the inputs differ (both sides are hashed with
// SHA-256 first, so the length does not leak either).
bool constantTimeEquals(std::string_view a, std::string_view b);

}  // namespace crmsync::channels::whatsapp
