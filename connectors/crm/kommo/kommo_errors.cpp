#include "crm/kommo/kommo_errors.h"

#include <cctype>

#include <nlohmann/json.hpp>

#include "crm/kommo/kommo_util.h"

namespace crmsync::connectors::kommo {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxPlainText = 200;

// Text of a non-JSON body: tags dropped, whitespace collapsed, cut to kMaxPlainText.
std::string plainText(const std::string& body) {
  std::string out;
  bool inTag = false;
  bool space = false;
  for (char c : body) {
    if (c == '<') inTag = true;
    if (inTag) {
      if (c == '>') inTag = false;
      space = true;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  if (out.size() > kMaxPlainText) out = out.substr(0, kMaxPlainText) + "…";
  return out;
}

std::string joinErrors(const json& errors) {
  std::string out;
  if (!errors.is_array()) return out;
  for (const json& e : errors) {
    std::string path = memberText(e, "path");
    std::string detail = memberText(e, "detail");
    std::string code = memberText(e, "code");
    std::string one = (path.empty() ? "" : path + ": ") + (detail.empty() ? code : detail);
    if (!code.empty() && !detail.empty()) one += " (" + code + ")";
    if (!one.empty()) out += (out.empty() ? "" : "; ") + one;
  }
  return out;
}

void append(std::string& out, const std::string& part) {
  if (part.empty() || out.find(part) != std::string::npos) return;
  out += (out.empty() ? "" : "; ") + part;
}

}  // namespace

std::string errorMessage(const std::string& body) {
  json parsed = json::parse(body, nullptr, false);
  if (!parsed.is_object()) return plainText(body);
  std::string out = memberText(parsed, "detail");
  if (out.empty()) out = memberText(parsed, "title");
  append(out, memberText(parsed, "hint"));
  if (auto legacy = parsed.find("response"); legacy != parsed.end() && legacy->is_object()) {
    append(out, memberText(*legacy, "error"));  // amoCRM v2-style {"response":{"error":...}}
  }
  if (auto v = parsed.find("validation-errors"); v != parsed.end() && v->is_array()) {
    for (const json& item : *v) append(out, joinErrors(item.is_object() ? item.value("errors", json()) : json()));
  }
  return out;
}

std::map<std::string, std::string> itemErrors(const std::string& body) {
  std::map<std::string, std::string> out;
  json parsed = json::parse(body, nullptr, false);
  if (!parsed.is_object()) return out;
  auto v = parsed.find("validation-errors");
  if (v == parsed.end() || !v->is_array()) return out;
  for (const json& item : *v) {
    std::string id = memberText(item, "request_id");
    std::string errors = joinErrors(item.is_object() ? item.value("errors", json()) : json());
    if (!id.empty() && !errors.empty()) out[id] = errors;
  }
  return out;
}

Outcome classify(const HttpResponse& response, std::int64_t nowMs, std::int64_t lastThrottledMs) {
  const std::string message = errorMessage(response.body);
  if (response.status == 403 && lastThrottledMs > 0 && nowMs - lastThrottledMs <= kBlockAfterThrottleWindowMs) {
    return Outcome::retryable("Kommo HTTP 403 right after HTTP 429: read as Kommo's block for exceeding the rate limit" +
                                  (message.empty() ? std::string{} : ": " + message),
                              std::chrono::milliseconds(kAssumedBlockMs));
  }
  return classifyHttp(response, "Kommo", message, nowMs);
}

}  // namespace crmsync::connectors::kommo
