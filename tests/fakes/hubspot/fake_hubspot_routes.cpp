#include "fake_hubspot_routes.h"
#include "fake_hubspot_util.h"

#include <algorithm>
#include <atomic>
#include <cstdio>

namespace crmsync::fakes::hubspot {

using nlohmann::json;
using util::invalid;
using util::offsetOf;
using util::paging;
using util::requestedProperties;
using util::text;

namespace {

constexpr std::size_t kMaxBatch = 100;

std::string correlationId() {
  static std::atomic<unsigned> counter{0};
  char buf[64];
  std::snprintf(buf, sizeof buf, "5e2b7c1a-0000-4000-8000-%012u", counter.fetch_add(1) + 1);
  return buf;
}

// Reads a property map from a JSON body; nullopt when it is not an object of scalars.
std::optional<Properties> propertiesOf(const json& body) {
  if (!body.is_object()) return std::nullopt;
  Properties out;
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (it->is_object() || it->is_array()) return std::nullopt;
    out[it.key()] = text(*it);
  }
  return out;
}

std::vector<std::string> split(const std::string& joined, char by) {
  std::vector<std::string> out;
  std::string part;
  for (char c : joined) {
    if (c == by) {
      if (!part.empty()) out.push_back(part);
      part.clear();
    } else {
      part += c;
    }
  }
  if (!part.empty()) out.push_back(part);
  return out;
}

// (typeId forward, typeId back) of HubSpot-defined associations the fake knows.
std::optional<std::pair<int, int>> associationTypes(const std::string& from, const std::string& to) {
  if (from == "communications" && to == "contacts") return std::make_pair(81, 82);
  if (from == "contacts" && to == "communications") return std::make_pair(82, 81);
  if (from == "deals" && to == "contacts") return std::make_pair(3, 4);
  if (from == "contacts" && to == "deals") return std::make_pair(4, 3);
  if (from == "communications" && to == "deals") return std::make_pair(85, 86);
  if (from == "deals" && to == "communications") return std::make_pair(86, 85);
  if (from == "leads" && to == "contacts") return std::make_pair(578, 579);
  if (from == "contacts" && to == "leads") return std::make_pair(579, 578);
  return std::nullopt;
}

std::string objectTypeId(const std::string& type) {
  if (type == "contacts") return "0-1";
  if (type == "deals") return "0-3";
  if (type == "leads") return "0-136";
  return "0-18";
}

std::string upperSingular(std::string type) {
  if (!type.empty() && type.back() == 's') type.pop_back();
  std::transform(type.begin(), type.end(), type.begin(), ::toupper);
  return type;
}

json batchAnswer(const json& results) {
  return {{"status", "COMPLETE"}, {"results", results}, {"startedAt", "2024-01-01T00:00:00.000Z"},
          {"completedAt", "2024-01-01T00:00:00.100Z"}};
}

}  // namespace

std::string categoryFor(int status) {
  switch (status) {
    case 400: return "VALIDATION_ERROR";
    case 401: return "INVALID_AUTHENTICATION";
    case 403: return "MISSING_SCOPES";
    case 404: return "OBJECT_NOT_FOUND";
    case 409: return "CONFLICT";
    case 429: return "RATE_LIMITS";
    default: return status >= 500 ? "INTERNAL_ERROR" : "VALIDATION_ERROR";
  }
}

FakeResponse errorResponse(int status, const std::string& category, const std::string& message) {
  FakeResponse r;
  r.status = status;
  r.body = {{"status", "error"}, {"message", message}, {"correlationId", correlationId()}, {"category", category}};
  return r;
}

