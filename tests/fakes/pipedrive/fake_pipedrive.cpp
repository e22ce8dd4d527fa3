#include "fakes/pipedrive/fake_pipedrive.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <chrono>

namespace crmsync::test::pipedrive {

namespace {

std::int64_t steadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::int64_t wallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int idOf(const std::string& text) {
  try {
    return std::stoi(text);
  } catch (const std::exception&) {
    return -1;
  }
}

class Handler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(FakePipedrive& fake) : fake_(fake) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    fake_.serve(request, response);
  }

 private:
  FakePipedrive& fake_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(FakePipedrive& fake) : fake_(fake) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(fake_);
  }

 private:
  FakePipedrive& fake_;
};

}  // namespace

FakePipedrive::FakePipedrive() : FakePipedrive(Options{}) {}

FakePipedrive::FakePipedrive(Options options) : options_(std::move(options)), crm_(options_.pageSize) {}

FakePipedrive::~FakePipedrive() { stop(); }

void FakePipedrive::start() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  port_ = socket.address().port();
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(32);
  params->setMaxQueued(256);
  params->setKeepAlive(false);
  server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket, params);
  server_->start();
}

void FakePipedrive::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  released_.notify_all();
  if (server_) {
    server_->stopAll(true);
    server_.reset();
  }
}

std::string FakePipedrive::baseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }

void FakePipedrive::serve(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
  const std::int64_t arrival = steadyMs();
  FakeRequest r;
  r.method = request.getMethod();
  Poco::URI uri(request.getURI());
  r.path = uri.getPath();
  for (const auto& [name, value] : uri.getQueryParameters()) r.query[name] = value;
  Poco::StreamCopier::copyToString(request.stream(), r.body);
  const std::string token = request.get("x-api-token", "");

  bool hold = false;
  FakeReply reply;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    times_.push_back(arrival);
    log_.push_back(r.method + " " + request.getURI());
    reply = answer(r, token, arrival, hold);
    // Committed; the answer arrives after the client stopped waiting.
    if (hold) released_.wait_for(lock, std::chrono::milliseconds(options_.commitHoldMs), [this] { return stopping_; });
  }
  response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
  response.setContentType("application/json");
  for (const auto& [name, value] : reply.headers) response.set(name, value);
  try {
    response.send() << reply.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (const std::exception&) {
    // The client is gone (it timed out); nothing to tell it.
  }
}

// Called under mutex_.
FakeReply FakePipedrive::answer(const FakeRequest& r, const std::string& token, std::int64_t arrival, bool& hold) {
  if (!faults_.empty()) {
    Fault f = faults_.front();
    faults_.pop_front();
    FakeReply reply = pipedriveError(f.status, f.message);
    if (f.retryAfterSeconds) reply.headers["Retry-After"] = std::to_string(*f.retryAfterSeconds);
    return reply;
  }
  if (token != options_.apiToken) {
    FakeReply reply = pipedriveError(401, "unauthorized access");
    reply.body["errorCode"] = 401;
    return reply;
  }
  const bool search = FakePipedriveCrm::isSearch(r);
  if (auto refused = overLimit(window_, options_.burstLimit, arrival)) return *refused;
  if (search) {
    if (auto refused = overLimit(searchWindow_, options_.searchLimit, arrival)) return *refused;
    searchWindow_.push_back(arrival);
  }
  window_.push_back(arrival);
  FakeReply reply;
  try {
    reply = crm_.handle(r, wallMs());
  } catch (const std::exception&) {
    reply = pipedriveError(500, "Internal server error");  // e.g. an id too large for the fake's ints
  }
  addRateHeaders(reply, arrival);
  if (r.method == "POST" && r.path == "/api/v1/leads" && leadHolds_ > 0 && reply.status / 100 == 2) {
    --leadHolds_;
    hold = true;
  } else if (r.method != "GET" && holds_ > 0) {
    --holds_;
    hold = true;
  }
  return reply;
}

