#include "fakes/bitrix24/fake_bitrix24.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include "fakes/bitrix24/fake_bitrix24_state.h"

namespace crmsync::fakes::bitrix24 {

using nlohmann::json;

namespace {

void send(Poco::Net::HTTPServerResponse& response, const Answer& answer) {
  response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
  response.setContentType(answer.html ? "text/html" : "application/json; charset=utf-8");
  for (const auto& [name, value] : answer.headers) response.set(name, value);
  response.setContentLength64(static_cast<Poco::Int64>(answer.body.size()));
  response.send() << answer.body;
}

class Handler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(std::shared_ptr<FakeBitrix24::State> state) : state_(std::move(state)) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    Incoming in;
    Poco::URI uri(request.getURI());
    in.path = uri.getPath();
    in.query = uri.getRawQuery();
    in.contentType = request.getContentType();
    Poco::StreamCopier::copyToString(request.stream(), in.body);
    Answer answer = state_->handle(in);
    if (answer.delayMs > 0) state_->waitOrStop(answer.delayMs);
    try {
      send(response, answer);
    } catch (const Poco::Exception&) {
      // The client gave up waiting (the injected timeout): nobody is left to answer.
    }
  }

 private:
  std::shared_ptr<FakeBitrix24::State> state_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(std::shared_ptr<FakeBitrix24::State> state) : state_(std::move(state)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(state_);
  }

 private:
  std::shared_ptr<FakeBitrix24::State> state_;
};

}  // namespace

FakeBitrix24::FakeBitrix24(std::string userId, std::string code)
    : state_(std::make_shared<State>(std::move(userId), std::move(code))) {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  auto* params = new Poco::Net::HTTPServerParams();
  params->setMaxThreads(16);
  params->setMaxQueued(128);
  params->setKeepAlive(false);
  state_->port = socket.address().port();
  server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(state_), socket, params);
  server_->start();
}

FakeBitrix24::~FakeBitrix24() {
  state_->stop();
  server_->stopAll(true);
}

int FakeBitrix24::port() const { return state_->port; }
std::string FakeBitrix24::baseUrl() const { return "http://127.0.0.1:" + std::to_string(state_->port); }
std::string FakeBitrix24::webhookPath() const { return "/rest/" + state_->userId + "/" + state_->code; }

std::string FakeBitrix24::seedContact(const std::string& name, const std::vector<std::string>& phones) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->crm.seedContact(name, phones);
}

void FakeBitrix24::seedDeals(const std::string& contactId, int open, int closed) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  static const char* kOpenStages[] = {"NEW", "PREPARATION", "PREPAYMENT_INVOICE", "EXECUTING"};
  for (int i = 0; i < open; ++i) {
    state_->crm.seedDeal(contactId, {{"TITLE", "Deal " + std::to_string(i + 1)},
                                     {"STAGE_ID", kOpenStages[i % 4]},
                                     {"STAGE_SEMANTIC_ID", "P"},
                                     {"CLOSED", "N"},
                                     {"OPPORTUNITY", std::to_string(1000 + i) + ".00"},
                                     {"CURRENCY_ID", "RUB"},
                                     {"ASSIGNED_BY_ID", "7"}});
  }
  for (int i = 0; i < closed; ++i) {
    bool won = i % 2 == 0;
    state_->crm.seedDeal(contactId, {{"TITLE", "Closed deal " + std::to_string(i + 1)},
                                     {"STAGE_ID", won ? "WON" : "LOSE"},
                                     {"STAGE_SEMANTIC_ID", won ? "S" : "F"},
                                     {"CLOSED", "Y"},
                                     {"OPPORTUNITY", "500.00"},
                                     {"CURRENCY_ID", "RUB"},
                                     {"ASSIGNED_BY_ID", "7"}});
  }
}

int FakeBitrix24::contactCount() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->crm.count("contact");
}

int FakeBitrix24::leadCount() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->crm.count("lead");
}

int FakeBitrix24::activityCountWithOrigin(const std::string& originId) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->crm.activitiesWithOrigin(originId);
}

std::vector<json> FakeBitrix24::activities() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->crm.rows("activity");
}

std::vector<json> FakeBitrix24::contacts() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->crm.rows("contact");
}

std::vector<json> FakeBitrix24::leads() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->crm.rows("lead");
}

void FakeBitrix24::failNext(int status, const std::string& description, int times,
                            std::optional<int> retryAfterSeconds) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->failures = {status, description, times, retryAfterSeconds};
}

void FakeBitrix24::timeoutAfterCommitNext(int times, int delayMs) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->timeouts = times;
  state_->timeoutDelayMs = delayMs;
}

int FakeBitrix24::limitViolations() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->violations;
}

std::vector<std::int64_t> FakeBitrix24::requestTimesMs() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  std::vector<std::int64_t> out;
  for (double t : state_->arrivals) out.push_back(static_cast<std::int64_t>(t));
  return out;
}

}  // namespace crmsync::fakes::bitrix24
