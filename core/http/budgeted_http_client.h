#pragma once
// The HttpClient connectors get from core: waits for the connector's budgets before each request and,
// when the CRM answers 429 or 503, holds every later request back until its Retry-After has passed.

#include <memory>

#include "crmsync/http_client.h"
#include "pipeline/rate_limiter.h"
#include "service/metrics.h"

namespace crmsync {

class BudgetedHttpClient final : public HttpClient {
 public:
  BudgetedHttpClient(std::unique_ptr<HttpClient> inner, std::shared_ptr<RateLimiter> limiter, const Clock& clock,
                     Metrics* metrics = nullptr, std::string connector = "");
  Result<HttpResponse> send(const HttpRequest& request) override;

 private:
  std::unique_ptr<HttpClient> inner_;
  std::shared_ptr<RateLimiter> limiter_;
  const Clock& clock_;
  Metrics* metrics_;
  std::string connector_;
};

// The factory core hands to connectors: a Poco client to `baseUrl` behind a fresh limiter with the given
// budgets. `clock` and `metrics` (may be null) must outlive every client made.
HttpClientFactory makeHttpClientFactory(const Clock& clock, Metrics* metrics, const std::string& connector);

}  // namespace crmsync
