#include "crm/bitrix24/bitrix24_requests.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace crmsync::connectors::bitrix24 {

using nlohmann::json;

namespace {

const std::string kCrm = "Bitrix24";

std::string percentEncode(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0f];
    }
  }
  return out;
}

std::string scalarText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "1" : "0";
  return value.dump();
}

void appendQuery(const std::string& key, const json& value, std::string& out) {
  if (value.is_null()) return;
  if (value.is_object() || value.is_array()) {
    std::size_t index = 0;
    for (auto it = value.begin(); it != value.end(); ++it, ++index) {
      const std::string sub = value.is_object() ? it.key() : std::to_string(index);
      appendQuery(key + "[" + sub + "]", *it, out);
    }
    return;
  }
  if (!out.empty()) out += '&';
  out += percentEncode(key) + "=" + percentEncode(scalarText(value));
}

std::string text(const json& body, const char* key) {
  auto it = body.find(key);
  return (it != body.end() && it->is_string()) ? it->get<std::string>() : std::string{};
}

std::string reason(const std::string& message) { return kCrm + (message.empty() ? "" : ": " + message); }

// The moment Bitrix24 says its operating-time budget refills (unix seconds in time.operating_reset_at).
std::int64_t operatingResetWaitMs(const json& body, std::int64_t nowMs) {
  auto time = body.find("time");
  if (time == body.end() || !time->is_object()) return 0;
  auto reset = time->find("operating_reset_at");
  if (reset == time->end() || !reset->is_number()) return 0;
  const double atSeconds = reset->get<double>();
  // A value no clock reaches (or NaN) is ignored rather than cast: out of int64 range the cast is undefined.
  if (!(atSeconds > 0.0 && atSeconds < 1e11)) return 0;
  std::int64_t atMs = static_cast<std::int64_t>(atSeconds * 1000.0);
  return atMs > nowMs ? atMs - nowMs : 0;
}

Outcome classifyFailure(const HttpResponse& response, const json& body, std::int64_t nowMs) {
  Outcome o = classifyHttp(response, kCrm, errorMessage(body), nowMs);
  const std::string code = text(body, "error");
  if (o.kind == Outcome::Kind::kRetryable && o.retryAfter.count() == 0) {
    if (code == "QUERY_LIMIT_EXCEEDED") o.retryAfter = std::chrono::milliseconds(kQueryLimitBackoffMs);
    if (code == "OPERATION_TIME_LIMIT") {
      std::int64_t wait = operatingResetWaitMs(body, nowMs);
      o.retryAfter = std::chrono::milliseconds(wait > 0 ? wait : kOperationLimitBackoffMs);
    }
  }
  return o;
}

// Bitrix24 (PHP) writes empty maps as []; both shapes mean "nothing here".
const json* member(const json& object, const std::string& key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

int intValue(const json* value) {
  if (value == nullptr) return 0;
  if (value->is_number_integer()) return value->get<int>();
  if (value->is_string()) {
    try {
      return std::stoi(value->get<std::string>());
    } catch (const std::exception&) {
      return 0;
    }
  }
  return 0;
}

// "c00".."c49": keys that sort in call order, so the batch runs the calls in the order given.
std::string commandKey(std::size_t index) { return (index < 10 ? "c0" : "c") + std::to_string(index); }

CallResult subResult(const json& payload, const std::string& key) {
  const json* errors = member(payload, "result_error");
  if (const json* e = errors ? member(*errors, key) : nullptr) {
    return {classifyErrorCode(text(*e, "error"), errorMessage(*e)), nullptr, std::nullopt, 0};
  }
  const json* results = member(payload, "result");
  const json* value = results ? member(*results, key) : nullptr;
  if (value == nullptr) {
    return {Outcome::retryable(reason("the batch answer has no result for " + key)), nullptr, std::nullopt, 0};
  }
  CallResult out{Outcome::ok(), *value, std::nullopt, 0};
  const json* totals = member(payload, "result_total");
  out.total = intValue(totals ? member(*totals, key) : nullptr);
  const json* nexts = member(payload, "result_next");
  if (const json* next = nexts ? member(*nexts, key) : nullptr) out.next = intValue(next);
  return out;
}

}  // namespace

std::string encodeQuery(const json& params) {
  std::string out;
  if (!params.is_object()) return out;
  for (auto it = params.begin(); it != params.end(); ++it) appendQuery(it.key(), *it, out);
  return out;
}

