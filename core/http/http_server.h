#pragma once
// crmsync's HTTP server: Poco's HTTP connections on a TCPServer whose connections are watched by a
// ConnectionGuard (slow-loris cut-off). Limits come from the http.* configuration keys (see
// docs/operations.md, "Limits and hostile input"). Construct, start, stop from one thread.

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServer.h>

#include <chrono>
#include <memory>
#include <string>

#include "http/connection_guard.h"
#include "http/router.h"

namespace crmsync::http {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 64;                                  // http.threads: connections served at once
  int maxQueued = 256;                               // http.max_queued: accepted connections waiting for a thread
  std::chrono::milliseconds readTimeout{10000};      // http.timeout_ms: one read or write on the socket
  std::chrono::milliseconds keepAliveTimeout{5000};  // http.keep_alive_timeout_ms: idle wait for the next request
  std::chrono::milliseconds headerTimeout{10000};    // http.header_timeout_ms: a request's headers, in total
};

class HttpServer {
 public:
  // Takes ownership of `router` and binds the socket (throws Poco::Exception when it cannot).
  HttpServer(Router* router, const HttpServerOptions& options);
  ~HttpServer();

  void start();
  // Stops accepting; requests in a handler finish and are answered; waits for them at most `grace`.
  void stop(std::chrono::milliseconds grace);
  int port() const { return port_; }

 private:
  Poco::Net::HTTPRequestHandlerFactory::Ptr factory_;
  Router* router_;
  ConnectionGuard guard_;
  std::unique_ptr<Poco::Net::TCPServer> server_;
  int port_ = 0;
};

}  // namespace crmsync::http
