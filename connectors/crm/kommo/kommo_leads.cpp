#include "crm/kommo/kommo_leads.h"

#include <algorithm>

#include "crm/kommo/kommo_util.h"

namespace crmsync::connectors::kommo {

using nlohmann::json;

std::vector<std::string> leadIdsOf(const json& contact) {
  std::vector<std::string> out;
  for (const json& lead : embedded(contact, "leads")) {
    std::string id = memberText(lead, "id");
    if (!id.empty()) out.push_back(id);
  }
  return out;
}

std::string leadsTarget(const std::vector<std::string>& ids) {
  std::string target = "/api/v4/leads";
  char sep = '?';
  for (const std::string& id : ids) {
    target += sep + filterKey("id", true) + "=" + urlEncode(id);
    sep = '&';
  }
  return target;
}

std::map<std::int64_t, std::string> stageNames(const json& pipelines) {
  std::map<std::int64_t, std::string> out;
  for (const json& pipeline : embedded(pipelines, "pipelines")) {
    for (const json& status : embedded(pipeline, "statuses")) {
      std::optional<std::int64_t> id = integerOf(status.value("id", json()));
      if (id) out[*id] = memberText(status, "name");
    }
  }
  return out;
}

std::string currencyOf(const json& account) { return memberText(account, "currency"); }

Deal toDeal(const json& lead, const std::map<std::int64_t, std::string>& stages, const std::string& currency) {
  Deal d;
  d.id = memberText(lead, "id");
  d.title = memberText(lead, "name");
  std::int64_t status = integerOf(lead.value("status_id", json())).value_or(0);
  auto stage = stages.find(status);
  d.stage = stage != stages.end() && !stage->second.empty() ? stage->second : "status " + std::to_string(status);
  d.status = status == kWonStatus ? "won" : status == kLostStatus ? "lost" : "open";
  d.amount = memberText(lead, "price");
  d.currency = currency;
  std::string owner = memberText(lead, "responsible_user_id");
  d.ownerId = owner == "0" ? "" : owner;
  d.updatedAtMs = integerOf(lead.value("updated_at", json())).value_or(0) * 1000;
  return d;
}

std::vector<Deal> openDealsOf(const json& page, const std::map<std::int64_t, std::string>& stages,
                              const std::string& currency) {
  std::vector<Deal> out;
  for (const json& lead : embedded(page, "leads")) {
    auto deleted = lead.find("is_deleted");
    if (deleted != lead.end() && deleted->is_boolean() && deleted->get<bool>()) continue;
    Deal d = toDeal(lead, stages, currency);
    if (d.status == "open" && !d.id.empty()) out.push_back(std::move(d));
  }
  return out;
}

void sortDeals(std::vector<Deal>& deals) {
  std::sort(deals.begin(), deals.end(), [](const Deal& a, const Deal& b) {
    if (a.updatedAtMs != b.updatedAtMs) return a.updatedAtMs > b.updatedAtMs;
    return a.id.size() != b.id.size() ? a.id.size() > b.id.size() : a.id > b.id;
  });
}

}  // namespace crmsync::connectors::kommo
