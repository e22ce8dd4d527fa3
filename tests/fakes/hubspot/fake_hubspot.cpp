#include "fake_hubspot.h"

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
#include <map>
#include <mutex>

#include "fake_hubspot_routes.h"
#include "fake_hubspot_store.h"

namespace crmsync::fakes::hubspot {

using nlohmann::json;

namespace {

std::int64_t steadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::int64_t wallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

struct Injected {
  int status;
  std::string message;
  std::optional<int> retryAfterSeconds;
};

// A rolling window of accepted request times.
struct Window {
  int limit;
  std::int64_t ms;
  std::deque<std::int64_t> times;
  // Room for one more arriving at `now`, forgiving `tolerance` ms of network jitter.
  bool admits(std::int64_t now, std::int64_t tolerance) {
    while (!times.empty() && times.front() <= now - ms) times.pop_front();
    std::size_t inside = 0;
    for (std::int64_t t : times) inside += t > now - (ms - tolerance) ? 1 : 0;
    return static_cast<int>(inside) < limit;
  }
};

}  // namespace

struct FakeHubspot::Impl {
  FakeHubspotOptions options;
  std::mutex mutex;
  std::condition_variable released;  // stopping or a handler finished
  FakeStore store;
  FakeRoutes routes{store, options};
  std::deque<Injected> failures;
  int commitTimeouts = 0;
  std::map<std::string, int> objectCommitTimeouts;  // object type -> held creations left
  int violations = 0;
  std::vector<std::int64_t> arrivals;
  Window all{0, 10000, {}};
  Window searches{0, 1000, {}};
  bool stopping = false;
  int active = 0;
  std::unique_ptr<Poco::Net::HTTPServer> server;
  int port = 0;

  explicit Impl(FakeHubspotOptions o) : options(std::move(o)) {
    all.limit = options.requestsPer10s;
    searches.limit = options.searchesPerSecond;
    if (!options.customProperties) store.dropCustomProperties();
  }

  // The answer and whether to hold it back (timeoutAfterCommitNext).
  std::pair<FakeResponse, bool> answer(const FakeRequest& request, const std::string& authorization);
  std::optional<FakeResponse> throttle(bool search, std::int64_t now);
  void serve(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp);
};

namespace {

class Handler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(FakeHubspot::Impl& impl) : impl_(impl) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
    impl_.serve(req, resp);
  }

 private:
  FakeHubspot::Impl& impl_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(FakeHubspot::Impl& impl) : impl_(impl) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(impl_);
  }

 private:
  FakeHubspot::Impl& impl_;
};

FakeRequest parse(Poco::Net::HTTPServerRequest& req) {
  FakeRequest out;
  out.method = req.getMethod();
  Poco::URI uri(req.getURI());
  std::vector<std::string> parts;
  uri.getPathSegments(parts);
  out.segments = parts;
  for (const auto& [k, v] : uri.getQueryParameters()) out.query[k] = v;
  Poco::StreamCopier::copyToString(req.stream(), out.body);
  return out;
}

bool isSearch(const FakeRequest& r) { return !r.segments.empty() && r.segments.back() == "search"; }

}  // namespace

std::optional<FakeResponse> FakeHubspot::Impl::throttle(bool search, std::int64_t now) {
  const std::int64_t tolerance = options.arrivalToleranceMs;
  std::optional<FakeResponse> refused;
  if (!all.admits(now, tolerance)) {
    refused = errorResponse(429, "RATE_LIMITS", "You have reached your ten_secondly_rolling limit.");
    refused->body["policyName"] = "TEN_SECONDLY_ROLLING";
  } else if (search && !searches.admits(now, tolerance)) {
    refused = errorResponse(429, "RATE_LIMITS", "You have reached your secondly limit.");
    refused->body["policyName"] = "SECONDLY";
  }
  if (refused) {
    refused->body["errorType"] = "RATE_LIMIT";
    ++violations;
    return refused;
  }
  all.times.push_back(now);
  if (search) searches.times.push_back(now);
  return std::nullopt;
}

std::pair<FakeResponse, bool> FakeHubspot::Impl::answer(const FakeRequest& request, const std::string& authorization) {
  std::lock_guard<std::mutex> lock(mutex);
  const std::int64_t now = steadyMs();
  arrivals.push_back(now);
  if (!failures.empty()) {
    Injected f = failures.front();
    failures.pop_front();
    FakeResponse r = errorResponse(f.status, categoryFor(f.status), f.message);
    if (f.status == 429) {
      r.body["policyName"] = "TEN_SECONDLY_ROLLING";
      r.body["errorType"] = "RATE_LIMIT";
    }
    if (f.retryAfterSeconds) r.headers["Retry-After"] = std::to_string(*f.retryAfterSeconds);
    return {r, false};
  }
  if (authorization.empty()) {
    return {errorResponse(401, "INVALID_AUTHENTICATION",
                          "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can "
                          "find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"),
            false};
  }
  if (authorization != "Bearer " + options.token) {
    return {errorResponse(401, "INVALID_AUTHENTICATION", "The access token provided is invalid or has been revoked."), false};
  }
  if (auto refused = throttle(isSearch(request), now)) return {*refused, false};
  FakeResponse r = routes.handle(request, wallMs(), now);
  if (!isSearch(request)) {
    r.headers["X-HubSpot-RateLimit-Max"] = std::to_string(all.limit);
    r.headers["X-HubSpot-RateLimit-Remaining"] = std::to_string(std::max<int>(0, all.limit - static_cast<int>(all.times.size())));
    r.headers["X-HubSpot-RateLimit-Interval-Milliseconds"] = std::to_string(all.ms);
  }
  const bool creates = request.method == "POST" && request.segments.size() == 4;
  int& heldCreations = objectCommitTimeouts[creates ? request.segments[3] : std::string{}];
  if (creates && heldCreations > 0 && r.status / 100 == 2) {
    --heldCreations;
    return {r, true};
  }
  const bool hold = commitTimeouts > 0;
  if (hold) --commitTimeouts;
  return {r, hold};
}