std::optional<FakeReply> FakePipedrive::overLimit(std::deque<std::int64_t>& window, int limit, std::int64_t arrival) {
  const std::int64_t span = options_.windowMs - options_.jitterAllowanceMs;
  while (!window.empty() && window.front() <= arrival - span) window.pop_front();
  if (static_cast<int>(window.size()) < limit) return std::nullopt;
  ++violations_;
  FakeReply reply = pipedriveError(429, "Request over limit");
  reply.body["errorCode"] = 429;
  const std::int64_t resetMs = window.front() + options_.windowMs - arrival;
  reply.headers["x-ratelimit-limit"] = std::to_string(limit);
  reply.headers["x-ratelimit-remaining"] = "0";
  reply.headers["x-ratelimit-reset"] = std::to_string((resetMs + 999) / 1000);
  return reply;
}

void FakePipedrive::addRateHeaders(FakeReply& reply, std::int64_t arrival) {
  const int remaining = options_.burstLimit - static_cast<int>(window_.size());
  reply.headers["x-ratelimit-limit"] = std::to_string(options_.burstLimit);
  reply.headers["x-ratelimit-remaining"] = std::to_string(remaining < 0 ? 0 : remaining);
  const std::int64_t resetMs = window_.empty() ? 0 : window_.front() + options_.windowMs - arrival;
  reply.headers["x-ratelimit-reset"] = std::to_string((resetMs + 999) / 1000);
}

std::string FakePipedrive::addPerson(const std::string& name, const std::vector<std::string>& phonesAsTyped) {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::to_string(crm_.addPerson(name, phonesAsTyped, wallMs()));
}

std::string FakePipedrive::addDeal(const std::string& personId, const std::string& title, int stageId,
                                   const std::string& status, double value, std::int64_t ageMs) {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::to_string(crm_.addDeal(idOf(personId), title, stageId, status, value, wallMs() - ageMs));
}

int FakePipedrive::personCount() {
  std::lock_guard<std::mutex> lock(mutex_);
  return crm_.personCount();
}

std::vector<std::string> FakePipedrive::personIds() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> out;
  for (int id : crm_.personIds()) out.push_back(std::to_string(id));
  return out;
}

std::optional<nlohmann::json> FakePipedrive::person(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  return crm_.person(idOf(id));
}

int FakePipedrive::notesContaining(const std::string& text) {
  std::lock_guard<std::mutex> lock(mutex_);
  return crm_.notesContaining(text);
}

std::vector<std::string> FakePipedrive::noteContents(const std::string& personId) {
  std::lock_guard<std::mutex> lock(mutex_);
  return crm_.noteContents(idOf(personId));
}

int FakePipedrive::fieldsNamed(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  return crm_.fieldsNamed(name);
}

void FakePipedrive::failNext(int status, const std::string& message, int times, std::optional<int> retryAfterSeconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (int i = 0; i < times; ++i) faults_.push_back({status, message, retryAfterSeconds});
}

nlohmann::json FakePipedrive::leads() {
  std::lock_guard<std::mutex> lock(mutex_);
  return crm_.leads();
}

void FakePipedrive::timeoutAfterLeadCreateNext(int times) {
  std::lock_guard<std::mutex> lock(mutex_);
  leadHolds_ += times;
}

void FakePipedrive::timeoutAfterCommitNext(int times) {
  std::lock_guard<std::mutex> lock(mutex_);
  holds_ += times;
}

int FakePipedrive::limitViolations() {
  std::lock_guard<std::mutex> lock(mutex_);
  return violations_;
}

std::vector<std::int64_t> FakePipedrive::requestTimesMs() {
  std::lock_guard<std::mutex> lock(mutex_);
  return times_;
}

std::vector<std::string> FakePipedrive::requestLog() {
  std::lock_guard<std::mutex> lock(mutex_);
  return log_;
}

}  // namespace crmsync::test::pipedrive