HttpRequest buildRequest(const Call& call) {
  HttpRequest r;
  r.method = "POST";
  r.target = "/" + call.method + ".json";
  r.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  r.body = call.params.dump();
  r.scope = call.scope;
  return r;
}

json batchBody(const std::vector<Call>& calls) {
  json cmd = json::object();
  for (std::size_t i = 0; i < calls.size(); ++i) {
    std::string query = encodeQuery(calls[i].params);
    cmd[commandKey(i)] = calls[i].method + (query.empty() ? "" : "?" + query);
  }
  return {{"halt", 0}, {"cmd", cmd}};
}

HttpRequest buildBatchRequest(const std::vector<Call>& calls) {
  Call batch{"batch", batchBody(calls), "default"};
  for (const Call& c : calls) {
    if (c.scope != "default") batch.scope = c.scope;
  }
  return buildRequest(batch);
}

std::vector<RequestPreview> previews(const std::vector<Call>& calls) {
  if (calls.size() == 1) return {{"POST", "/" + calls[0].method + ".json", calls[0].params}};
  std::vector<RequestPreview> out;
  for (std::size_t from = 0; from < calls.size(); from += kMaxBatch) {
    std::size_t to = std::min(calls.size(), from + static_cast<std::size_t>(kMaxBatch));
    std::vector<Call> part(calls.begin() + static_cast<long>(from), calls.begin() + static_cast<long>(to));
    out.push_back({"POST", "/batch.json", batchBody(part)});
  }
  return out;
}

std::string errorMessage(const json& body) {
  const std::string code = text(body, "error");
  const std::string description = text(body, "error_description");
  if (!code.empty() && !description.empty()) return code + ": " + description;
  return code.empty() ? description : code;
}

CallResult parseResponse(const HttpResponse& response, std::int64_t nowMs) {
  json body = json::parse(response.body, nullptr, false);
  if (body.is_discarded()) body = json::object();
  if (response.status < 200 || response.status >= 300) {
    return {classifyFailure(response, body, nowMs), nullptr, std::nullopt, 0};
  }
  if (!body.is_object()) {
    return {Outcome::retryable(reason("HTTP " + std::to_string(response.status) + " without a JSON body")), nullptr,
            std::nullopt, 0};
  }
  if (!body.contains("result")) {
    const std::string message = errorMessage(body);
    if (!message.empty()) return {classifyErrorCode(text(body, "error"), message), nullptr, std::nullopt, 0};
    return {Outcome::retryable(reason("answer without \"result\"")), nullptr, std::nullopt, 0};
  }
  CallResult out{Outcome::ok(), body["result"], std::nullopt, intValue(member(body, "total"))};
  if (const json* next = member(body, "next")) out.next = intValue(next);
  return out;
}

std::vector<CallResult> parseBatchResponse(const HttpResponse& response, std::size_t count, std::int64_t nowMs) {
  CallResult whole = parseResponse(response, nowMs);
  if (!whole.outcome.isOk()) return std::vector<CallResult>(count, whole);
  std::vector<CallResult> out;
  for (std::size_t i = 0; i < count; ++i) out.push_back(subResult(whole.result, commandKey(i)));
  return out;
}

Outcome classifyErrorCode(const std::string& code, const std::string& message) {
  static const std::array<const char*, 6> kRetryable = {"QUERY_LIMIT_EXCEEDED",    "OPERATION_TIME_LIMIT",
                                                        "OVERLOAD_LIMIT",          "INTERNAL_SERVER_ERROR",
                                                        "ERROR_UNEXPECTED_ANSWER", "ERROR_CORE"};
  static const std::array<const char*, 6> kAuth = {"NO_AUTH_FOUND",      "INVALID_CREDENTIALS", "expired_token",
                                                   "insufficient_scope", "user_access_error",   "invalid_token"};
  for (const char* c : kRetryable) {
    if (code != c) continue;
    std::int64_t after = code == "QUERY_LIMIT_EXCEEDED" ? kQueryLimitBackoffMs : 0;
    return Outcome::retryable(reason(message), std::chrono::milliseconds(after));
  }
  for (const char* c : kAuth) {
    if (code == c) return Outcome::authFailed(reason(message));
  }
  return Outcome::permanent(reason(message));
}

}  // namespace crmsync::connectors::bitrix24
