// crmsync_bench_fake_crm: the benchmark's CRM. The test suite's fake HubSpot (tests/fakes/hubspot: HubSpot's
// paths, JSON shapes, rolling-window limits and 429 body) behind a thin proxy that adds a fixed latency per
// request (a real CRM is ~100 ms away) and counts what passes. Both run with enough threads that neither is
// the bottleneck: the limit is the rate limit, as with the real HubSpot.
//
//   crmsync_bench_fake_crm --port-file FILE [--latency-ms 0] [--requests-per-10s 190]
//                          [--searches-per-second 4] [--search-lag-ms 3000]
//
// The proxy listens on 127.0.0.1:0 (port written to FILE) and forwards everything to the fake, except:
//   GET /__bench/stats                       → {"requests","status":{code:n},"communications","contacts",
//                                               "limit_violations","last_communication_ms"}
//   GET /__bench/wait?communications=N&timeout_ms=T
//                                            → blocks until N distinct communications exist (or T passes),
//                                              then the stats plus "reached" and "reached_ms" (epoch ms).
// "communications" counts distinct crmsync_idempotency_key values in successful batch/upsert calls, so a
// retried write is not counted twice. Runs until SIGTERM/SIGINT. Token: the fake's default.

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "fakes/hubspot/fake_hubspot.h"

namespace {

using nlohmann::json;
namespace fake = crmsync::fakes::hubspot;

std::int64_t epochMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// What passed through the proxy. Thread-safe.
class Counters {
 public:
  void recordAnswer(int status) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++requests_;
    ++byStatus_[status];
  }
  void recordCommunications(const std::string& requestBody) {
    json body = json::parse(requestBody, nullptr, false);
    if (!body.is_object() || !body.contains("inputs") || !body["inputs"].is_array()) return;
    std::lock_guard<std::mutex> lock(mutex_);
    std::size_t before = keys_.size();
    for (const json& input : body["inputs"]) {
      if (input.contains("id") && input["id"].is_string()) keys_.insert(input["id"].get<std::string>());
    }
    if (keys_.size() != before) {
      lastCommunicationMs_ = epochMs();
      changed_.notify_all();
    }
  }
  // Waits until `count` distinct communications exist or `timeout` passes; true when reached.
  bool waitFor(std::size_t count, std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return keys_.size() >= count; });
  }
  json stats(fake::FakeHubspot& crm) {
    json out;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      out["requests"] = requests_;
      out["status"] = json::object();
      for (const auto& [status, n] : byStatus_) out["status"][std::to_string(status)] = n;
      out["communications"] = keys_.size();
      out["last_communication_ms"] = lastCommunicationMs_;
    }
    out["contacts"] = crm.contactCount();
    out["limit_violations"] = crm.limitViolations();
    return out;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  long requests_ = 0;
  std::map<int, long> byStatus_;
  std::unordered_set<std::string> keys_;
  std::int64_t lastCommunicationMs_ = 0;
};

struct Proxy {
  fake::FakeHubspot& crm;
  Counters& counters;
  int upstreamPort;
  int latencyMs;
};

class ProxyHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit ProxyHandler(Proxy& proxy) : proxy_(proxy) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
    Poco::URI uri(req.getURI());
    if (uri.getPath().rfind("/__bench/", 0) == 0) return control(uri, resp);
    std::string body;
    Poco::StreamCopier::copyToString(req.stream(), body);
    // The CRM's distance: a fixed delay per request, on this request's own thread.
    if (proxy_.latencyMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(proxy_.latencyMs));
    Poco::Net::HTTPResponse upstream;
    std::string answer = forward(req, body, upstream);
    int status = static_cast<int>(upstream.getStatus());
    proxy_.counters.recordAnswer(status);
    if (status < 300 && req.getMethod() == "POST" &&
        uri.getPath() == "/crm/v3/objects/communications/batch/upsert") {
      proxy_.counters.recordCommunications(body);
    }
    resp.setStatus(upstream.getStatus());
    resp.setContentType(upstream.getContentType());
    if (upstream.has("Retry-After")) resp.set("Retry-After", upstream.get("Retry-After"));
    resp.setContentLength(static_cast<std::streamsize>(answer.size()));
    resp.send() << answer;
  }

 private:
  std::string forward(Poco::Net::HTTPServerRequest& req, const std::string& body, Poco::Net::HTTPResponse& upstream) {
    thread_local std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (!session) {
      session = std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", static_cast<Poco::UInt16>(proxy_.upstreamPort));
      session->setKeepAlive(true);
    }
    Poco::Net::HTTPRequest out(req.getMethod(), req.getURI(), Poco::Net::HTTPMessage::HTTP_1_1);
    out.setKeepAlive(true);
    if (req.has("Authorization")) out.set("Authorization", req.get("Authorization"));
    if (!body.empty() || req.getMethod() != "GET") {
      out.setContentType(req.getContentType());
      out.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    std::string answer;
    try {
      session->sendRequest(out) << body;
      Poco::StreamCopier::copyToString(session->receiveResponse(upstream), answer);
    } catch (const std::exception& e) {
      session.reset();
      upstream.setStatus(Poco::Net::HTTPResponse::HTTP_BAD_GATEWAY);
      answer = json{{"status", "error"}, {"message", std::string("bench proxy: ") + e.what()}}.dump();
    }
    return answer;
  }

  void control(const Poco::URI& uri, Poco::Net::HTTPServerResponse& resp) {
    std::map<std::string, std::string> query;
    for (const auto& [k, v] : uri.getQueryParameters()) query[k] = v;
    json out;
    if (uri.getPath() == "/__bench/wait") {
      std::size_t count = std::stoul(query["communications"]);
      auto timeout = std::chrono::milliseconds(std::stol(query.count("timeout_ms") ? query["timeout_ms"] : "60000"));
      bool reached = proxy_.counters.waitFor(count, timeout);
      out = proxy_.counters.stats(proxy_.crm);
      out["reached"] = reached;
      out["reached_ms"] = reached ? out["last_communication_ms"] : json(nullptr);
    } else {
      out = proxy_.counters.stats(proxy_.crm);
    }
    std::string text = out.dump();
    resp.setContentType("application/json");
    resp.setContentLength(static_cast<std::streamsize>(text.size()));
    resp.send() << text;
  }

  Proxy& proxy_;
};

class ProxyFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit ProxyFactory(Proxy& proxy) : proxy_(proxy) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new ProxyHandler(proxy_);
  }

 private:
  Proxy& proxy_;
};

int upstreamPort(const std::string& baseUrl) { return Poco::URI(baseUrl).getPort(); }

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> args;
  for (int i = 1; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
  if (!args.count("--port-file")) {
    std::cerr << "usage: crmsync_bench_fake_crm --port-file FILE [--latency-ms N] [--requests-per-10s N] "
                 "[--searches-per-second N] [--search-lag-ms N]\n";
    return 2;
  }
  auto intArg = [&](const char* name, int fallback) { return args.count(name) ? std::stoi(args[name]) : fallback; };
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGTERM);
  sigaddset(&stopSignals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  fake::FakeHubspotOptions options;
  options.requestsPer10s = intArg("--requests-per-10s", 190);
  options.searchesPerSecond = intArg("--searches-per-second", 4);
  options.searchLagMs = intArg("--search-lag-ms", 3000);
  fake::FakeHubspot crm(options);
  Counters counters;
  Proxy proxy{crm, counters, upstreamPort(crm.baseUrl()), intArg("--latency-ms", 0)};

  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(64);
  params->setKeepAlive(true);
  Poco::ThreadPool pool(4, 64);
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0), 128);
  Poco::Net::HTTPServer server(new ProxyFactory(proxy), pool, socket, params);
  server.start();
  std::string portFile = args["--port-file"];
  {
    std::ofstream out(portFile + ".tmp");
    out << socket.address().port() << "\n";
  }
  std::rename((portFile + ".tmp").c_str(), portFile.c_str());
  std::cerr << "fake CRM (HubSpot) on 127.0.0.1:" << socket.address().port() << "\n";
  int signal = 0;
  sigwait(&stopSignals, &signal);
  server.stopAll(true);
  return 0;
}
