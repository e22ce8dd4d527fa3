#pragma once
// Pure helpers shared by the HubSpot request builders and parsers: property values as HubSpot takes
// them (text), its timestamps, its objects (SimplePublicObject), its error bodies and how a failed
// answer is classified. No I/O; every function is safe to call from any thread.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crmsync/http_client.h"
#include "crmsync/result.h"

namespace crmsync::connectors::hubspot {

// Property name -> value, ordered so that request bodies are deterministic (describe() and tests).
using Properties = std::map<std::string, std::string>;

// A value from a mapping document as the text HubSpot stores: strings as they are, whole numbers
// without ".0", true/false. nullopt for null (nothing to write) and for arrays/objects.
std::optional<std::string> propertyText(const nlohmann::json& value);
// A mapping document's fields (CRM field -> value) as properties; null values are left out.
Properties fieldProperties(const nlohmann::json& fields);

// "2023-11-14T22:13:20.000Z" for unix milliseconds (UTC ISO 8601, as hs_timestamp accepts it).
std::string isoTimestamp(std::int64_t unixMs);
// Unix milliseconds of an ISO 8601 UTC timestamp ("2024-01-02T03:04:05.678Z"); 0 when unreadable.
std::int64_t parseIsoTimestamp(const std::string& text);

// One CRM object as HubSpot returns it (SimplePublicObject): id, properties (null read as ""), times.
struct HubspotObject {
  std::string id;
  Properties properties;
  std::int64_t updatedAtMs = 0;
  bool isNew = false;  // batch/upsert results: created by this call
  std::string property(const std::string& name) const;
};

// The object in `json`, or nullopt when it has no id.
std::optional<HubspotObject> parseObject(const nlohmann::json& json);
// Every object in a batch or search answer's "results"; nullopt when the body is not such an answer.
std::optional<std::vector<HubspotObject>> parseResults(const std::string& body);
// paging.next.after of a list or search answer; "" on the last page.
std::string nextAfter(const nlohmann::json& json);

// HubSpot's own message from an error body ({"status":"error","message":...,"errors":[...]}); the
// start of the body when it is not JSON; "" when empty.
std::string errorMessage(const std::string& body);
// The policyName of a 429 body (TEN_SECONDLY_ROLLING, SECONDLY, DAILY, ...), "" when absent.
std::string policyName(const std::string& body);

// classifyHttp with HubSpot's message. A 429 without Retry-After gets the wait its policy implies
// (SECONDLY 1 s, TEN_SECONDLY_ROLLING 10 s, DAILY 1 h).
Outcome classify(const HttpResponse& response, std::int64_t nowMs);

}  // namespace crmsync::connectors::hubspot
