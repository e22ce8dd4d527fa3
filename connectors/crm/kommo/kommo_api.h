#pragma once
// The I/O seam of the Kommo connector: adds Kommo's auth header to every request, sends it through
// core's budgeted HttpClient, and turns the answer into an Outcome (kommo_errors.h). Also walks paged
// lists. Never logs: requests carry the long-lived token.
// Thread-safe: the client is core's (thread-safe), the only state is an atomic.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "crmsync/clock.h"
#include "crmsync/http_client.h"
#include "crmsync/result.h"

namespace crmsync::connectors::kommo {

class KommoApi {
 public:
  // `clock` must outlive this object.
  KommoApi(std::unique_ptr<HttpClient> http, std::string token, const Clock& clock);

  // The raw answer to `request` (any HTTP status) with Kommo's headers added; network failures Retryable.
  Result<HttpResponse> exchange(HttpRequest request);
  // The outcome of an answer (kommo_errors.h), remembering 429s so a following 403 reads as a block.
  Outcome outcomeOf(const HttpResponse& response);
  // Sends `request` with `Authorization: Bearer <token>` (and JSON content type for bodies). Ok with the
  // response for 2xx (204 included); otherwise the classified failure (network errors: Retryable).
  Result<HttpResponse> send(HttpRequest request);
  // send() and parse the JSON body; a 204 gives null. An unreadable 2xx body is Retryable.
  Result<nlohmann::json> sendJson(HttpRequest request);
  // GET `target` page by page (limit 250) until a page has no `_links.next`; `onPage` sees every page.
  // A 204 (Kommo's "nothing found") ends the walk without a page.
  Outcome forEachPage(const std::string& target, const std::string& scope,
                      const std::function<void(const nlohmann::json&)>& onPage);

  std::int64_t nowMs() const { return clock_.nowMs(); }

 private:
  std::unique_ptr<HttpClient> http_;
  std::string token_;
  const Clock& clock_;
  std::atomic<std::int64_t> lastThrottledMs_{0};
};

}  // namespace crmsync::connectors::kommo
