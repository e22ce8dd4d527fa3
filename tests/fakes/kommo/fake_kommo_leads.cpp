// Leads, pipelines and the account of the fake Kommo account.

#include <algorithm>

#include "fakes/kommo/fake_kommo_account.h"

namespace crmsync::test::kommo {

using nlohmann::json;

namespace {

constexpr std::int64_t kAccountId = 31000001;
constexpr std::int64_t kPipelineId = 8000001;

struct Stage {
  std::int64_t id;
  const char* name;
  int type;  // 1 = the "incoming leads" stage, 0 = an ordinary one
};
const std::vector<Stage>& stages() {
  static const std::vector<Stage> kStages = {{8100001, "Incoming leads", 1}, {8100002, "Initial contact", 0},
                                             {8100003, "Negotiation", 0},    {8100004, "Decision making", 0},
                                             {142, "Closed - won", 0},       {143, "Closed - lost", 0}};
  return kStages;
}

}  // namespace

std::vector<std::int64_t> FakeKommo::openStatuses() { return {8100001, 8100002, 8100003, 8100004}; }

json KommoAccount::pipelines() const {
  json statuses = json::array();
  int sort = 10;
  for (const Stage& s : stages()) {
    statuses.push_back({{"id", s.id}, {"name", s.name}, {"sort", sort += 10}, {"is_editable", s.id != 142 && s.id != 143},
                        {"pipeline_id", kPipelineId}, {"color", "#99ccff"}, {"type", s.type}, {"account_id", kAccountId},
                        {"_links", {{"self", {{"href", "/api/v4/leads/pipelines/" + std::to_string(kPipelineId) +
                                                             "/statuses/" + std::to_string(s.id)}}}}}});
  }
  json pipeline = {{"id", kPipelineId}, {"name", "Sales"}, {"sort", 1}, {"is_main", true}, {"is_unsorted_on", true},
                   {"is_archive", false}, {"account_id", kAccountId},
                   {"_links", {{"self", {{"href", "/api/v4/leads/pipelines/" + std::to_string(kPipelineId)}}}}},
                   {"_embedded", {{"statuses", statuses}}}};
  return {{"_total_items", 1}, {"_links", {{"self", {{"href", "/api/v4/leads/pipelines"}}}}},
          {"_embedded", {{"pipelines", json::array({pipeline})}}}};
}

json KommoAccount::account() const {
  return {{"id", kAccountId}, {"name", "Acme Legal"}, {"subdomain", "acmelegal"}, {"created_at", 1600000000},
          {"created_by", 9000001}, {"updated_at", 1700000000}, {"updated_by", 9000001}, {"current_user_id", 9000001},
          {"country", "RU"}, {"currency", "RUB"}, {"currency_symbol", "₽"}, {"customers_mode", "disabled"},
          {"is_unsorted_on", true}, {"mobile_feature_version", 0}, {"is_loss_reason_enabled", true},
          {"is_helpbot_enabled", false}, {"is_technical_account", false}, {"contact_name_display_order", 1},
          {"_links", {{"self", {{"href", "/api/v4/account"}}}}}};
}

FakeAnswer KommoAccount::listLeads(const FakeRequest& r) {
  std::vector<std::string> ids = params(r, "filter[id]");
  std::vector<json> items;
  for (const auto& [id, lead] : leads_) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), std::to_string(id)) == ids.end()) continue;
    items.push_back(lead);
  }
  return listPage(r, "leads", items, pageCap_);
}

std::string KommoAccount::addLead(const std::string& contactId, const std::string& name, std::int64_t statusId,
                                  std::int64_t price, std::int64_t owner) {
  const std::int64_t contact = std::stoll(contactId);
  const std::int64_t id = nextId_++;
  const std::int64_t now = nowUnix();
  const bool closed = statusId == 142 || statusId == 143;
  leads_[id] = {{"id", id}, {"name", name}, {"price", price}, {"responsible_user_id", owner}, {"group_id", 0},
                {"status_id", statusId}, {"pipeline_id", kPipelineId}, {"loss_reason_id", nullptr},
                {"created_by", 0}, {"updated_by", 0}, {"created_at", now}, {"updated_at", now - (id % 1000)},
                {"closed_at", closed ? json(now) : json()}, {"closest_task_at", nullptr}, {"is_deleted", false},
                {"custom_fields_values", nullptr}, {"score", nullptr}, {"account_id", kAccountId}, {"labor_cost", nullptr},
                {"_links", {{"self", {{"href", "/api/v4/leads/" + std::to_string(id)}}}}},
                {"_embedded", {{"tags", json::array()}, {"companies", json::array()}}}};
  contactLeads_[contact].push_back(id);
  return std::to_string(id);
}

}  // namespace crmsync::test::kommo