FakeResponse FakeRoutes::handle(const FakeRequest& request, std::int64_t wallMs, std::int64_t steadyMs) {
  const auto& s = request.segments;
  json body = json::object();
  if (!request.body.empty()) {
    body = json::parse(request.body, nullptr, false);
    if (body.is_discarded()) return invalid("Invalid input JSON on line 1, column 1: Cannot parse the request body");
  }
  if (s.size() >= 4 && s[0] == "crm" && s[1] == "v3" && s[2] == "properties") return properties(request, body);
  const bool v3 = s.size() >= 4 && s[0] == "crm" && s[1] == "v3" && s[2] == "objects";
  const bool v4 = s.size() >= 4 && s[0] == "crm" && s[1] == "v4";
  if (!v3 && !v4) return errorResponse(404, "OBJECT_NOT_FOUND", "Resource not found");
  const std::string& type = s[3];
  if (v3 && !store_.knowsType(type)) return invalid("Unable to infer object type from: " + type);
  const std::string& m = request.method;
  if (v3 && s.size() == 5 && s[4] == "search" && m == "POST") return search(type, body, steadyMs);
  if (v3 && s.size() == 6 && s[4] == "batch" && s[5] == "upsert" && m == "POST") return batchUpsert(type, body, wallMs, steadyMs);
  if (v3 && s.size() == 6 && s[4] == "batch" && s[5] == "read" && m == "POST") return batchRead(type, body);
  if (v3 && s.size() == 4 && m == "POST") return createOne(type, body, wallMs, steadyMs);
  if (v3 && s.size() == 5 && m == "GET") return readOne(type, s[4], request);
  if (v3 && s.size() == 5 && m == "PATCH") return patchOne(type, s[4], body, wallMs);
  if (v4 && s[2] == "associations" && s.size() == 7 && s[5] == "batch" && s[6] == "create" && m == "POST") {
    return associate(s[3], s[4], body);
  }
  if (v4 && s[2] == "objects" && s.size() == 7 && s[5] == "associations" && m == "GET") {
    return listAssociations(s[3], s[4], s[6], request);
  }
  return errorResponse(404, "OBJECT_NOT_FOUND", "Resource not found: " + m + " " + request.segments.back());
}

FakeResponse FakeRoutes::batchUpsert(const std::string& type, const json& body, std::int64_t wallMs, std::int64_t steadyMs) {
  const json inputs = body.value("inputs", json());
  if (!inputs.is_array() || inputs.empty()) return invalid("inputs must be a non-empty array");
  if (inputs.size() > kMaxBatch) return invalid("Batch input size limit exceeded: " + std::to_string(inputs.size()) + " > 100");
  std::vector<std::pair<std::string, Properties>> writes;
  std::vector<std::string> idProperties;
  for (const json& in : inputs) {
    const std::string idProperty = in.is_object() ? text(in.value("idProperty", json())) : "";
    const std::string id = in.is_object() ? text(in.value("id", json())) : "";
    const PropertyDef* def = store_.property(type, idProperty);
    if (def == nullptr || !def->unique) return invalid("Property \"" + idProperty + "\" is not a unique identifier property");
    if (id.empty()) return invalid("Every input needs an id");
    std::optional<Properties> props = propertiesOf(in.value("properties", json::object()));
    if (!props) return invalid("properties must be an object of values");
    if (props->count(idProperty) && props->at(idProperty) != id) return invalid("\"" + idProperty + "\" differs from the input id");
    (*props)[idProperty] = id;
    for (const auto& [seen, unused] : writes) {
      if (seen == idProperty + "=" + id) return invalid("Duplicate IDs found in batch input: [" + id + "]");
    }
    if (auto refusal = store_.refuse(type, *props, store_.findBy(type, idProperty, id))) {
      return errorResponse(refusal->status, refusal->category, refusal->message);
    }
    writes.emplace_back(idProperty + "=" + id, std::move(*props));
    idProperties.push_back(idProperty);
  }
  json results = json::array();
  for (std::size_t i = 0; i < writes.size(); ++i) {
    const std::string& idProperty = idProperties[i];
    const Properties& props = writes[i].second;
    StoredObject* existing = store_.findBy(type, idProperty, props.at(idProperty));
    if (existing != nullptr) store_.update(type, *existing, props, wallMs);
    StoredObject& o = existing != nullptr ? *existing : store_.insert(type, props, wallMs, steadyMs + options_.searchLagMs);
    json rendered = store_.render(o, nullptr);
    rendered["new"] = existing == nullptr;
    results.push_back(rendered);
  }
  FakeResponse r;
  r.body = batchAnswer(results);
  return r;
}

