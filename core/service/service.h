#pragma once
// The running service: store, connector, channels, ingest committer, sync loop and HTTP server, wired
// from a validated Config. Constructing it starts nothing (Poco ServerApplication rule: no threads in
// constructors); start() opens and starts everything, stop() shuts down in order: stop accepting,
// let in-flight requests finish, commit what they handed over, let workers finish their batch.
// start/stop from one thread.

#include <memory>
#include <vector>

#include "crmsync/clock.h"
#include "service/config.h"
#include "service/metrics.h"
#include "service/registry.h"

namespace crmsync {

class Store;
class CrmConnector;
class Resolver;
class SyncLoop;
class IngestCommitter;
class MappingService;
namespace http {
class MappingApi;
class Router;
class HttpServer;
class WebhookHandler;
class ApiHandler;
}  // namespace http

class Service {
 public:
  Service(Config config, const Registry& registry);
  ~Service();

  // Throws ConfigError / StoreError / Poco::Exception when something cannot be opened or bound.
  void start();
  void stop();
  int port() const { return port_; }
  Metrics& metrics() { return metrics_; }

 private:
  void startHttp();
  void writePortFile() const;
  void registerGauges();
  void startMappings();

  Config config_;
  const Registry& registry_;
  SystemClock clock_;
  Metrics metrics_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<CrmConnector> connector_;
  std::vector<std::unique_ptr<Channel>> channels_;
  std::unique_ptr<MappingService> mappings_;
  std::unique_ptr<Resolver> resolver_;
  std::unique_ptr<SyncLoop> syncLoop_;
  std::unique_ptr<IngestCommitter> committer_;
  std::vector<std::unique_ptr<http::WebhookHandler>> webhooks_;
  std::unique_ptr<http::ApiHandler> api_;
  std::unique_ptr<http::MappingApi> mappingApi_;
  std::unique_ptr<http::HttpServer> server_;
  int port_ = 0;
  bool started_ = false;
};

}  // namespace crmsync
