#pragma once
// X-Hub-Signature-256 as Meta computes it: "sha256=" + hex(HMAC-SHA256(body, app secret)). Thread-safe.

#include <string>

namespace crmsync::bench {

std::string hubSignature(const std::string& body, const std::string& appSecret);

}  // namespace crmsync::bench
