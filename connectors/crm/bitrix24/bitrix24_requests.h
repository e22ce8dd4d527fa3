#pragma once
// Bitrix24 REST on the wire, without any I/O: one method call (or a `batch` of up to 50) as an HttpRequest,
// and an HttpResponse back as per-call results with every failure classified. Pure functions, safe from
// any thread.
//
// Requests go to "<webhook path>/<method>.json" as POST with a JSON body; the webhook path (which holds the
// secret) is the HTTP client's base URL, so it never appears here, in previews or in reasons. Inside a
// batch, each call is "method?query" with the params encoded the way PHP's http_build_query does.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "crmsync/crm_connector.h"
#include "crmsync/http_client.h"
#include "crmsync/result.h"

namespace crmsync::connectors::bitrix24 {

inline constexpr int kMaxBatch = 50;       // sub-calls per `batch` (ERROR_BATCH_LENGTH_EXCEEDED above)
inline constexpr int kPageSize = 50;       // list methods: fixed page size, paged with `start`
inline constexpr int kMaxCommValues = 20;  // crm.duplicate.findbycomm `values`

// One REST method call.
struct Call {
  std::string method;  // "crm.contact.list"
  nlohmann::json params = nlohmann::json::object();
  std::string scope = "default";  // rate budget scope
};

// What one call gave: `result` on success; for list methods also `next` (the `start` of the following
// page, when there is one) and `total`.
struct CallResult {
  Outcome outcome;
  nlohmann::json result;
  std::optional<int> next;
  int total = 0;
};

// PHP http_build_query of an object: nested keys as a[b][0]=..., booleans as 1/0, nulls and empty
// arrays/objects left out (as PHP does), everything percent-encoded.
std::string encodeQuery(const nlohmann::json& params);

// POST /<method>.json with the params as JSON.
HttpRequest buildRequest(const Call& call);
// POST /batch.json {"halt":0,"cmd":{"c0":"method?query",...}}; at most kMaxBatch calls.
HttpRequest buildBatchRequest(const std::vector<Call>& calls);
// The body buildBatchRequest sends (also used for previews).
nlohmann::json batchBody(const std::vector<Call>& calls);

// What callAll would send for these calls, as previews: one call on its own, several as batches of 50.
std::vector<RequestPreview> previews(const std::vector<Call>& calls);

// The CRM's own words from an error body {"error":"CODE","error_description":"text"}: "CODE: text", or
// whichever of the two is present; "" when the body has neither.
std::string errorMessage(const nlohmann::json& body);

// An answer to a single call. Non-2xx statuses go through classifyHttp (401/403 AuthFailed; 408, 429, 5xx
// Retryable; other 4xx Permanent) with Bitrix24's codes on top: 503 QUERY_LIMIT_EXCEEDED without
// Retry-After waits kQueryLimitBackoffMs; 429 OPERATION_TIME_LIMIT waits until time.operating_reset_at
// when the body has it, else kOperationLimitBackoffMs. A 2xx without JSON or without "result" is Retryable.
CallResult parseResponse(const HttpResponse& response, std::int64_t nowMs);
// The answer to a batch of `count` calls: one result per call, in order (result_error entries classified
// by classifyErrorCode). A failed HTTP answer gives every call that outcome.
std::vector<CallResult> parseBatchResponse(const HttpResponse& response, std::size_t count, std::int64_t nowMs);

inline constexpr std::int64_t kQueryLimitBackoffMs = 1000;
inline constexpr std::int64_t kOperationLimitBackoffMs = 60000;

// A sub-call error inside a batch (no HTTP status of its own): limit and server codes Retryable, refused
// credentials or scope AuthFailed, everything else Permanent. The reason keeps the CRM's message.
Outcome classifyErrorCode(const std::string& code, const std::string& message);

}  // namespace crmsync::connectors::bitrix24
