#include "crm/hubspot/hubspot_values.h"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace crmsync::connectors::hubspot {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxRawMessage = 300;

std::string stringOr(const json& object, const char* key) {
  auto it = object.find(key);
  return (it != object.end() && it->is_string()) ? it->get<std::string>() : std::string{};
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace

std::optional<std::string> propertyText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_integer() || value.is_number_unsigned()) return value.dump();
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9e15) {
      return std::to_string(static_cast<long long>(d));
    }
    return value.dump();
  }
  return std::nullopt;
}

Properties fieldProperties(const json& fields) {
  Properties out;
  if (!fields.is_object()) return out;
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    if (std::optional<std::string> text = propertyText(*it)) out[it.key()] = *text;
  }
  return out;
}

std::string isoTimestamp(std::int64_t unixMs) {
  const std::time_t seconds = static_cast<std::time_t>(unixMs / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(unixMs % 1000));
  return buf;
}

std::int64_t parseIsoTimestamp(const std::string& text) {
  std::tm tm{};
  int millis = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &consumed) != 6) {
    return 0;
  }
  if (text.size() > static_cast<std::size_t>(consumed) && text[static_cast<std::size_t>(consumed)] == '.') {
    std::sscanf(text.c_str() + consumed + 1, "%3d", &millis);
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000 + millis;
}

std::string HubspotObject::property(const std::string& name) const {
  auto it = properties.find(name);
  return it == properties.end() ? std::string{} : it->second;
}

std::optional<HubspotObject> parseObject(const json& object) {
  if (!object.is_object()) return std::nullopt;
  HubspotObject out;
  out.id = stringOr(object, "id");
  if (out.id.empty()) return std::nullopt;
  auto props = object.find("properties");
  if (props != object.end() && props->is_object()) {
    for (auto it = props->begin(); it != props->end(); ++it) out.properties[it.key()] = propertyText(*it).value_or("");
  }
  out.updatedAtMs = parseIsoTimestamp(stringOr(object, "updatedAt"));
  auto isNew = object.find("new");
  out.isNew = isNew != object.end() && isNew->is_boolean() && isNew->get<bool>();
  return out;
}

std::optional<std::vector<HubspotObject>> parseResults(const std::string& body) {
  json parsed = json::parse(body, nullptr, false);
  if (!parsed.is_object()) return std::nullopt;
  auto results = parsed.find("results");
  if (results == parsed.end() || !results->is_array()) return std::nullopt;
  std::vector<HubspotObject> out;
  for (const json& item : *results) {
    if (auto object = parseObject(item)) out.push_back(std::move(*object));
  }
  return out;
}

std::string nextAfter(const json& answer) {
  if (!answer.is_object()) return {};
  const json* next = &answer;
  for (const char* key : {"paging", "next"}) {
    auto it = next->find(key);
    if (it == next->end() || !it->is_object()) return {};
    next = &*it;
  }
  auto after = next->find("after");
  if (after == next->end()) return {};
  return after->is_string() ? after->get<std::string>() : propertyText(*after).value_or("");
}

std::string errorMessage(const std::string& body) {
  json parsed = json::parse(body, nullptr, false);
  if (!parsed.is_object()) return trimmed(body.substr(0, kMaxRawMessage));
  std::string message = stringOr(parsed, "message");
  auto errors = parsed.find("errors");
  if (errors != parsed.end() && errors->is_array()) {
    for (const json& e : *errors) {
      std::string detail = e.is_object() ? stringOr(e, "message") : std::string{};
      if (detail.empty() || message.find(detail) != std::string::npos) continue;
      message += (message.empty() ? "" : "; ") + detail;
    }
  }
  return message;
}

std::string policyName(const std::string& body) {
  json parsed = json::parse(body, nullptr, false);
  return parsed.is_object() ? stringOr(parsed, "policyName") : std::string{};
}

Outcome classify(const HttpResponse& response, std::int64_t nowMs) {
  Outcome outcome = classifyHttp(response, "HubSpot", errorMessage(response.body), nowMs);
  if (response.status != 429 || outcome.retryAfter.count() > 0) return outcome;
  const std::string policy = policyName(response.body);
  if (policy == "SECONDLY") outcome.retryAfter = std::chrono::milliseconds(1000);
  if (policy == "TEN_SECONDLY_ROLLING") outcome.retryAfter = std::chrono::milliseconds(10000);
  if (policy == "DAILY") outcome.retryAfter = std::chrono::milliseconds(3600 * 1000);
  return outcome;
}

}  // namespace crmsync::connectors::hubspot