// GET /crm/v3/properties/{type}/{name}; POST /crm/v3/properties/{type} (name, label, type, fieldType and
// groupName required; 409 when the name exists).
FakeResponse FakeRoutes::properties(const FakeRequest& request, const json& body) {
  const auto& s = request.segments;
  const std::string& type = s[3];
  if (!store_.knowsType(type)) return invalid("Unable to infer object type from: " + type);
  auto render = [&](const std::string& name, const PropertyDef& def) {
    return json{{"name", name}, {"label", name}, {"type", def.options.empty() ? "string" : "enumeration"},
                {"fieldType", def.options.empty() ? "text" : "select"}, {"hasUniqueValue", def.unique},
                {"calculated", def.readOnly}, {"hidden", false}, {"formField", false}};
  };
  if (request.method == "GET" && s.size() == 5) {
    const PropertyDef* def = store_.property(type, s[4]);
    if (def == nullptr) return errorResponse(404, "OBJECT_NOT_FOUND", "Unable to find property " + s[4] + " on object type " + type);
    FakeResponse r;
    r.body = render(s[4], *def);
    return r;
  }
  if (request.method != "POST" || s.size() != 4) return errorResponse(404, "OBJECT_NOT_FOUND", "Resource not found");
  for (const char* required : {"name", "label", "type", "fieldType", "groupName"}) {
    if (!body.contains(required) || !body[required].is_string() || body[required].get<std::string>().empty()) {
      return invalid(std::string("Invalid input JSON: missing required field \"") + required + "\"");
    }
  }
  static const std::vector<std::string> kTypes = {"bool", "enumeration", "date", "datetime", "string", "number", "phone_number"};
  if (std::find(kTypes.begin(), kTypes.end(), body["type"].get<std::string>()) == kTypes.end()) {
    return invalid("Invalid property type " + body["type"].get<std::string>());
  }
  const std::string name = body["name"];
  const bool unique = body.value("hasUniqueValue", false);
  if (!store_.defineProperty(type, name, unique)) {
    return errorResponse(409, "OBJECT_ALREADY_EXISTS", "A property named '" + name + "' already exists.");
  }
  FakeResponse r;
  r.status = 201;
  r.body = render(name, *store_.property(type, name));
  return r;
}

// The associations of a single create, checked like HubSpot does: known type ids, existing targets.
std::optional<FakeResponse> FakeRoutes::checkAssociations(const std::string& type, const json& associations,
                                                          std::vector<std::pair<std::string, std::string>>& out) {
  if (!associations.is_array()) return invalid("associations must be an array");
  for (const json& a : associations) {
    const std::string toId = a.is_object() && a.contains("to") && a["to"].is_object() ? text(a["to"].value("id", json())) : "";
    const json spec = a.is_object() ? a.value("types", json()) : json();
    const int typeId = spec.is_array() && spec.size() == 1 && spec[0].is_object() ? spec[0].value("associationTypeId", 0) : 0;
    std::string toType;
    for (const std::string candidate : {"contacts", "deals"}) {
      auto types = associationTypes(type, candidate);
      if (types && types->first == typeId) toType = candidate;
    }
    if (toType.empty() || spec[0].value("associationCategory", "") != "HUBSPOT_DEFINED") {
      return invalid("Invalid association type " + std::to_string(typeId) + " for " + type);
    }
    if (store_.find(toType, toId) == nullptr) return invalid("No " + toType + " with ID " + toId + " exists");
    out.emplace_back(toType, toId);
  }
  return std::nullopt;
}

