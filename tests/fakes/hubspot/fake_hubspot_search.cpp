// FakeRoutes::search: HubSpot's CRM search over the fake's objects.
#include <algorithm>

#include "fake_hubspot_routes.h"
#include "fake_hubspot_util.h"

namespace crmsync::fakes::hubspot {

using nlohmann::json;
using util::invalid;
using util::text;

namespace {

constexpr int kMaxSearchLimit = 200;
constexpr std::size_t kMaxGroups = 5;
constexpr std::size_t kMaxFiltersPerGroup = 10;
constexpr std::size_t kMaxFilters = 25;

bool knownOperator(const std::string& op) {
  return op == "EQ" || op == "NEQ" || op == "IN" || op == "NOT_IN" || op == "HAS_PROPERTY" || op == "NOT_HAS_PROPERTY";
}

// EQ / IN compare the stored text exactly, as HubSpot does for phone and mobilephone.
bool matches(const StoredObject& o, const json& f) {
  auto it = o.properties.find(text(f["propertyName"]));
  const bool present = it != o.properties.end();
  const std::string op = text(f["operator"]);
  auto in = [&] {
    if (!present) return false;
    for (const json& v : f["values"]) {
      if (text(v) == it->second) return true;
    }
    return false;
  };
  if (op == "EQ") return present && it->second == text(f.value("value", json()));
  if (op == "NEQ") return !(present && it->second == text(f.value("value", json())));
  if (op == "IN") return in();
  if (op == "NOT_IN") return !in();
  return op == "HAS_PROPERTY" ? present : !present;
}

// Why HubSpot would refuse these filter groups, "" when it would not.
std::string refusedGroups(const FakeStore& store, const std::string& type, const json& groups) {
  if (!groups.is_array()) return "filterGroups must be an array";
  if (groups.size() > kMaxGroups) return "Too many filter groups: " + std::to_string(groups.size()) + " > 5";
  std::size_t filters = 0;
  for (const json& g : groups) {
    const json fs = g.is_object() ? g.value("filters", json::array()) : json();
    if (!fs.is_array() || fs.size() > kMaxFiltersPerGroup) return "Each filter group takes at most 10 filters";
    filters += fs.size();
    for (const json& f : fs) {
      const std::string name = f.is_object() ? text(f.value("propertyName", json())) : "";
      const std::string op = f.is_object() ? text(f.value("operator", json())) : "";
      if (store.property(type, name) == nullptr) return "There was a problem with the request: unknown property '" + name + "'";
      if (!knownOperator(op)) return "Unsupported operator '" + op + "'";
      if ((op == "IN" || op == "NOT_IN") && !(f.contains("values") && f["values"].is_array())) return op + " needs values";
    }
  }
  if (filters > kMaxFilters) return "Too many filters: " + std::to_string(filters) + " > 25";
  return "";
}

}  // namespace

FakeResponse FakeRoutes::search(const std::string& type, const json& body, std::int64_t steadyMs) {
  const json groups = body.value("filterGroups", json::array());
  if (std::string why = refusedGroups(store_, type, groups); !why.empty()) return invalid(why);
  const int limit = body.value("limit", 10);
  if (limit < 1 || limit > kMaxSearchLimit) return invalid("limit must be between 1 and 200");
  const long long offset = util::offsetOf(body.contains("after") ? text(body["after"]) : "");
  if (offset < 0) return invalid("after must be a number");
  std::vector<const StoredObject*> hits;
  for (const StoredObject* o : store_.all(type)) {
    if (o->searchableAtMs > steadyMs) continue;  // not indexed yet
    bool any = groups.empty();
    for (const json& g : groups) {
      const json& fs = g["filters"];
      any = any || std::all_of(fs.begin(), fs.end(), [&](const json& f) { return matches(*o, f); });
    }
    if (any) hits.push_back(o);
  }
  std::vector<std::string> wanted = util::requestedProperties(body);
  if (wanted.empty()) wanted = {"firstname", "lastname", "email"};
  json results = json::array();
  for (long long i = offset; i < static_cast<long long>(hits.size()) && i < offset + limit; ++i) {
    results.push_back(store_.render(*hits[static_cast<std::size_t>(i)], &wanted));
  }
  FakeResponse r;
  r.body = {{"total", hits.size()}, {"results", results}};
  if (offset + limit < static_cast<long long>(hits.size())) r.body["paging"] = util::paging(offset + limit);
  return r;
}

}  // namespace crmsync::fakes::hubspot
