#include "http/http_server.h"

#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <thread>

namespace crmsync::http {

namespace {

// Poco's HTTP connection, registered with the guard while it runs.
class GuardedConnection final : public Poco::Net::HTTPServerConnection {
 public:
  GuardedConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                    Poco::Net::HTTPRequestHandlerFactory::Ptr factory, ConnectionGuard& guard)
      : HTTPServerConnection(socket, std::move(params), std::move(factory)), guard_(guard) {}

  void run() override {
    guard_.opened(socket());
    try {
      HTTPServerConnection::run();
    } catch (...) {
      guard_.closed(socket());
      throw;
    }
    guard_.closed(socket());
  }

 private:
  ConnectionGuard& guard_;
};

class GuardedConnectionFactory final : public Poco::Net::TCPServerConnectionFactory {
 public:
  GuardedConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr factory,
                           ConnectionGuard& guard)
      : params_(std::move(params)), factory_(std::move(factory)), guard_(guard) {}

  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new GuardedConnection(socket, params_, factory_, guard_);
  }

 private:
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr factory_;
  ConnectionGuard& guard_;
};

Poco::Timespan toTimespan(std::chrono::milliseconds ms) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

}  // namespace

HttpServer::HttpServer(Router* router, const HttpServerOptions& options)
    : factory_(router), router_(router), guard_(options.headerTimeout) {
  router_->setGuard(&guard_);
  auto params = new Poco::Net::HTTPServerParams();  // owned by the server (Poco's AutoPtr)
  params->setMaxThreads(options.threads);
  params->setMaxQueued(options.maxQueued);
  params->setKeepAlive(true);
  params->setTimeout(toTimespan(options.readTimeout));
  params->setKeepAliveTimeout(toTimespan(options.keepAliveTimeout));
  params->setMaxKeepAliveRequests(0);  // unlimited: load generators and Meta reuse connections
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(options.host, static_cast<Poco::UInt16>(options.port)), 128);
  port_ = socket.address().port();
  Poco::Net::HTTPServerParams::Ptr shared(params);
  server_ =
      std::make_unique<Poco::Net::TCPServer>(new GuardedConnectionFactory(shared, factory_, guard_), socket, shared);
}

HttpServer::~HttpServer() { stop(std::chrono::milliseconds(0)); }

void HttpServer::start() {
  guard_.start();
  server_->start();
}

void HttpServer::stop(std::chrono::milliseconds grace) {
  if (!server_) return;
  server_->stop();
  router_->stopConnections();
  guard_.closeIdle();
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (server_->currentConnections() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  guard_.stop();
  server_.reset();
}

}  // namespace crmsync::http
