#pragma once
// The HTTP seam between connectors and the network. Connectors build requests and parse responses
// (pure, testable without a network) and send them through an HttpClient that core provides: it
// enforces the connector's rate budgets and honours Retry-After before any request leaves.
// send() never throws: network failures (refused, reset, timeout) come back as Retryable outcomes.
// Implementations are safe to call from several threads.

#include <cstdint>
#include <map>
#include <string>

#include "crmsync/result.h"

namespace crmsync {

// Percent-encodes every byte but RFC 3986's unreserved characters (A-Z a-z 0-9 - _ . ~): a safe query
// value or path segment for any CRM ("+49 151" -> "%2B49%20151").
std::string urlEncode(const std::string& text);

struct HttpRequest {
  std::string method = "GET";
  std::string target;                          // path and query, relative to the client's base URL
  std::map<std::string, std::string> headers;  // sent as given (never logged: they carry tokens)
  std::string body;
  std::string scope = "default";               // which rate budget applies ("search", ...)
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string header(const std::string& lowerName) const {
    auto it = headers.find(lowerName);
    return it == headers.end() ? std::string{} : it->second;
  }
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
};

// Retry-After as milliseconds from `nowMs`: delta-seconds or an HTTP-date; 0 when absent or unreadable.
std::int64_t retryAfterMs(const HttpResponse& response, std::int64_t nowMs);

// The shared classification every connector uses (fluent-bit's rule): 2xx Ok; 401/403 AuthFailed;
// 408, 429 and 5xx Retryable (with Retry-After); other statuses Permanent. `crmMessage` is the CRM's own
// error text, extracted by the connector from its error body; it is kept in the reason.
Outcome classifyHttp(const HttpResponse& response, const std::string& crmName, const std::string& crmMessage,
                     std::int64_t nowMs);

}  // namespace crmsync
