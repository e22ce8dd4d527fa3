// Leads (v1): GET /api/v1/leads (filters person_id, owner_id; start/limit paging) and POST /api/v1/leads
// (title and a person or organization required, owner_id a user, label_ids known lead label UUIDs).
#include <algorithm>
#include <cstdio>

#include "fakes/pipedrive/fake_pipedrive_crm.h"
#include "fakes/pipedrive/fake_pipedrive_util.h"

namespace crmsync::test::pipedrive {

using nlohmann::json;

namespace {

std::string leadUuid(std::size_t n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "adf21080-0e10-11eb-879b-%012zx", n);
  return buf;
}

}  // namespace

const std::map<std::string, std::string>& FakePipedriveCrm::leadLabels() {
  static const std::map<std::string, std::string> kLabels = {{"Hot", "f981d4a4-7d1e-4a0e-8bb4-2c9b1b5c0001"},
                                                             {"Warm", "f981d4a4-7d1e-4a0e-8bb4-2c9b1b5c0002"},
                                                             {"Cold", "f981d4a4-7d1e-4a0e-8bb4-2c9b1b5c0003"}};
  return kLabels;
}

json FakePipedriveCrm::leadJson(const Lead& l) const {
  return {{"id", l.id},          {"title", l.title},        {"owner_id", l.ownerId},     {"creator_id", 1},
          {"label_ids", l.labelIds}, {"person_id", l.personId}, {"organization_id", nullptr}, {"source_name", "API"},
          {"is_archived", false}, {"was_seen", false},       {"value", nullptr},          {"expected_close_date", nullptr},
          {"next_activity_id", nullptr}, {"add_time", isoTime(l.addMs)}, {"update_time", isoTime(l.addMs)},
          {"visible_to", "3"}};
}

json FakePipedriveCrm::leads() const {
  json out = json::array();
  for (const Lead& l : leads_) out.push_back(leadJson(l));
  return out;
}

FakeReply FakePipedriveCrm::listLeads(const FakeRequest& r) const {
  if (auto bad = unknownParameter(r, {"limit", "start", "archived_status", "owner_id", "person_id", "organization_id",
                                      "filter_id", "sort"})) {
    return *bad;
  }
  std::vector<const Lead*> found;
  for (const Lead& l : leads_) {
    bool keep = true;
    for (const char* filter : {"person_id", "owner_id"}) {
      auto q = r.query.find(filter);
      if (q == r.query.end()) continue;
      std::optional<long long> want = wholeNumber(q->second);
      if (!want) return pipedriveError(400, std::string("Validation failed: ") + filter + ": must be a whole number");
      keep = keep && *want == (std::string(filter) == "person_id" ? l.personId : l.ownerId);
    }
    if (keep) found.push_back(&l);
  }
  std::size_t start = r.query.count("start") ? static_cast<std::size_t>(wholeNumber(r.query.at("start")).value_or(0)) : 0;
  std::size_t limit = r.query.count("limit") ? static_cast<std::size_t>(wholeNumber(r.query.at("limit")).value_or(0)) : 100;
  if (limit < 1 || limit > 500) return pipedriveError(400, "Validation failed: limit: must be between 1 and 500");
  limit = std::min<std::size_t>(limit, static_cast<std::size_t>(pageSize_));
  json data = json::array();
  for (std::size_t i = start; i < found.size() && i < start + limit; ++i) data.push_back(leadJson(*found[i]));
  FakeReply reply;
  reply.body = {{"success", true}, {"data", data.empty() ? json(nullptr) : data},
                {"additional_data", {{"pagination", v1Pagination(start, limit, found.size())}}}};
  return reply;
}

FakeReply FakePipedriveCrm::createLead(const FakeRequest& r, std::int64_t nowMs) {
  json body = json::parse(r.body, nullptr, false);
  if (!body.is_object()) return pipedriveError(400, "Validation failed: body must be a JSON object");
  static const std::set<std::string> kKnown = {"title", "owner_id", "label_ids", "person_id", "organization_id", "value",
                                               "expected_close_date", "visible_to", "was_seen", "channel", "channel_id"};
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (!kKnown.count(it.key())) return pipedriveError(400, "Validation failed: " + it.key() + ": unknown field");
  }
  Lead lead;
  if (!body.contains("title") || !body["title"].is_string() || body["title"].get<std::string>().empty()) {
    return pipedriveError(400, "Validation failed: title: Required");
  }
  lead.title = body["title"].get<std::string>();
  if (!body.contains("person_id") && !body.contains("organization_id")) {
    return pipedriveError(400, "A lead must be linked to a person or an organization or both");
  }
  if (body.contains("person_id")) {
    if (!body["person_id"].is_number_integer()) return pipedriveError(400, "Validation failed: person_id: must be an integer");
    lead.personId = body["person_id"].get<int>();
    if (!persons_.count(lead.personId)) return pipedriveError(400, "Person with id " + std::to_string(lead.personId) + " not found");
  }
  if (body.contains("owner_id")) {
    if (!body["owner_id"].is_number_integer() || body["owner_id"].get<int>() < 1) {
      return pipedriveError(400, "Validation failed: owner_id: must be an integer");
    }
    lead.ownerId = body["owner_id"].get<int>();
  }
  if (body.contains("label_ids")) {
    if (!body["label_ids"].is_array()) return pipedriveError(400, "Validation failed: label_ids: must be an array");
    for (const json& id : body["label_ids"]) {
      const bool known = id.is_string() && std::any_of(leadLabels().begin(), leadLabels().end(),
                                                       [&](const auto& label) { return label.second == id.get<std::string>(); });
      if (!known) return pipedriveError(400, "Lead label with id " + id.dump() + " not found");
    }
    lead.labelIds = body["label_ids"];
  }
  lead.id = leadUuid(leads_.size() + 1);
  lead.addMs = nowMs;
  leads_.push_back(lead);
  FakeReply reply;
  reply.status = 201;
  reply.body = {{"success", true}, {"data", leadJson(lead)}};
  return reply;
}

}  // namespace crmsync::test::pipedrive
