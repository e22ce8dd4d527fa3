#pragma once
// Kommo's error answers, read without I/O. Kommo answers errors as application/problem+json
// ({title, type, status, detail, validation-errors[{request_id, errors[{code, path, detail}]}]}); OAuth
// failures add `hint`; a 429 may come with a body that is not JSON at all (crm-contracts §4.6/§4.7).
// Thread-safe (pure functions).

#include <cstdint>
#include <map>
#include <string>

#include "crmsync/http_client.h"
#include "crmsync/result.h"

namespace crmsync::connectors::kommo {

// How long after a 429 a 403 is read as Kommo's block for repeated violations (throttling, ❓) rather
// than as refused credentials, and how long such a block is assumed to last.
constexpr std::int64_t kBlockAfterThrottleWindowMs = 60'000;
constexpr std::int64_t kAssumedBlockMs = 60'000;

// The CRM's own message from an error body: `detail` (else `title`), then `hint`, then every validation
// error as "<path>: <detail> (<code>)". A body that is not JSON gives its text without markup, at most
// 200 characters. Empty when the body says nothing.
std::string errorMessage(const std::string& body);

// Per-item validation errors of a batch POST/PATCH, by the item's request_id.
std::map<std::string, std::string> itemErrors(const std::string& body);

// classifyHttp with Kommo's message, except a 403 within kBlockAfterThrottleWindowMs of the last 429
// (`lastThrottledMs`, 0 = never): Retryable for kAssumedBlockMs, not AuthFailed.
Outcome classify(const HttpResponse& response, std::int64_t nowMs, std::int64_t lastThrottledMs);

}  // namespace crmsync::connectors::kommo
