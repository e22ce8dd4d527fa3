#include "http/budgeted_http_client.h"

#include "http/poco_http_client.h"

namespace crmsync {

BudgetedHttpClient::BudgetedHttpClient(std::unique_ptr<HttpClient> inner, std::shared_ptr<RateLimiter> limiter,
                                       const Clock& clock, Metrics* metrics, std::string connector)
    : inner_(std::move(inner)), limiter_(std::move(limiter)), clock_(clock), metrics_(metrics), connector_(std::move(connector)) {}

Result<HttpResponse> BudgetedHttpClient::send(const HttpRequest& request) {
  limiter_->acquire(request.scope);
  Result<HttpResponse> result = inner_->send(request);
  const std::string label = "connector=\"" + connector_ + "\"";
  if (metrics_) metrics_->counter("crmsync_crm_requests_total", "Requests sent to the CRM", label).inc();
  if (result.isOk() && (result.value.status == 429 || result.value.status == 503)) {
    std::int64_t wait = retryAfterMs(result.value, clock_.nowMs());
    // No Retry-After: still pause a moment so a throttled CRM is not hammered by the other workers.
    limiter_->blockUntil(clock_.nowMs() + (wait > 0 ? wait : 1000));
    if (metrics_) metrics_->counter("crmsync_crm_throttled_total", "CRM answers 429/503 (throttled)", label).inc();
  }
  return result;
}

HttpClientFactory makeHttpClientFactory(const Clock& clock, Metrics* metrics, const std::string& connector) {
  return [&clock, metrics, connector](const std::string& baseUrl, const std::vector<RateBudget>& budgets,
                                      int timeoutMs) -> std::unique_ptr<HttpClient> {
    return std::make_unique<BudgetedHttpClient>(std::make_unique<PocoHttpClient>(baseUrl, timeoutMs),
                                                std::make_shared<RateLimiter>(budgets, clock), clock, metrics, connector);
  };
}

}  // namespace crmsync