FakeResponse FakeRoutes::createOne(const std::string& type, const json& body, std::int64_t wallMs, std::int64_t steadyMs) {
  std::optional<Properties> props = propertiesOf(body.value("properties", json::object()));
  if (!props) return invalid("properties must be an object of values");
  std::vector<std::pair<std::string, std::string>> targets;
  if (auto refused = checkAssociations(type, body.value("associations", json::array()), targets)) return *refused;
  if (type == "leads") {
    const bool hasContact = std::any_of(targets.begin(), targets.end(), [](const auto& t) { return t.first == "contacts"; });
    if (!hasContact) return invalid("Leads must be created with an association to a primary contact (associationTypeId 578)");
    for (const char* required : {"hs_lead_name", "hs_pipeline", "hs_pipeline_stage"}) {
      if (props->count(required) == 0 || props->at(required).empty()) {
        return invalid("Property values were not valid: missing required property \"" + std::string(required) + "\"");
      }
    }
  }
  if (auto refusal = store_.refuse(type, *props, nullptr)) return errorResponse(refusal->status, refusal->category, refusal->message);
  StoredObject& o = store_.insert(type, *props, wallMs, steadyMs + options_.searchLagMs);
  for (const auto& [toType, toId] : targets) {
    auto types = associationTypes(type, toType);
    store_.associate(type, o.id, toType, toId, types->first, types->second);
  }
  FakeResponse r;
  r.status = 201;
  r.body = store_.render(o, nullptr);
  return r;
}

FakeResponse FakeRoutes::batchRead(const std::string& type, const json& body) {
  const json inputs = body.value("inputs", json());
  if (!inputs.is_array()) return invalid("inputs must be an array");
  if (inputs.size() > kMaxBatch) return invalid("Batch input size limit exceeded: " + std::to_string(inputs.size()) + " > 100");
  const std::string idProperty = body.contains("idProperty") ? text(body["idProperty"]) : "";
  if (!idProperty.empty()) {
    const PropertyDef* def = store_.property(type, idProperty);
    if (def == nullptr || !def->unique) return invalid("Property \"" + idProperty + "\" is not a unique identifier property");
  }
  const std::vector<std::string> wanted = requestedProperties(body);
  json results = json::array();
  json missing = json::array();
  for (const json& in : inputs) {
    const std::string id = in.is_object() ? text(in.value("id", json())) : "";
    StoredObject* o = idProperty.empty() ? store_.find(type, id) : store_.findBy(type, idProperty, id);
    if (o == nullptr) missing.push_back(id);
    else results.push_back(store_.render(*o, &wanted));
  }
  FakeResponse r;
  r.body = batchAnswer(results);
  if (!missing.empty()) {
    r.status = 207;
    json error = errorResponse(404, "OBJECT_NOT_FOUND",
                               "Could not get some " + upperSingular(type) +
                                   " objects, they may be deleted or not exist. Check that ids are valid.").body;
    error["context"] = {{"ids", missing}};
    r.body["errors"] = json::array({error});
    r.body["numErrors"] = 1;
  }
  return r;
}

FakeResponse FakeRoutes::readOne(const std::string& type, const std::string& id, const FakeRequest& request) {
  auto idProperty = request.query.find("idProperty");
  StoredObject* o = idProperty == request.query.end() ? store_.find(type, id) : store_.findBy(type, idProperty->second, id);
  if (o == nullptr) return errorResponse(404, "OBJECT_NOT_FOUND", "Object not found.  objectId are usually numeric.");
  auto props = request.query.find("properties");
  std::vector<std::string> wanted = props == request.query.end() ? std::vector<std::string>{"firstname", "lastname", "email"}
                                                                 : split(props->second, ',');
  FakeResponse r;
  r.body = store_.render(*o, &wanted);
  return r;
}

