#pragma once
// Context: the open leads of a contact, translated without I/O. The contact (GET /api/v4/contacts/{id}
// ?with=leads) names its lead ids; the leads themselves come from GET /api/v4/leads?filter[id][]=…
// (paged); stage names from GET /api/v4/leads/pipelines; the currency from GET /api/v4/account (Kommo keeps
// one currency per account). Lead statuses 142 (won) and 143 (lost) are Kommo's closed statuses (❓).
// Pure; thread-safe.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crmsync/crm_connector.h"

namespace crmsync::connectors::kommo {

constexpr std::int64_t kWonStatus = 142;
constexpr std::int64_t kLostStatus = 143;
// Lead ids per list request (keeps the URL short).
constexpr std::size_t kMaxLeadIdsPerRequest = 50;

std::vector<std::string> leadIdsOf(const nlohmann::json& contact);
std::string leadsTarget(const std::vector<std::string>& ids);
inline constexpr const char* kPipelinesPath = "/api/v4/leads/pipelines";
inline constexpr const char* kAccountPath = "/api/v4/account";

// status id → status name, over every pipeline.
std::map<std::int64_t, std::string> stageNames(const nlohmann::json& pipelines);
std::string currencyOf(const nlohmann::json& account);

// A lead as a Deal (stage from `stages`, falling back to the status id); "open" unless won or lost.
Deal toDeal(const nlohmann::json& lead, const std::map<std::int64_t, std::string>& stages, const std::string& currency);
// The open, not deleted leads of a page.
std::vector<Deal> openDealsOf(const nlohmann::json& page, const std::map<std::int64_t, std::string>& stages,
                              const std::string& currency);
// Most recently updated first (then by id, for a stable order).
void sortDeals(std::vector<Deal>& deals);

}  // namespace crmsync::connectors::kommo
