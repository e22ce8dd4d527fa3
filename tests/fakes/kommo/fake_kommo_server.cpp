// FakeKommo: the HTTP side (Poco HTTPServer on 127.0.0.1:0), Kommo's rate limit, fault injection.

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
#include <condition_variable>
#include <deque>
#include <mutex>

#include "fakes/kommo/fake_kommo_account.h"

namespace crmsync::test::kommo {

namespace {

constexpr std::int64_t kWindowMs = 1000;
constexpr std::int64_t kViolationMemoryMs = 60'000;

std::int64_t steadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Kommo's front answers an exceeded limit without JSON (crm-contracts §4.6); the page is an assumption.
FakeAnswer htmlAnswer(int status, const char* title) {
  FakeAnswer a;
  a.status = status;
  a.body = nullptr;
  a.contentType = "text/html";
  a.rawBody = std::string("<html>\r\n<head><title>") + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
              "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
  return a;
}

}  // namespace

struct FakeKommo::Impl {
  struct Fault {
    int status;
    std::string message;
    std::optional<int> retryAfter;
  };

  explicit Impl(FakeKommoOptions o) : options(std::move(o)), account(options.pageCap) {}

  FakeAnswer answer(Poco::Net::HTTPServerRequest& request, const std::string& body, bool& delay);
  std::optional<FakeAnswer> overLimit(std::int64_t now);
  void holdBack();

  FakeKommoOptions options;
  std::mutex mutex;
  std::condition_variable stopSignal;
  bool stopping = false;
  KommoAccount account;
  std::unique_ptr<Poco::Net::HTTPServer> server;
  int port = 0;
  std::deque<Fault> faults;
  int timeoutsAfterCommit = 0;
  int complexTimeouts = 0;  // held answers of POST /api/v4/leads/complex
  std::deque<std::int64_t> arrivals;  // inside the current window
  std::deque<std::int64_t> violationTimes;
  std::int64_t blockedUntil = 0;
  int violations = 0;
  std::vector<std::int64_t> times;
  std::vector<std::string> log;
};

std::optional<FakeAnswer> FakeKommo::Impl::overLimit(std::int64_t now) {
  const std::int64_t window = kWindowMs - options.jitterMs;
  while (!arrivals.empty() && arrivals.front() <= now - window) arrivals.pop_front();
  arrivals.push_back(now);
  const bool blocked = now < blockedUntil;
  if (!blocked && static_cast<int>(arrivals.size()) <= options.requestsPerSecond) return std::nullopt;
  ++violations;
  while (!violationTimes.empty() && violationTimes.front() <= now - kViolationMemoryMs) violationTimes.pop_front();
  violationTimes.push_back(now);
  if (!blocked && static_cast<int>(violationTimes.size()) >= options.violationsBeforeBlock) {
    blockedUntil = now + options.blockMs;
  }
  return blocked ? htmlAnswer(403, "403 Forbidden") : htmlAnswer(429, "429 Too Many Requests");
}

FakeAnswer FakeKommo::Impl::answer(Poco::Net::HTTPServerRequest& request, const std::string& body, bool& delay) {
  std::lock_guard<std::mutex> lock(mutex);
  const std::int64_t now = steadyMs();
  times.push_back(now);
  log.push_back(request.getMethod() + " " + request.getURI());
  if (std::optional<FakeAnswer> refused = overLimit(now)) return *refused;
  if (!faults.empty()) {
    Fault f = faults.front();
    faults.pop_front();
    FakeAnswer a = problem(f.status, f.message);
    if (f.retryAfter) a.headers["Retry-After"] = std::to_string(*f.retryAfter);
    return a;
  }
  if (request.get("Authorization", "") != "Bearer " + options.token) return problem(401, "Unauthorized");
  Poco::URI uri(request.getURI());
  FakeRequest r{request.getMethod(), uri.getPath(), {}, body};
  for (auto& [k, v] : uri.getQueryParameters()) r.query.emplace_back(k, v);
  while (r.path.size() > 1 && r.path.back() == '/') r.path.pop_back();
  FakeAnswer a = account.handle(r);
  if (r.method == "POST" && r.path == "/api/v4/leads/complex" && complexTimeouts > 0 && a.status / 100 == 2) {
    --complexTimeouts;
    delay = true;
  } else if ((r.method == "POST" || r.method == "PATCH") && timeoutsAfterCommit > 0) {
    --timeoutsAfterCommit;
    delay = true;
  }
  return a;
}

void FakeKommo::Impl::holdBack() {
  std::unique_lock<std::mutex> lock(mutex);
  stopSignal.wait_for(lock, std::chrono::milliseconds(options.answerDelayMs), [this] { return stopping; });
}

namespace {

class Handler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(FakeKommo::Impl& impl) : impl_(impl) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    try {
      std::string body;
      Poco::StreamCopier::copyToString(request.stream(), body);
      bool delay = false;
      FakeAnswer a = impl_.answer(request, body, delay);
      if (delay) impl_.holdBack();
      response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(a.status));
      for (const auto& [k, v] : a.headers) response.set(k, v);
      const std::string text = a.body.is_null() ? a.rawBody : a.body.dump();
      if (!text.empty()) response.setContentType(a.contentType + (a.contentType.rfind("text/", 0) == 0 ? "" : "; charset=utf-8"));
      response.setContentLength(static_cast<std::streamsize>(text.size()));
      response.send() << text;
    } catch (...) {
      // The client gave up (timeout injection) or went away: nothing to answer.
    }
  }

 private:
  FakeKommo::Impl& impl_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(FakeKommo::Impl& impl) : impl_(impl) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(impl_);
  }

 private:
  FakeKommo::Impl& impl_;
};

}  // namespace

