// Leads, pipelines and the account of the fake Kommo account.

#include <algorithm>
#include <set>

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

constexpr std::size_t kMaxComplex = 50;  // leads per complex request

bool isStage(const json& id) {
  return id.is_number_integer() &&
         std::any_of(stages().begin(), stages().end(), [&](const Stage& s) { return s.id == id.get<std::int64_t>(); });
}

bool positiveInt(const json& v) { return v.is_number_integer() && v.get<std::int64_t>() > 0; }

}  // namespace

std::vector<FieldError> KommoAccount::checkComplexLead(const json& lead) const {
  std::vector<FieldError> errs;
  static const std::set<std::string> kKnown = {"name", "price", "status_id", "pipeline_id", "responsible_user_id",
                                               "created_by", "created_at", "custom_fields_values", "_embedded", "request_id"};
  for (auto it = lead.begin(); it != lead.end(); ++it) {
    if (!kKnown.count(it.key())) errs.push_back({"NotSupportedChoice", it.key(), "This field is not supported."});
  }
  if (lead.contains("name") && !lead["name"].is_string()) errs.push_back({"InvalidType", "name", "This value should be of type string."});
  for (const char* key : {"price", "responsible_user_id"}) {
    if (lead.contains(key) && !lead[key].is_number_integer()) errs.push_back({"InvalidType", key, "This value should be of type int."});
  }
  if (lead.contains("pipeline_id") && lead["pipeline_id"] != kPipelineId) {
    errs.push_back({"NotSupportedChoice", "pipeline_id", "The pipeline does not exist."});
  }
  if (lead.contains("status_id") && !isStage(lead["status_id"])) {
    errs.push_back({"NotSupportedChoice", "status_id", "The status does not exist in the pipeline."});
  }
  const json embedded = lead.value("_embedded", json::object());
  const json contacts = embedded.is_object() ? embedded.value("contacts", json::array()) : json();
  if (!contacts.is_array() || contacts.size() > 1) {
    errs.push_back({"Count", "_embedded.contacts", "A complex lead takes at most one contact."});
  }
  const json tags = embedded.is_object() ? embedded.value("tags", json::array()) : json();
  if (!tags.is_array() || !std::all_of(tags.begin(), tags.end(), [](const json& t) {
        return t.is_object() && (t.value("name", json()).is_string() || positiveInt(t.value("id", json())));
      })) {
    errs.push_back({"InvalidType", "_embedded.tags", "Tags are objects with a name or an id."});
  }
  return errs;
}

FakeAnswer KommoAccount::createComplexLeads(const json& body) {
  if (!body.is_array() || body.empty()) return validationFailed({{"0", {{"InvalidType", "", "This value should be of type non-empty array."}}}});
  if (body.size() > kMaxComplex) return validationFailed({{"0", {{"Count", "", "This collection should contain 50 elements or less."}}}});
  ItemErrors errors;
  std::vector<std::optional<json>> contacts;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const json& lead = body[i];
    const std::string requestId = std::to_string(i);
    if (!lead.is_object()) {
      errors.push_back({requestId, {{"InvalidType", "", "This value should be of type object."}}});
      continue;
    }
    std::vector<FieldError> errs = checkComplexLead(lead);
    if (!errs.empty()) errors.push_back({requestId, errs});
    const json embedded = lead.value("_embedded", json::object());
    const json list = embedded.is_object() ? embedded.value("contacts", json::array()) : json::array();
    contacts.emplace_back();
    json contact;
    if (list.is_array() && list.size() == 1 && prepareContact(contact, list[0], requestId, errors)) contacts.back() = contact;
  }
  if (!errors.empty()) return validationFailed(errors);
  json answered = json::array();
  for (std::size_t i = 0; i < body.size(); ++i) {
    const json& in = body[i];
    std::optional<std::int64_t> contactId;
    if (contacts[i]) contactId = storeContact(*contacts[i]);
    const std::int64_t status = in.value("status_id", json(8100001)).get<std::int64_t>();
    std::string id = addLead(contactId ? std::to_string(*contactId) : "0", in.value("name", std::string()), status,
                             in.value("price", json(0)).get<std::int64_t>(), in.value("responsible_user_id", json(0)).get<std::int64_t>());
    json& stored = leads_[std::stoll(id)];
    if (!contactId) contactLeads_.erase(0);
    const json embedded = in.value("_embedded", json::object());
    for (const json& tag : embedded.value("tags", json::array())) stored["_embedded"]["tags"].push_back(tagFor(tag));
    answered.push_back({{"id", std::stoll(id)}, {"contact_id", contactId ? json(*contactId) : json()}, {"company_id", nullptr},
                        {"request_id", json::array({std::to_string(i)})}, {"merged", false}});
  }
  return FakeAnswer{200, answered, "", "application/json", {}};
}

std::vector<json> KommoAccount::leads() const {
  std::vector<json> out;
  for (const auto& [id, lead] : leads_) {
    json copy = lead;
    copy["contact_ids"] = json::array();
    for (const auto& [contact, ids] : contactLeads_) {
      if (std::find(ids.begin(), ids.end(), id) != ids.end()) copy["contact_ids"].push_back(std::to_string(contact));
    }
    out.push_back(copy);
  }
  return out;
}

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
