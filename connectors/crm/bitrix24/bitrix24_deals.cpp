#include "crm/bitrix24/bitrix24_deals.h"

#include <algorithm>
#include <set>

#include "crm/bitrix24/bitrix24_contacts.h"
#include "crm/bitrix24/bitrix24_values.h"

namespace crmsync::connectors::bitrix24 {

using nlohmann::json;

namespace {

std::string field(const json& row, const char* name) { return textOf(row.value(name, json())); }

std::string statusOf(const std::string& closed, const std::string& semantic) {
  if (semantic == "S") return "won";
  if (semantic == "F") return "lost";
  return closed == "Y" ? "closed" : "open";
}

}  // namespace

Call getCall(const std::string& entityType, const std::string& id) {
  return {methodPrefix(entityType) + ".get", {{"id", id}}, "default"};
}

Call openDealsCall(const std::string& contactId, int start) {
  json select = {"ID",          "TITLE",       "STAGE_ID",       "STAGE_SEMANTIC_ID", "CLOSED",
                 "OPPORTUNITY", "CURRENCY_ID", "ASSIGNED_BY_ID", "DATE_MODIFY"};
  return {"crm.deal.list",
          {{"filter", {{"CONTACT_ID", contactId}, {"CLOSED", "N"}}},
           {"select", select},
           {"order", {{"DATE_MODIFY", "DESC"}, {"ID", "DESC"}}},
           {"start", start}},
          "default"};
}

Deal toDeal(const json& row) {
  Deal d;
  d.id = field(row, "ID");
  d.title = field(row, "TITLE");
  d.stage = field(row, "STAGE_ID");
  d.status = statusOf(field(row, "CLOSED"), field(row, "STAGE_SEMANTIC_ID"));
  d.amount = field(row, "OPPORTUNITY");
  d.currency = field(row, "CURRENCY_ID");
  d.ownerId = field(row, "ASSIGNED_BY_ID");
  d.updatedAtMs = parseTimeMs(field(row, "DATE_MODIFY"));
  return d;
}

Deal leadAsDeal(const json& lead) {
  Deal d;
  d.id = field(lead, "ID");
  d.title = field(lead, "TITLE");
  d.stage = field(lead, "STATUS_ID");
  const std::string semantic = field(lead, "STATUS_SEMANTIC_ID");
  d.status = semantic == "S" ? "won" : semantic == "F" ? "lost" : "open";
  d.amount = field(lead, "OPPORTUNITY");
  d.currency = field(lead, "CURRENCY_ID");
  d.ownerId = field(lead, "ASSIGNED_BY_ID");
  d.updatedAtMs = parseTimeMs(field(lead, "DATE_MODIFY"));
  return d;
}

std::vector<Deal> dealsOf(const std::vector<json>& rows) {
  std::vector<Deal> deals;
  std::set<std::string> seen;
  for (const json& row : rows) {
    Deal d = toDeal(row);
    if (!d.id.empty() && seen.insert(d.id).second) deals.push_back(std::move(d));
  }
  std::stable_sort(deals.begin(), deals.end(),
                   [](const Deal& a, const Deal& b) { return a.updatedAtMs > b.updatedAtMs; });
  return deals;
}

}  // namespace crmsync::connectors::bitrix24
