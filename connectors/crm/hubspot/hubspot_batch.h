#pragma once
// Generic HubSpot batch requests (batch/upsert, batch/read keyed on a unique property, v4 association
// batch/create) and the reading of their answers. Pure: no I/O.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "crm/hubspot/hubspot_values.h"
#include "crmsync/http_client.h"

namespace crmsync::connectors::hubspot {

// One batch/upsert input: the record whose `idProperty` equals `key`, with these properties.
struct UpsertInput {
  std::string key;
  Properties properties;
};

// POST /crm/v3/objects/<objectType>/batch/upsert keyed on `idProperty` (a hasUniqueValue property).
HttpRequest upsertRequest(const std::string& objectType, const std::string& idProperty,
                          const std::vector<UpsertInput>& inputs);
// POST /crm/v3/objects/<objectType>/batch/read of the records whose `idProperty` is one of `keys`.
HttpRequest readByKeyRequest(const std::string& objectType, const std::string& idProperty,
                             const std::vector<std::string>& keys, const std::vector<std::string>& properties);

// The objects of a batch answer by their `idProperty` value; nullopt when the body is not a batch
// answer. Objects without that property are left out.
std::optional<std::map<std::string, HubspotObject>> objectsByKey(const std::string& body, const std::string& idProperty);

// POST /crm/v4/associations/<from>/<to>/batch/create: each pair (fromId, toId) with one
// HUBSPOT_DEFINED association type.
HttpRequest associateRequest(const std::string& fromType, const std::string& toType,
                             const std::vector<std::pair<std::string, std::string>>& pairs, int associationTypeId);

// The answer of an association batch (201, or 207 with errors): the from-ids that are associated,
// and HubSpot's message for the rest ("" when none). nullopt when unreadable.
struct AssociationResult {
  std::vector<std::string> associatedFromIds;
  std::string errorMessage;
};
std::optional<AssociationResult> parseAssociationResult(const std::string& body);

// The inputs split into chunks of at most `size`.
template <typename T>
std::vector<std::vector<T>> chunks(const std::vector<T>& items, std::size_t size) {
  std::vector<std::vector<T>> out;
  for (std::size_t i = 0; i < items.size(); i += size) {
    out.emplace_back(items.begin() + static_cast<long>(i), items.begin() + static_cast<long>(std::min(items.size(), i + size)));
  }
  return out;
}

}  // namespace crmsync::connectors::hubspot
