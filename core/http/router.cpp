#include "http/router.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/URI.h>
#include <spdlog/spdlog.h>

#include "http/http_util.h"

namespace crmsync::http {

namespace {
class FunctionHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  FunctionHandler(HandlerFn fn, ConnectionGuard* guard) : fn_(std::move(fn)), guard_(guard) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    if (guard_ != nullptr) guard_->handlerEntered(request.clientAddress());
    run(request, response);
    if (guard_ != nullptr) guard_->handlerLeft(request.clientAddress());
  }

 private:
  void run(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    try {
      fn_(request, response);
    } catch (const std::exception& e) {
      // A handler bug or an unexpected store failure: the client learns it failed, the service goes on.
      spdlog::error("http: {} {} failed: {}", request.getMethod(), Poco::URI(request.getURI()).getPath(), e.what());
      if (!response.sent()) sendError(response, 500, "internal", "internal error; see the service log");
    }
  }

  HandlerFn fn_;
  ConnectionGuard* guard_;
};
}  // namespace

void Router::add(const std::string& method, const std::string& path, HandlerFn handler) {
  routes_.push_back({method, path, std::move(handler)});
}

bool Router::matches(const Route& route, const std::string& path) const {
  if (!route.path.empty() && route.path.back() == '/') {
    return path.size() > route.path.size() && path.compare(0, route.path.size(), route.path) == 0;
  }
  return path == route.path;
}

Poco::Net::HTTPRequestHandler* Router::createRequestHandler(const Poco::Net::HTTPServerRequest& request) {
  std::string path;
  try {
    path = Poco::URI(request.getURI()).getPath();
  } catch (const std::exception&) {
    return new FunctionHandler([](auto&, auto& resp) { sendError(resp, 400, "bad_request", "malformed request URI"); },
                               guard_);
  }
  bool pathKnown = false;
  for (const auto& route : routes_) {
    if (!matches(route, path)) continue;
    pathKnown = true;
    if (route.method == request.getMethod()) return new FunctionHandler(route.handler, guard_);
  }
  if (pathKnown) {
    return new FunctionHandler(
        [](auto&, auto& resp) { sendError(resp, 405, "method_not_allowed", "method not allowed"); }, guard_);
  }
  return new FunctionHandler([](auto&, auto& resp) { sendError(resp, 404, "not_found", "no such endpoint"); },
                             guard_);
}

}  // namespace crmsync::http
