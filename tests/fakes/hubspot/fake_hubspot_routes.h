#pragma once
// The fake's HubSpot endpoints over FakeStore: request in, HubSpot's answer out (status, JSON body).
// Not thread-safe: FakeHubspot serialises every call.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fake_hubspot.h"
#include "fake_hubspot_store.h"

namespace crmsync::fakes::hubspot {

struct FakeRequest {
  std::string method;
  std::vector<std::string> segments;  // path split at '/', without empty parts
  std::map<std::string, std::string> query;
  std::string body;
};

struct FakeResponse {
  int status = 200;
  nlohmann::json body;
  std::map<std::string, std::string> headers;
};

// HubSpot's error body: {"status":"error","message":...,"correlationId":...,"category":...}.
FakeResponse errorResponse(int status, const std::string& category, const std::string& message);
// The category HubSpot puts in an error body of this status.
std::string categoryFor(int status);

class FakeRoutes {
 public:
  FakeRoutes(FakeStore& store, const FakeHubspotOptions& options) : store_(store), options_(options) {}
  // `wallMs`: the account's clock (createdAt, updatedAt); `steadyMs`: the search index's clock.
  FakeResponse handle(const FakeRequest& request, std::int64_t wallMs, std::int64_t steadyMs);

 private:
  FakeResponse search(const std::string& type, const nlohmann::json& body, std::int64_t steadyMs);
  FakeResponse batchUpsert(const std::string& type, const nlohmann::json& body, std::int64_t wallMs, std::int64_t steadyMs);
  FakeResponse properties(const FakeRequest& request, const nlohmann::json& body);
  FakeResponse createOne(const std::string& type, const nlohmann::json& body, std::int64_t wallMs, std::int64_t steadyMs);
  std::optional<FakeResponse> checkAssociations(const std::string& type, const nlohmann::json& associations,
                                                std::vector<std::pair<std::string, std::string>>& out);
  FakeResponse batchRead(const std::string& type, const nlohmann::json& body);
  FakeResponse readOne(const std::string& type, const std::string& id, const FakeRequest& request);
  FakeResponse patchOne(const std::string& type, const std::string& id, const nlohmann::json& body, std::int64_t wallMs);
  FakeResponse associate(const std::string& from, const std::string& to, const nlohmann::json& body);
  FakeResponse listAssociations(const std::string& type, const std::string& id, const std::string& toType,
                                const FakeRequest& request);

  FakeStore& store_;
  const FakeHubspotOptions& options_;
};

}  // namespace crmsync::fakes::hubspot
