#include "crm/hubspot/hubspot_batch.h"

namespace crmsync::connectors::hubspot {

using nlohmann::json;

namespace {

HttpRequest post(const std::string& target, const json& body) {
  HttpRequest request;
  request.method = "POST";
  request.target = target;
  request.body = body.dump();
  return request;
}

std::string idText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  return propertyText(value).value_or("");
}

}  // namespace

HttpRequest upsertRequest(const std::string& objectType, const std::string& idProperty,
                          const std::vector<UpsertInput>& inputs) {
  json body = {{"inputs", json::array()}};
  for (const UpsertInput& input : inputs) {
    body["inputs"].push_back({{"idProperty", idProperty}, {"id", input.key}, {"properties", input.properties}});
  }
  return post("/crm/v3/objects/" + objectType + "/batch/upsert", body);
}

HttpRequest readByKeyRequest(const std::string& objectType, const std::string& idProperty,
                             const std::vector<std::string>& keys, const std::vector<std::string>& properties) {
  json body = {{"idProperty", idProperty}, {"properties", properties}, {"propertiesWithHistory", json::array()},
               {"inputs", json::array()}};
  for (const std::string& key : keys) body["inputs"].push_back({{"id", key}});
  return post("/crm/v3/objects/" + objectType + "/batch/read", body);
}

std::optional<std::map<std::string, HubspotObject>> objectsByKey(const std::string& body, const std::string& idProperty) {
  std::optional<std::vector<HubspotObject>> results = parseResults(body);
  if (!results) return std::nullopt;
  std::map<std::string, HubspotObject> out;
  for (HubspotObject& object : *results) {
    std::string key = object.property(idProperty);
    if (!key.empty()) out[key] = std::move(object);
  }
  return out;
}

HttpRequest associateRequest(const std::string& fromType, const std::string& toType,
                             const std::vector<std::pair<std::string, std::string>>& pairs, int associationTypeId) {
  json body = {{"inputs", json::array()}};
  for (const auto& [from, to] : pairs) {
    body["inputs"].push_back(
        {{"from", {{"id", from}}},
         {"to", {{"id", to}}},
         {"types", json::array({{{"associationCategory", "HUBSPOT_DEFINED"}, {"associationTypeId", associationTypeId}}})}});
  }
  return post("/crm/v4/associations/" + fromType + "/" + toType + "/batch/create", body);
}

std::optional<AssociationResult> parseAssociationResult(const std::string& body) {
  json parsed = json::parse(body, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("results") || !parsed["results"].is_array()) return std::nullopt;
  AssociationResult out;
  for (const json& r : parsed["results"]) {
    if (r.is_object() && r.contains("fromObjectId")) out.associatedFromIds.push_back(idText(r["fromObjectId"]));
  }
  auto errors = parsed.find("errors");
  if (errors != parsed.end() && errors->is_array()) {
    for (const json& e : *errors) {
      std::string message = e.is_object() && e.contains("message") && e["message"].is_string()
                                ? e["message"].get<std::string>()
                                : std::string{};
      if (!message.empty()) out.errorMessage += (out.errorMessage.empty() ? "" : "; ") + message;
    }
  }
  return out;
}

}  // namespace crmsync::connectors::hubspot
