#pragma once
// The only I/O of the Bitrix24 connector: REST calls through core's HttpClient (which holds the webhook
// URL as its base, enforces the rate budgets and honours Retry-After). Several calls go as one `batch`
// request (one HTTP request for the leaky bucket) in chunks of 50. Thread-safe: the client is.

#include <memory>
#include <vector>

#include "crm/bitrix24/bitrix24_requests.h"
#include "crmsync/clock.h"
#include "crmsync/http_client.h"

namespace crmsync::connectors::bitrix24 {

class Bitrix24Api {
 public:
  Bitrix24Api(std::unique_ptr<HttpClient> http, const Clock& clock) : http_(std::move(http)), clock_(clock) {}

  CallResult call(const Call& call);
  // One result per call, in order: a single call goes on its own, several as batches of up to 50.
  std::vector<CallResult> callAll(const std::vector<Call>& calls);
  // Every page of a list method (`start` = 0, 50, ...): the first page alone, then the rest as batches.
  // Rows of every page in order, or the first failure.
  Result<std::vector<nlohmann::json>> listAll(const Call& call);

 private:
  std::vector<CallResult> batch(const std::vector<Call>& calls);

  std::unique_ptr<HttpClient> http_;
  const Clock& clock_;
};

}  // namespace crmsync::connectors::bitrix24
