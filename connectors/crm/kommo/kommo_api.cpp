#include "crm/kommo/kommo_api.h"

#include "crm/kommo/kommo_errors.h"
#include "crm/kommo/kommo_util.h"

namespace crmsync::connectors::kommo {

using nlohmann::json;

KommoApi::KommoApi(std::unique_ptr<HttpClient> http, std::string token, const Clock& clock)
    : http_(std::move(http)), token_(std::move(token)), clock_(clock) {}

Result<HttpResponse> KommoApi::exchange(HttpRequest request) {
  request.headers["Authorization"] = "Bearer " + token_;
  request.headers["Accept"] = "application/hal+json, application/json";
  if (!request.body.empty()) request.headers["Content-Type"] = "application/json";
  return http_->send(request);
}

Outcome KommoApi::outcomeOf(const HttpResponse& response) {
  const std::int64_t now = clock_.nowMs();
  if (response.status == 429) lastThrottledMs_ = now;
  return classify(response, now, lastThrottledMs_.load());
}

Result<HttpResponse> KommoApi::send(HttpRequest request) {
  Result<HttpResponse> sent = exchange(std::move(request));
  if (!sent.isOk()) return sent;
  Outcome outcome = outcomeOf(sent.value);
  if (!outcome.isOk()) return Result<HttpResponse>::fail(outcome);
  return sent;
}

Result<json> KommoApi::sendJson(HttpRequest request) {
  const std::string what = request.method + " " + request.target.substr(0, request.target.find('?'));
  Result<HttpResponse> sent = send(std::move(request));
  if (!sent.isOk()) return Result<json>::fail(sent.outcome);
  if (sent.value.status == 204 || sent.value.body.empty()) return Result<json>::ok(nullptr);
  json parsed = json::parse(sent.value.body, nullptr, false);
  if (parsed.is_discarded()) {
    return Result<json>::fail(Outcome::retryable("Kommo answered " + what + " with a body that is not JSON"));
  }
  return Result<json>::ok(std::move(parsed));
}

Outcome KommoApi::forEachPage(const std::string& target, const std::string& scope,
                              const std::function<void(const json&)>& onPage) {
  for (int page = 1; page <= kMaxPages; ++page) {
    HttpRequest request;
    request.target = pagedTarget(target, page);
    request.scope = scope;
    Result<json> got = sendJson(std::move(request));
    if (!got.isOk()) return got.outcome;
    if (got.value.is_null()) return Outcome::ok();
    onPage(got.value);
    if (!hasNextPage(got.value)) return Outcome::ok();
  }
  return Outcome::retryable("Kommo list " + target.substr(0, target.find('?')) + " has more than " +
                            std::to_string(kMaxPages) + " pages");
}

}  // namespace crmsync::connectors::kommo
