#pragma once
// An in-memory HttpClient for the HubSpot connector's unit tests: records every request and answers
// from a script, so request sequences can be checked without a network.

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crmsync/http_client.h"

namespace crmsync::test {

class ScriptedHttp final : public HttpClient {
 public:
  struct Shared {
    std::vector<HttpRequest> sent;
    std::deque<Result<HttpResponse>> answers;  // when empty: 500
  };

  explicit ScriptedHttp(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}

  Result<HttpResponse> send(const HttpRequest& request) override {
    shared_->sent.push_back(request);
    if (shared_->answers.empty()) return Result<HttpResponse>::ok({500, {}, "{\"message\":\"unscripted request\"}"});
    Result<HttpResponse> next = shared_->answers.front();
    shared_->answers.pop_front();
    return next;
  }

  static Result<HttpResponse> json(int status, const nlohmann::json& body, std::map<std::string, std::string> headers = {}) {
    return Result<HttpResponse>::ok({status, std::move(headers), body.dump()});
  }

 private:
  std::shared_ptr<Shared> shared_;
};

}  // namespace crmsync::test
