#include "support/fault_proxy.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <fcntl.h>

#include <condition_variable>
#include <mutex>

namespace crmsync::test {

struct FaultProxy::State {
  std::string upstreamHost;
  int upstreamPort = 0;
  mutable std::mutex mutex;
  std::condition_variable changed;  // wakes held requests when the latency drops or the proxy stops
  bool stopping = false;
  int fail503 = 0;
  int fail429 = 0;
  int retryAfterSeconds = 0;
  std::chrono::milliseconds latency{0};
  int inFlight = 0;
  int forwarded = 0;
  std::vector<Record> records;
  std::unique_ptr<Poco::Net::HTTPServer> server;
  Poco::Net::ServerSocket listening;  // closed explicitly by down(): Poco's server keeps it open otherwise
};

namespace {

using State = FaultProxy::State;

// What to do with one request, decided (and counted) under the lock when it arrives.
enum class Action { kForward, k503, k429 };

Action decide(State& s, FaultProxy::Record& record) {
  std::lock_guard<std::mutex> lock(s.mutex);
  if (s.fail503 > 0) {
    --s.fail503;
    return Action::k503;
  }
  if (s.fail429 > 0) {
    --s.fail429;
    record.notBeforeMs = record.arrivedMs + s.retryAfterSeconds * 1000LL;
    return Action::k429;
  }
  ++s.inFlight;
  return Action::kForward;
}

// Holds the request for the configured latency (the behaviour under test, not a synchronisation); a
// lower latency or stop() releases it early.
void hold(State& s, std::int64_t arrivedMs) {
  std::unique_lock<std::mutex> lock(s.mutex);
  while (!s.stopping) {
    std::int64_t remaining = arrivedMs + s.latency.count() - FaultProxy::nowMs();
    if (remaining <= 0) return;
    s.changed.wait_for(lock, std::chrono::milliseconds(remaining));
  }
}

int forward(State& s, Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
  std::string body;
  Poco::StreamCopier::copyToString(request.stream(), body);
  Poco::Net::HTTPClientSession session(s.upstreamHost, static_cast<Poco::UInt16>(s.upstreamPort));
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest out(request.getMethod(), request.getURI(), Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [k, v] : request) {
    if (k != "Host" && k != "Connection" && k != "Transfer-Encoding" && k != "Content-Length") out.set(k, v);
  }
  out.setContentLength64(static_cast<Poco::Int64>(body.size()));
  session.sendRequest(out) << body;
  Poco::Net::HTTPResponse answer;
  std::istream& in = session.receiveResponse(answer);
  std::string answerBody;
  Poco::StreamCopier::copyToString(in, answerBody);
  response.setStatus(answer.getStatus());
  for (const auto& [k, v] : answer) {
    if (k != "Connection" && k != "Transfer-Encoding" && k != "Content-Length") response.set(k, v);
  }
  response.setContentLength64(static_cast<Poco::Int64>(answerBody.size()));
  response.send() << answerBody;
  return static_cast<int>(answer.getStatus());
}

void sendPlain(Poco::Net::HTTPServerResponse& response, int status, const std::string& text) {
  response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  response.setContentType("application/json");
  response.setContentLength64(static_cast<Poco::Int64>(text.size()));
  response.send() << text;
}

class Handler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(std::shared_ptr<State> state) : s_(std::move(state)) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    FaultProxy::Record record;
    record.arrivedMs = FaultProxy::nowMs();
    record.path = request.getURI();
    Action action = decide(*s_, record);
    if (action == Action::k503) {
      record.status = 503;
      sendPlain(response, 503, R"({"error":"SERVICE_UNAVAILABLE","error_description":"injected by the fault proxy"})");
    } else if (action == Action::k429) {
      record.status = 429;
      response.set("Retry-After", std::to_string((record.notBeforeMs - record.arrivedMs) / 1000));
      sendPlain(response, 429, R"({"error":"QUERY_LIMIT_EXCEEDED","error_description":"injected by the fault proxy"})");
    } else {
      hold(*s_, record.arrivedMs);
      try {
        record.status = forward(*s_, request, response);
      } catch (const Poco::Exception&) {
        record.status = 0;
        if (!response.sent()) sendPlain(response, 502, R"({"error":"BAD_GATEWAY"})");
      }
    }
    record.answeredMs = FaultProxy::nowMs();
    std::lock_guard<std::mutex> lock(s_->mutex);
    if (action == Action::kForward) {
      --s_->inFlight;
      ++s_->forwarded;
    }
    s_->records.push_back(record);
  }

 private:
  std::shared_ptr<State> s_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(std::shared_ptr<State> state) : s_(std::move(state)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(s_);
  }

 private:
  std::shared_ptr<State> s_;
};

}  // namespace

FaultProxy::FaultProxy(std::string upstreamHost, int upstreamPort) : state_(std::make_shared<State>()) {
  state_->upstreamHost = std::move(upstreamHost);
  state_->upstreamPort = upstreamPort;
  listen();
}

FaultProxy::~FaultProxy() {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stopping = true;
  }
  state_->changed.notify_all();
  down();
}

void FaultProxy::listen() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port_)));
  port_ = socket.address().port();
  // Not inherited by the crmsync child: a copy there would keep the port listening while "down".
  ::fcntl(socket.impl()->sockfd(), F_SETFD, FD_CLOEXEC);
  auto* params = new Poco::Net::HTTPServerParams();
  params->setMaxThreads(16);
  params->setKeepAlive(true);
  auto server = std::make_unique<Poco::Net::HTTPServer>(new Factory(state_), socket, params);
  server->start();
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->server = std::move(server);
  state_->listening = socket;
}

void FaultProxy::down() {
  std::unique_ptr<Poco::Net::HTTPServer> server;
  Poco::Net::ServerSocket listening;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    server = std::move(state_->server);
    listening = state_->listening;
  }
  if (!server) return;
  server->stopAll(true);
  listening.close();
}

void FaultProxy::up() {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (state_->server != nullptr) return;
  }
  listen();
}

void FaultProxy::answer503(int times) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->fail503 = times;
}

void FaultProxy::answer429(int times, int retryAfterSeconds) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->fail429 = times;
  state_->retryAfterSeconds = retryAfterSeconds;
}

void FaultProxy::setLatency(std::chrono::milliseconds latency) {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->latency = latency;
  }
  state_->changed.notify_all();
}

std::vector<FaultProxy::Record> FaultProxy::records() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->records;
}

int FaultProxy::inFlight() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->inFlight;
}

int FaultProxy::forwardedCount() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->forwarded;
}

int FaultProxy::port() const { return port_; }
std::string FaultProxy::baseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::int64_t FaultProxy::nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace crmsync::test