FakeResponse FakeRoutes::patchOne(const std::string& type, const std::string& id, const json& body, std::int64_t wallMs) {
  StoredObject* o = store_.find(type, id);
  if (o == nullptr) return errorResponse(404, "OBJECT_NOT_FOUND", "Object not found.  objectId are usually numeric.");
  std::optional<Properties> props = propertiesOf(body.value("properties", json()));
  if (!props) return invalid("properties must be an object of values");
  if (auto refusal = store_.refuse(type, *props, o)) return errorResponse(refusal->status, refusal->category, refusal->message);
  store_.update(type, *o, *props, wallMs);
  FakeResponse r;
  r.body = store_.render(*o, nullptr);
  return r;
}

FakeResponse FakeRoutes::associate(const std::string& from, const std::string& to, const json& body) {
  auto types = associationTypes(from, to);
  if (!types) return invalid("No association between " + from + " and " + to);
  const json inputs = body.value("inputs", json());
  if (!inputs.is_array() || inputs.size() > kMaxBatch) return invalid("inputs must be an array of at most 100");
  json results = json::array();
  json errors = json::array();
  for (const json& in : inputs) {
    const std::string fromId = in.is_object() && in.contains("from") ? text(in["from"].value("id", json())) : "";
    const std::string toId = in.is_object() && in.contains("to") ? text(in["to"].value("id", json())) : "";
    const json spec = in.is_object() ? in.value("types", json::array()) : json::array();
    const bool typeOk = spec.is_array() && spec.size() == 1 && spec[0].value("associationTypeId", 0) == types->first &&
                        spec[0].value("associationCategory", "") == "HUBSPOT_DEFINED";
    std::string problem = !typeOk                            ? "Invalid association type for " + from + " to " + to
                          : store_.find(from, fromId) == nullptr ? "No " + from + " with ID " + fromId + " exists"
                          : store_.find(to, toId) == nullptr     ? "No " + to + " with ID " + toId + " exists"
                                                                 : "";
    if (!problem.empty()) {
      errors.push_back(errorResponse(400, "VALIDATION_ERROR", problem).body);
      continue;
    }
    store_.associate(from, fromId, to, toId, types->first, types->second);
    results.push_back({{"fromObjectTypeId", objectTypeId(from)}, {"fromObjectId", std::stoll(fromId)},
                       {"toObjectTypeId", objectTypeId(to)}, {"toObjectId", std::stoll(toId)}, {"labels", json::array()}});
  }
  FakeResponse r;
  r.status = errors.empty() ? 201 : 207;
  r.body = batchAnswer(results);
  if (!errors.empty()) {
    r.body["errors"] = errors;
    r.body["numErrors"] = errors.size();
  }
  return r;
}

FakeResponse FakeRoutes::listAssociations(const std::string& type, const std::string& id, const std::string& toType,
                                          const FakeRequest& request) {
  if (!store_.knowsType(type) || !store_.knowsType(toType)) return invalid("Unable to infer object type");
  if (store_.find(type, id) == nullptr) return errorResponse(404, "OBJECT_NOT_FOUND", "Object not found.  objectId are usually numeric.");
  auto limitParam = request.query.find("limit");
  long long limit = limitParam == request.query.end() ? 500 : offsetOf(limitParam->second);
  if (limit < 1 || limit > 500) return invalid("limit must be between 1 and 500");
  limit = std::min<long long>(limit, options_.pageSize);
  auto afterParam = request.query.find("after");
  const long long offset = offsetOf(afterParam == request.query.end() ? "" : afterParam->second);
  if (offset < 0) return invalid("after must be a number");
  auto all = store_.associations(type, id, toType);
  json results = json::array();
  for (long long i = offset; i < static_cast<long long>(all.size()) && i < offset + limit; ++i) {
    const auto& [toId, typeId] = all[static_cast<std::size_t>(i)];
    results.push_back({{"toObjectId", std::stoll(toId)},
                       {"associationTypes", json::array({{{"category", "HUBSPOT_DEFINED"}, {"typeId", typeId}, {"label", nullptr}}})}});
  }
  FakeResponse r;
  r.body = {{"results", results}};
  if (offset + limit < static_cast<long long>(all.size())) r.body["paging"] = paging(offset + limit);
  return r;
}

}  // namespace crmsync::fakes::hubspot
