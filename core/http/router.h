#pragma once
// Routes requests by method and path to handler functions. Unknown paths get 404, known paths with
// another method 405, both as JSON errors. Routes are added before the server starts; afterwards the
// router is read-only and safe from every server thread.

#include <functional>
#include <string>
#include <vector>

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include "http/connection_guard.h"

namespace crmsync::http {

using HandlerFn = std::function<void(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&)>;

class Router final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  // `path` matches exactly, or as a prefix when it ends with '/'.
  void add(const std::string& method, const std::string& path, HandlerFn handler);
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;
  // Told when each request's handler starts and ends (no header deadline meanwhile). Set before start.
  void setGuard(ConnectionGuard* guard) { guard_ = guard; }
  // Shutting down: every connection ends after the request it is handling (Poco's serverStopped event).
  void stopConnections() { serverStopped(this, false); }

 private:
  struct Route {
    std::string method;
    std::string path;
    HandlerFn handler;
  };
  bool matches(const Route& route, const std::string& path) const;
  std::vector<Route> routes_;
  ConnectionGuard* guard_ = nullptr;
};

}  // namespace crmsync::http
