#include "fakes/bitrix24/fake_bitrix24_state.h"

#include <algorithm>
#include <chrono>

#include "fakes/bitrix24/fake_bitrix24_php.h"

namespace crmsync::fakes::bitrix24 {

using nlohmann::json;

namespace {

constexpr double kDrainPerMs = 2.0 / 1000.0;  // the bucket leaks 2 requests per second
constexpr double kBucketSize = 50.0;          // and blocks above 50
// Requests arrive a little after the client let them go; this much of a request is forgiven for that.
constexpr double kArrivalSlack = 0.1;
constexpr std::size_t kMaxBatch = 50;

double steadyMs() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

json timeInfo() {
  using namespace std::chrono;
  const double now = duration<double>(system_clock::now().time_since_epoch()).count();
  return {{"start", now},
          {"finish", now},
          {"duration", 0.001},
          {"processing", 0.0005},
          {"date_start", "2024-01-01T12:00:00+03:00"},
          {"date_finish", "2024-01-01T12:00:00+03:00"},
          {"operating_reset_at", static_cast<long long>(now) + 600},
          {"operating", 0}};
}

Answer error(int status, const std::string& code, const std::string& description) {
  return {status, json{{"error", code}, {"error_description", description}}.dump(), {}, false, 0};
}

// The error code Bitrix24 sends with each status (for injected failures).
std::string codeFor(int status) {
  switch (status) {
    case 400:
      return "INVALID_REQUEST";
    case 401:
      return "NO_AUTH_FOUND";
    case 403:
      return "ACCESS_DENIED";
    case 404:
      return "ERROR_METHOD_NOT_FOUND";
    case 405:
      return "ERROR_BATCH_METHOD_NOT_ALLOWED";
    case 429:
      return "OPERATION_TIME_LIMIT";
    case 503:
      return "QUERY_LIMIT_EXCEEDED";
    default:
      return status >= 500 ? "INTERNAL_SERVER_ERROR" : "ERROR_CORE";
  }
}

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string methodName(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  const std::string suffix = ".json";
  if (text.size() > suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0) {
    text.resize(text.size() - suffix.size());
  }
  return text;
}

json emptyAsArray(const json& object) { return object.empty() ? json::array() : object; }

}  // namespace

bool FakeBitrix24::State::admit(double nowMs) {
  bucketLevel = std::max(0.0, bucketLevel - (nowMs - bucketAtMs) * kDrainPerMs);
  bucketAtMs = nowMs;
  if (bucketLevel + 1.0 > kBucketSize + kArrivalSlack) return false;
  bucketLevel += 1.0;
  return true;
}

void FakeBitrix24::State::waitOrStop(int ms) {
  std::unique_lock<std::mutex> lock(mutex);
  stopped.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping; });
}

void FakeBitrix24::State::stop() {
  std::lock_guard<std::mutex> lock(mutex);
  stopping = true;
  stopped.notify_all();
}

Answer FakeBitrix24::State::handle(const Incoming& in) {
  std::lock_guard<std::mutex> lock(mutex);
  const double now = steadyMs();
  arrivals.push_back(now);
  if (!admit(now)) {
    ++violations;
    return error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests");
  }
  if (failures.times > 0) {
    --failures.times;
    Answer a = error(failures.status, codeFor(failures.status), failures.description);
    if (failures.retryAfterSeconds) a.headers["Retry-After"] = std::to_string(*failures.retryAfterSeconds);
    return a;
  }
  const std::string prefix = "/rest/";
  if (in.path.compare(0, prefix.size(), prefix) != 0)
    return {404, "<html><body>404 Not Found</body></html>", {}, true, 0};
  std::vector<std::string> parts = segments(in.path.substr(prefix.size()));
  if (parts.size() == 1) return error(401, "NO_AUTH_FOUND", "Wrong authorization data");
  if (parts.size() != 3) return error(404, "ERROR_METHOD_NOT_FOUND", "Method not found!");
  if (parts[0] != userId || parts[1] != code) return error(401, "INVALID_CREDENTIALS", "Invalid request credentials");
  bool mutating = false;
  Answer answer = route(in, methodName(parts[2]), mutating);
  if (mutating && timeouts > 0) {
    --timeouts;
    answer.delayMs = timeoutDelayMs;
  }
  return answer;
}

