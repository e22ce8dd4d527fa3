#include "service/service.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <csignal>
#include <fstream>

#include "crmsync/crm_connector.h"
#include "http/admin_handler.h"
#include "http/budgeted_http_client.h"
#include "http/api_handler.h"
#include "http/http_server.h"
#include "http/mapping_api.h"
#include "http/router.h"
#include "http/webhook_handler.h"
#include "pipeline/ingest_committer.h"
#include "pipeline/resolver.h"
#include "pipeline/sync_loop.h"
#include "service/mapping_service.h"
#include "store/sqlite_store.h"

namespace crmsync {

Service::Service(Config config, const Registry& registry) : config_(std::move(config)), registry_(registry) {}

Service::~Service() { stop(); }

namespace {

// A full disk must be an error the store reports (webhooks then get 503), not a signal that kills the
// process: with SIGXFSZ ignored, a write past RLIMIT_FSIZE fails with EFBIG. A client that hangs up must
// not kill it either (SIGPIPE).
void ignoreFatalIoSignals() {
#ifndef _WIN32
  std::signal(SIGXFSZ, SIG_IGN);
  std::signal(SIGPIPE, SIG_IGN);
#endif
}

std::chrono::milliseconds ms(std::int64_t value) { return std::chrono::milliseconds(value); }

}  // namespace

void Service::start() {
  ignoreFatalIoSignals();
  store_ = std::make_unique<SqliteStore>(config_.storePath);
  ConnectorEnvironment env{config_.defaultRegion, config_.file.parent_path().string(), &clock_, nullptr};
  env.httpClient = makeHttpClientFactory(clock_, &metrics_, config_.crmConnector);
  connector_ = registry_.connector(config_.crmConnector).create(config_.crmSection, env);
  for (const auto& [name, build] : registry_.channels()) channels_.push_back(build(config_));
  startMappings();

  DocumentSource documents = [this, name = connector_->name()] { return mappings_->active(name); };
  resolver_ = std::make_unique<Resolver>(*store_, *connector_,
                                         ResolverOptions{config_.defaultRegion, config_.createUnknown == "contact",
                                                         matchRuleFromString(config_.matchRule)}, clock_,
                                         documents);
  RetryPolicy policy(config_.backoffInitialMs, config_.backoffMaxMs, config_.syncMaxAttempts);
  syncLoop_ = std::make_unique<SyncLoop>(*store_, *connector_, *resolver_, policy, metrics_, clock_, config_.syncWorkers,
                                         documents);
  committer_ = std::make_unique<IngestCommitter>(*store_, [this] { syncLoop_->wake(); });
  registerGauges();

  committer_->start();
  syncLoop_->start();
  startHttp();
  started_ = true;
  spdlog::info("crmsync listening on http://{}:{} (store {}, connector {})", config_.listenHost, port_,
               config_.storePath.string(), connector_->name());
}

// The running connector's document is required; other registered connectors' documents are managed
// too when their file exists, so admins can prepare a switch.
void Service::startMappings() {
  std::vector<MappingService::Target> targets;
  for (const auto& name : registry_.connectorNames()) {
    std::filesystem::path file = config_.mappingsDir / (name + ".json");
    if (name != connector_->name() && !std::filesystem::exists(file)) continue;
    targets.push_back({name, file, registry_.connector(name).requiredMappingFields()});
  }
  mappings_ = std::make_unique<MappingService>(*store_, targets, metrics_, clock_);
  mappings_->load();
  mappings_->startWatching(std::chrono::milliseconds(config_.mappingsReloadMs));
}

void Service::startHttp() {
  auto router = new http::Router();  // owned by the HttpServer (Poco's SharedPtr)
  api_ = std::make_unique<http::ApiHandler>(*store_, metrics_, config_.adminToken, config_.defaultRegion);
  api_->addRoutes(*router);
  mappingApi_ = std::make_unique<http::MappingApi>(*mappings_, *store_, *connector_, config_.adminToken);
  mappingApi_->addRoutes(*router);
  http::addAdminRoutes(*router);
  for (const auto& channel : channels_) {
    auto& hook = webhooks_.emplace_back(std::make_unique<http::WebhookHandler>(
        *channel, *committer_, metrics_, config_.defaultRegion, config_.maxBodyBytes, clock_,
        ms(config_.httpBodyTimeoutMs)));
    std::string path = "/webhooks/" + channel->name();
    router->add("GET", path, [h = hook.get()](auto& req, auto& resp) { h->handleGet(req, resp); });
    router->add("POST", path, [h = hook.get()](auto& req, auto& resp) { h->handlePost(req, resp); });
  }
  http::HttpServerOptions options;
  options.host = config_.listenHost;
  options.port = config_.listenPort;
  options.threads = config_.httpThreads;
  options.maxQueued = config_.httpMaxQueued;
  options.readTimeout = ms(config_.httpTimeoutMs);
  options.keepAliveTimeout = ms(config_.httpKeepAliveTimeoutMs);
  options.headerTimeout = ms(config_.httpHeaderTimeoutMs);
  server_ = std::make_unique<http::HttpServer>(router, options);
  port_ = server_->port();
  server_->start();
  writePortFile();
}

void Service::writePortFile() const {
  if (config_.portFile.empty()) return;
  // Written whole then renamed, so a reader never sees a half-written number.
  std::filesystem::path tmp = config_.portFile;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << port_ << '\n';
  }
  std::filesystem::rename(tmp, config_.portFile);
}

void Service::registerGauges() {
  // The store gauges come from one counts() snapshot per scrape.
  metrics_.gaugeGroup("store", [this] {
    const StateCounts c = store_->counts();
    return std::vector<GaugeSample>{
        {"crmsync_queue_depth", "Events not yet written to the CRM (received, resolved or retrying)",
         static_cast<double>(c.received + c.resolved + c.retrying)},
        {"crmsync_dead_letters", "Events in the dead-letter table", static_cast<double>(c.dead)},
        {"crmsync_dropped_events", "Dead events an admin dropped (kept for audit)", static_cast<double>(c.dropped)},
        {"crmsync_inbox_bodies", "Webhook bodies stored in the inbox", static_cast<double>(c.inbox)},
    };
  });
  metrics_.gauge("crmsync_connector_paused", "1 while the CRM refuses the credentials and nothing is sent",
                 [this] { return syncLoop_ && syncLoop_->paused() ? 1.0 : 0.0; });
}

void Service::stop() {
  if (!started_) return;
  started_ = false;
  spdlog::info("crmsync stopping: no new requests, finishing those in flight");
  // Requests already inside a handler finish and get their answer; wait for them (bounded).
  server_->stop(std::chrono::seconds(30));
  committer_->stop();
  syncLoop_->stop();
  mappings_->stopWatching();
  server_.reset();
  webhooks_.clear();
  api_.reset();
  mappingApi_.reset();
  committer_.reset();
  syncLoop_.reset();
  resolver_.reset();
  mappings_.reset();
  connector_.reset();
  store_.reset();
  spdlog::info("crmsync stopped");
  spdlog::default_logger()->flush();
}

}  // namespace crmsync
