#pragma once
// Small JSON helpers shared by the fake's endpoints.

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fake_hubspot_routes.h"

namespace crmsync::fakes::hubspot::util {

using nlohmann::json;

// A JSON scalar as HubSpot reads it into a property: text as is, null empty, anything else its JSON.
inline std::string text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump();
}

inline FakeResponse invalid(const std::string& message) { return errorResponse(400, "VALIDATION_ERROR", message); }

// The "properties" list of a request body.
inline std::vector<std::string> requestedProperties(const json& body) {
  std::vector<std::string> out;
  if (body.is_object() && body.contains("properties") && body["properties"].is_array()) {
    for (const json& p : body["properties"]) out.push_back(text(p));
  }
  return out;
}

// A paging cursor (the fake's are offsets): 0 for "", -1 when it is not one.
inline long long offsetOf(const std::string& after) {
  if (after.empty()) return 0;
  if (after.size() > 9 || !std::all_of(after.begin(), after.end(), [](unsigned char c) { return std::isdigit(c); })) return -1;
  return std::stoll(after);
}

inline json paging(long long next) {
  return {{"next", {{"after", std::to_string(next)}, {"link", "?after=" + std::to_string(next)}}}};
}

}  // namespace crmsync::fakes::hubspot::util