FakeKommo::FakeKommo(FakeKommoOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

FakeKommo::~FakeKommo() { stop(); }

void FakeKommo::start() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  impl_->port = socket.address().port();
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(16);
  params->setMaxQueued(64);
  params->setKeepAlive(false);
  impl_->server = std::make_unique<Poco::Net::HTTPServer>(new Factory(*impl_), socket, params);
  impl_->server->start();
}

void FakeKommo::stop() {
  if (!impl_->server) return;
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->stopSignal.notify_all();
  impl_->server->stopAll(true);
  impl_->server.reset();
}

std::string FakeKommo::baseUrl() const { return "http://127.0.0.1:" + std::to_string(impl_->port); }
const std::string& FakeKommo::token() const { return impl_->options.token; }
int FakeKommo::pageCap() const { return impl_->options.pageCap; }

std::string FakeKommo::addContact(const std::string& name, const std::vector<std::string>& phones,
                                  std::int64_t responsibleUserId) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->account.addContact(name, phones, responsibleUserId);
}

std::string FakeKommo::addLead(const std::string& contactId, const std::string& name, std::int64_t statusId,
                               std::int64_t price, std::int64_t responsibleUserId) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->account.addLead(contactId, name, statusId, price, responsibleUserId);
}

int FakeKommo::contactCount() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->account.contactCount();
}

std::optional<nlohmann::json> FakeKommo::contact(const std::string& id) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->account.contact(id);
}

std::vector<FakeNote> FakeKommo::notes() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->account.notes();
}

std::vector<std::string> FakeKommo::customFieldCodes() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->account.customFieldCodes();
}

void FakeKommo::failNext(int status, const std::string& message, int times, std::optional<int> retryAfterSeconds) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  for (int i = 0; i < times; ++i) impl_->faults.push_back({status, message, retryAfterSeconds});
}

std::vector<nlohmann::json> FakeKommo::leads() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->account.leads();
}

void FakeKommo::timeoutAfterComplexCreateNext(int times) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->complexTimeouts += times;
}

void FakeKommo::timeoutAfterCommitNext(int times) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->timeoutsAfterCommit += times;
}

int FakeKommo::limitViolations() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->violations;
}

std::vector<std::int64_t> FakeKommo::requestTimesMs() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->times;
}

std::vector<std::string> FakeKommo::requestLog() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->log;
}

}  // namespace crmsync::test::kommo