void FakeHubspot::Impl::serve(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) {
  {
    std::lock_guard<std::mutex> lock(mutex);
    ++active;
  }
  try {
    FakeRequest request = parse(req);
    auto [r, hold] = answer(request, req.get("Authorization", ""));
    if (hold) {
      std::unique_lock<std::mutex> lock(mutex);
      released.wait_for(lock, std::chrono::milliseconds(options.commitTimeoutDelayMs), [&] { return stopping; });
    }
    resp.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(r.status));
    resp.setContentType("application/json;charset=utf-8");
    for (const auto& [k, v] : r.headers) resp.set(k, v);
    const std::string body = r.body.is_null() ? std::string{} : r.body.dump();
    resp.setContentLength64(static_cast<Poco::Int64>(body.size()));
    resp.send() << body;
  } catch (const std::exception&) {
    // The client went away (e.g. it timed out while the answer was held back).
  }
  std::lock_guard<std::mutex> lock(mutex);
  --active;
  released.notify_all();
}

FakeHubspot::FakeHubspot(FakeHubspotOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  impl_->port = socket.address().port();
  auto* params = new Poco::Net::HTTPServerParams();
  params->setMaxThreads(32);
  params->setMaxQueued(256);
  params->setKeepAlive(false);
  impl_->server = std::make_unique<Poco::Net::HTTPServer>(new Factory(*impl_), socket, params);
  impl_->server->start();
}

FakeHubspot::~FakeHubspot() {
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->released.notify_all();
  impl_->server->stopAll(true);
  std::unique_lock<std::mutex> lock(impl_->mutex);
  impl_->released.wait(lock, [&] { return impl_->active == 0; });
}

std::string FakeHubspot::baseUrl() const { return "http://127.0.0.1:" + std::to_string(impl_->port); }
const std::string& FakeHubspot::token() const { return impl_->options.token; }
int FakeHubspot::pageSize() const { return impl_->options.pageSize; }

std::string FakeHubspot::seedContact(const std::string& firstname, const std::vector<std::string>& phonesAsTyped) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Properties p{{"firstname", firstname}};
  if (!phonesAsTyped.empty()) p["phone"] = phonesAsTyped[0];
  if (phonesAsTyped.size() > 1) p["mobilephone"] = phonesAsTyped[1];
  return impl_->store.insert("contacts", p, wallMs(), 0).id;
}

std::string FakeHubspot::seedDeal(const std::string& contactId, const std::string& name, const std::string& stage,
                                  const std::string& amount, const std::string& ownerId) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Properties p{{"dealname", name}, {"dealstage", stage}, {"pipeline", "default"}, {"amount", amount},
               {"deal_currency_code", "EUR"}, {"hubspot_owner_id", ownerId}};
  std::string id = impl_->store.insert("deals", p, wallMs(), 0).id;
  impl_->store.associate("deals", id, "contacts", contactId, 3, 4);
  return id;
}

int FakeHubspot::contactCount() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return static_cast<int>(impl_->store.all("contacts").size());
}

int FakeHubspot::communicationCount(const std::string& key) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  int n = 0;
  for (const StoredObject* o : impl_->store.all("communications")) {
    auto it = o->properties.find("crmsync_idempotency_key");
    n += it != o->properties.end() && it->second == key ? 1 : 0;
  }
  return n;
}

json FakeHubspot::communications() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  json out = json::array();
  for (const StoredObject* o : impl_->store.all("communications")) {
    json contacts = json::array();
    for (const auto& [id, type] : impl_->store.associations("communications", o->id, "contacts")) contacts.push_back(id);
    json deals = json::array();
    for (const auto& [id, type] : impl_->store.associations("communications", o->id, "deals")) deals.push_back(id);
    out.push_back({{"id", o->id}, {"properties", o->properties}, {"contacts", contacts}, {"deals", deals}});
  }
  return out;
}

json FakeHubspot::contact(const std::string& id) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  const StoredObject* o = impl_->store.find("contacts", id);
  return o == nullptr ? json(nullptr) : json(o->properties);
}

void FakeHubspot::failNext(int status, const std::string& message, int times, std::optional<int> retryAfterSeconds) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  for (int i = 0; i < times; ++i) impl_->failures.push_back({status, message, retryAfterSeconds});
}

void FakeHubspot::timeoutAfterCommitNext(int times) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->commitTimeouts += times;
}

void FakeHubspot::timeoutAfterCreateNext(const std::string& objectType, int times) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->objectCommitTimeouts[objectType] += times;
}

json FakeHubspot::leads() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  json out = json::array();
  for (const StoredObject* o : impl_->store.all("leads")) {
    json contacts = json::array();
    for (const auto& [id, type] : impl_->store.associations("leads", o->id, "contacts")) contacts.push_back(id);
    out.push_back({{"id", o->id}, {"properties", o->properties}, {"contacts", contacts}});
  }
  return out;
}

int FakeHubspot::limitViolations() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->violations;
}

std::vector<std::int64_t> FakeHubspot::requestTimesMs() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->arrivals;
}

}  // namespace crmsync::fakes::hubspot
