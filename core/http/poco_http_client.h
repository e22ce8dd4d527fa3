#pragma once
// HttpClient over Poco (HTTP and HTTPS with the system's CA store). One connection per request, with
// connect/read timeouts; network failures become Retryable outcomes. Thread-safe (no shared session).

#include <string>

#include "crmsync/http_client.h"

namespace crmsync {

class PocoHttpClient final : public HttpClient {
 public:
  // `baseUrl`: scheme, host, optional port and path prefix ("https://api.hubapi.com",
  // "http://127.0.0.1:8081/rest/1/abc"). Throws ConfigError("base_url", ...) when it cannot be parsed.
  explicit PocoHttpClient(const std::string& baseUrl, int timeoutMs = 30000);
  Result<HttpResponse> send(const HttpRequest& request) override;

 private:
  std::string scheme_;
  std::string host_;
  unsigned short port_ = 0;
  std::string prefix_;
  int timeoutMs_;
};

}  // namespace crmsync
