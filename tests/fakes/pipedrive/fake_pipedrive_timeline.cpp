// Notes (v1), deals and stages (v2) of the fake Pipedrive.

#include <algorithm>
#include <sstream>

#include "fakes/pipedrive/fake_pipedrive_crm.h"
#include "fakes/pipedrive/fake_pipedrive_util.h"

namespace crmsync::test::pipedrive {

using nlohmann::json;

namespace {

constexpr const char* kFlags[] = {"pinned_to_lead_flag", "pinned_to_deal_flag", "pinned_to_organization_flag",
                                  "pinned_to_person_flag", "pinned_to_project_flag"};
constexpr const char* kIntLinks[] = {"person_id", "deal_id", "org_id", "project_id", "user_id"};

bool isFlag(const std::string& k) {
  return std::any_of(std::begin(kFlags), std::end(kFlags), [&](const char* f) { return k == f; });
}
bool isIntLink(const std::string& k) {
  return std::any_of(std::begin(kIntLinks), std::end(kIntLinks), [&](const char* f) { return k == f; });
}

}  // namespace

std::string FakePipedriveCrm::applyNote(const json& body, Note& n, bool creating) const {
  for (const auto& [k, v] : body.items()) {
    if (k == "content" || k == "lead_id" || k == "add_time" || isFlag(k)) continue;
    if (!isIntLink(k)) return "unknown parameter '" + k + "'";
    if (!v.is_number_integer()) return k + ": must be a whole number";
    if (k == "person_id" && persons_.count(v.get<int>()) == 0) return "person_id: Person not found";
    if (k == "deal_id" && deals_.count(v.get<int>()) == 0) return "deal_id: Deal not found";
    n.links[k] = v;
  }
  if (body.contains("content")) {
    if (!body["content"].is_string()) return "content: must be text";
    n.content = sanitizeHtml(body["content"].get<std::string>());
  }
  if (creating && n.content.empty()) return "content: required";
  if (body.contains("lead_id")) {
    if (!body["lead_id"].is_string()) return "lead_id: must be a lead UUID";
    n.links["lead_id"] = body["lead_id"];
  }
  if (body.contains("add_time")) {
    if (!body["add_time"].is_string() || !parseV1Time(body["add_time"].get<std::string>(), false)) {
      return "add_time: must be YYYY-MM-DD HH:MM:SS";
    }
    n.addTime = body["add_time"].get<std::string>();
  }
  for (const char* flag : kFlags) {
    if (!body.contains(flag)) continue;
    const json& v = body[flag];
    if (!(v.is_boolean() || (v.is_number_integer() && (v == 0 || v == 1))))
      return std::string(flag) + ": must be 0 or 1";
    n.pins[flag] = (v == true || v == 1) ? 1 : 0;
  }
  const bool attached = n.links.contains("person_id") || n.links.contains("deal_id") || n.links.contains("org_id") ||
                        n.links.contains("lead_id") || n.links.contains("project_id");
  if (!attached) return "the note must be attached to a deal, person, organization, lead or project";
  return "";
}

json FakePipedriveCrm::noteJson(const Note& n) const {
  json out = {{"id", n.id},
              {"content", n.content},
              {"add_time", n.addTime},
              {"update_time", v1Time(n.updateMs)},
              {"active_flag", true},
              {"user_id", n.links.value("user_id", json(1))}};
  for (const char* link : {"person_id", "deal_id", "org_id", "project_id", "lead_id"}) {
    out[link] = n.links.value(link, json(nullptr));
  }
  for (const char* flag : kFlags) out[flag] = n.pins.value(flag, json(false)) == 1;
  auto person = persons_.find(n.links.value("person_id", 0));
  out["person"] = person == persons_.end() ? json(nullptr) : json{{"name", person->second.name}};
  return out;
}

FakeReply FakePipedriveCrm::createNote(const FakeRequest& r, std::int64_t nowMs) {
  json body = json::parse(r.body, nullptr, false);
  if (!body.is_object()) return pipedriveError(400, "Validation failed: the body must be a JSON object");
  Note n;
  n.addTime = v1Time(nowMs);
  std::string problem = applyNote(body, n, true);
  if (!problem.empty()) return pipedriveError(400, "Validation failed: " + problem);
  n.id = nextId_++;
  n.updateMs = nowMs;
  notes_[n.id] = n;
  return {201, {{"success", true}, {"data", noteJson(n)}}, {}};
}

FakeReply FakePipedriveCrm::updateNote(int id, const FakeRequest& r, std::int64_t nowMs) {
  auto it = notes_.find(id);
  if (it == notes_.end()) return pipedriveError(404, "Note not found");
  json body = json::parse(r.body, nullptr, false);
  if (!body.is_object()) return pipedriveError(400, "Validation failed: the body must be a JSON object");
  Note changed = it->second;
  std::string problem = applyNote(body, changed, false);
  if (!problem.empty()) return pipedriveError(400, "Validation failed: " + problem);
  if (changed.content.empty()) return pipedriveError(400, "Validation failed: content: required");
  changed.updateMs = nowMs;
  it->second = changed;
  return {200, {{"success", true}, {"data", noteJson(changed)}}, {}};
}

FakeReply FakePipedriveCrm::listNotes(const FakeRequest& r) const {
  if (auto bad = unknownParameter(r, {"person_id", "deal_id", "org_id", "lead_id", "project_id", "user_id",
                                      "start_date", "end_date", "updated_since", "sort", "start", "limit"})) {
    return *bad;
  }
  std::vector<const Note*> found;
  std::string from = r.query.count("start_date") ? r.query.at("start_date") : "";
  std::string to = r.query.count("end_date") ? r.query.at("end_date") : "";
  for (const std::string& date : {from, to}) {
    if (!date.empty() && !parseV1Time(date, true))
      return pipedriveError(400, "Validation failed: dates must be YYYY-MM-DD");
  }
  for (const auto& [id, n] : notes_) {
    bool keep = true;
    for (const char* link : {"person_id", "deal_id", "org_id", "project_id", "user_id"}) {
      auto q = r.query.find(link);
      if (q == r.query.end()) continue;
      std::optional<long long> want = wholeNumber(q->second);
      if (!want) return pipedriveError(400, std::string("Validation failed: ") + link + ": must be a whole number");
      keep = keep && n.links.value(link, json()) == *want;
    }
    const std::string day = n.addTime.substr(0, 10);
    keep = keep && (from.empty() || day >= from) && (to.empty() || day <= to);
    if (keep) found.push_back(&n);
  }
  std::string sort = r.query.count("sort") ? r.query.at("sort") : "id ASC";
  std::string field = lowerCase(sort.substr(0, sort.find_first_of(" ,")));
  std::string direction = lowerCase(sort.find(' ') == std::string::npos ? "asc" : sort.substr(sort.find(' ') + 1, 4));
  if (field != "id" && field != "add_time" && field != "update_time")
    return pipedriveError(400, "Validation failed: sort: unsupported field");
  if (direction != "asc" && direction != "desc") return pipedriveError(400, "Validation failed: sort: ASC or DESC");
  std::stable_sort(found.begin(), found.end(), [&](const Note* a, const Note* b) {
    auto key = [&](const Note* n) {
      return field == "id"         ? std::to_string(n->id + 1000000000)
             : field == "add_time" ? n->addTime
                                   : v1Time(n->updateMs);
    };
    return direction == "asc" ? key(a) < key(b) : key(a) > key(b);
  });
  std::size_t start =
      r.query.count("start") ? static_cast<std::size_t>(wholeNumber(r.query.at("start")).value_or(0)) : 0;
  std::size_t limit =
      r.query.count("limit") ? static_cast<std::size_t>(wholeNumber(r.query.at("limit")).value_or(0)) : 100;
  if (limit < 1 || limit > 500) return pipedriveError(400, "Validation failed: limit: must be between 1 and 500");
  limit = std::min<std::size_t>(limit, static_cast<std::size_t>(pageSize_));
  json data = json::array();
  for (std::size_t i = start; i < found.size() && i < start + limit; ++i) data.push_back(noteJson(*found[i]));
  // v1 lists answer data:null when the page is empty.
  return {200,
          {{"success", true},
           {"data", data.empty() ? json(nullptr) : data},
           {"additional_data", v1Pagination(start, limit, found.size())}},
          {}};
}

json FakePipedriveCrm::dealJson(const Deal& d) const {
  return {{"id", d.id},
          {"title", d.title},
          {"creator_user_id", 1},
          {"owner_id", 1},
          {"person_id", d.personId},
          {"org_id", nullptr},
          {"stage_id", d.stageId},
          {"pipeline_id", 1},
          {"value", d.value},
          {"currency", "EUR"},
          {"add_time", isoTime(d.addMs)},
          {"update_time", isoTime(d.updateMs)},
          {"status", d.status},
          {"probability", nullptr},
          {"lost_reason", nullptr},
          {"visible_to", 3},
          {"is_deleted", false}};
}

FakeReply FakePipedriveCrm::listDeals(const FakeRequest& r) const {
  if (auto bad = unknownParameter(r, {"person_id", "status", "sort_by", "sort_direction", "limit", "cursor", "owner_id",
                                      "stage_id", "pipeline_id", "org_id", "updated_since"})) {
    return *bad;
  }
  std::set<std::string> statuses = {"open", "won", "lost"};
  if (auto it = r.query.find("status"); it != r.query.end()) {
    statuses.clear();
    std::stringstream list(it->second);
    for (std::string s; std::getline(list, s, ',');) {
      if (s != "open" && s != "won" && s != "lost" && s != "deleted")
        return pipedriveError(400, "Validation failed: status: '" + s + "'");
      statuses.insert(s);
    }
  }
  std::optional<long long> person;
  if (auto it = r.query.find("person_id"); it != r.query.end()) {
    person = wholeNumber(it->second);
    if (!person) return pipedriveError(400, "Validation failed: person_id: must be a whole number");
  }
  std::string sortBy = r.query.count("sort_by") ? r.query.at("sort_by") : "id";
  std::string direction = r.query.count("sort_direction") ? r.query.at("sort_direction") : "asc";
  if (sortBy != "id" && sortBy != "update_time" && sortBy != "add_time")
    return pipedriveError(400, "Validation failed: sort_by");
  if (direction != "asc" && direction != "desc") return pipedriveError(400, "Validation failed: sort_direction");
  std::size_t offset = 0;
  std::size_t count = 0;
  if (auto bad = pageBounds(r, offset, count)) return *bad;
  std::vector<const Deal*> found;
  for (const auto& [id, d] : deals_) {
    if (statuses.count(d.status) != 0 && (!person || d.personId == *person)) found.push_back(&d);
  }
  std::stable_sort(found.begin(), found.end(), [&](const Deal* a, const Deal* b) {
    std::int64_t ka = sortBy == "id" ? a->id : sortBy == "add_time" ? a->addMs : a->updateMs;
    std::int64_t kb = sortBy == "id" ? b->id : sortBy == "add_time" ? b->addMs : b->updateMs;
    return direction == "asc" ? ka < kb : ka > kb;
  });
  json data = json::array();
  for (std::size_t i = offset; i < found.size() && i < offset + count; ++i) data.push_back(dealJson(*found[i]));
  json next = offset + count < found.size() ? json(encodeCursor(offset + count)) : json(nullptr);
  return {200, {{"success", true}, {"data", data}, {"additional_data", {{"next_cursor", next}}}}, {}};
}

FakeReply FakePipedriveCrm::listStages(const FakeRequest& r) const {
  if (auto bad = unknownParameter(r, {"pipeline_id", "sort_by", "sort_direction", "limit", "cursor"})) return *bad;
  std::size_t offset = 0;
  std::size_t count = 0;
  if (auto bad = pageBounds(r, offset, count)) return *bad;
  json data = json::array();
  for (std::size_t i = offset; i < stages_.size() && i < offset + count; ++i) {
    const Stage& s = stages_[i];
    data.push_back({{"id", s.id},
                    {"order_nr", s.id},
                    {"name", s.name},
                    {"pipeline_id", 1},
                    {"deal_probability", 100},
                    {"is_deal_rot_enabled", false},
                    {"days_to_rotten", nullptr},
                    {"is_deleted", false}});
  }
  json next = offset + count < stages_.size() ? json(encodeCursor(offset + count)) : json(nullptr);
  return {200, {{"success", true}, {"data", data}, {"additional_data", {{"next_cursor", next}}}}, {}};
}

}  // namespace crmsync::test::pipedrive