Answer FakeBitrix24::State::route(const Incoming& in, const std::string& method, bool& mutating) {
  json params = parseQuery(in.query);
  if (in.contentType.find("json") != std::string::npos && !in.body.empty()) {
    json body = json::parse(in.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
      return error(400, "INVALID_REQUEST", "Invalid JSON in the request body");
    params.update(body);
  } else if (!in.body.empty()) {
    params.update(parseQuery(in.body));
  }
  if (method == "batch") return batch(params, in, mutating);
  mutating = FakeCrm::isKnownMethod(method) && FakeCrm::mutates(method);
  return single(method, params);
}

Answer FakeBitrix24::State::single(const std::string& method, const json& params) {
  Reply reply = crm.call(method, params);
  if (!reply.ok()) return error(reply.status, reply.error, reply.description);
  json body = {{"result", reply.result}};
  if (reply.next) body["next"] = *reply.next;
  if (reply.total) body["total"] = *reply.total;
  body["time"] = timeInfo();
  return {200, body.dump(), {}, false, 0};
}

Answer FakeBitrix24::State::batch(const json& params, const Incoming& in, bool& mutating) {
  // Sub-calls run in the order the client wrote them: read `cmd` with its key order kept.
  nlohmann::ordered_json cmd = params.value("cmd", json());
  if (in.contentType.find("json") != std::string::npos) {
    auto body = nlohmann::ordered_json::parse(in.body, nullptr, false);
    if (!body.is_discarded() && body.is_object() && body.contains("cmd")) cmd = body["cmd"];
  }
  if (!cmd.is_object() && !cmd.is_array()) return error(400, "INVALID_ARG_VALUE", "Parameter 'cmd' must be array.");
  if (cmd.size() > kMaxBatch) return error(400, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded");
  const std::string halt = phpText(params.value("halt", json()));
  const bool stopOnError = !halt.empty() && halt != "0" && halt != "false";
  json results = json::object(), errors = json::object(), totals = json::object(), nexts = json::object(),
       times = json::object();
  std::size_t index = 0;
  for (auto it = cmd.begin(); it != cmd.end(); ++it, ++index) {
    const std::string key = cmd.is_object() ? it.key() : std::to_string(index);
    const std::string text = it->is_string() ? it->get<std::string>() : std::string{};
    const std::size_t q = text.find('?');
    const std::string method = methodName(text.substr(0, q));
    Reply reply;
    if (method == "batch") {
      reply = Reply::fail(405, "ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed for batch usage");
    } else {
      mutating = mutating || (FakeCrm::isKnownMethod(method) && FakeCrm::mutates(method));
      reply = crm.call(method, parseQuery(q == std::string::npos ? "" : text.substr(q + 1)));
    }
    if (!reply.ok()) {
      errors[key] = {{"error", reply.error}, {"error_description", reply.description}};
      if (stopOnError) break;
      continue;
    }
    results[key] = reply.result;
    if (reply.total) totals[key] = *reply.total;
    if (reply.next) nexts[key] = *reply.next;
    times[key] = timeInfo();
  }
  json body = {{"result",
                {{"result", emptyAsArray(results)},
                 {"result_error", emptyAsArray(errors)},
                 {"result_total", emptyAsArray(totals)},
                 {"result_next", emptyAsArray(nexts)},
                 {"result_time", emptyAsArray(times)}}},
               {"time", timeInfo()}};
  return {200, body.dump(), {}, false, 0};
}

}  // namespace crmsync::fakes::bitrix24
