// Routing, persons, person fields and person search of the fake Pipedrive.

#include "fakes/pipedrive/fake_pipedrive_crm.h"

#include <algorithm>
#include <regex>
#include <sstream>

#include "fakes/pipedrive/fake_pipedrive_util.h"

namespace crmsync::test::pipedrive {

using nlohmann::json;

FakeReply pipedriveError(int status, const std::string& message) {
  return {status,
          {{"success", false},
           {"error", message},
           {"error_info", "Please check developers.pipedrive.com for more information about Pipedrive API."},
           {"data", nullptr},
           {"additional_data", nullptr}},
          {}};
}

FakePipedriveCrm::FakePipedriveCrm(int pageSize) : pageSize_(pageSize) {
  const char* builtIn[][2] = {{"name", "Name"},
                              {"phone", "Phone"},
                              {"email", "Email"},
                              {"owner_id", "Owner"},
                              {"org_id", "Organization"},
                              {"visible_to", "Visible to"},
                              {"add_time", "Person created"},
                              {"update_time", "Update time"}};
  for (const auto& f : builtIn) fields_.push_back({nextId_++, f[0], f[1], "varchar", false});
  const char* names[] = {"Qualified", "Contact Made", "Demo Scheduled", "Proposal Made", "Negotiations Started"};
  for (int i = 0; i < 5; ++i) stages_.push_back({i + 1, names[i]});
}

bool FakePipedriveCrm::isSearch(const FakeRequest& r) { return r.path == "/api/v2/persons/search"; }

FakeReply FakePipedriveCrm::handle(const FakeRequest& r, std::int64_t nowMs) {
  static const std::regex kPersonPath("/api/v2/persons/([0-9]+)");
  static const std::regex kNotePath("/api/v1/notes/([0-9]+)");
  std::smatch m;
  const std::string& method = r.method;
  if (r.path == "/api/v2/persons/search" && method == "GET") return searchPersons(r);
  if (r.path == "/api/v2/persons" && method == "GET") return listPersons(r);
  if (r.path == "/api/v2/persons" && method == "POST") return createPerson(r, nowMs);
  if (std::regex_match(r.path, m, kPersonPath)) {
    int id = std::stoi(m[1].str());
    if (method == "GET") return getPerson(id);
    if (method == "PATCH") return patchPerson(id, r, nowMs);
  }
  if (r.path == "/api/v1/personFields" && method == "GET") return listFields(r);
  if (r.path == "/api/v1/personFields" && method == "POST") return createField(r);
  if (r.path == "/api/v1/notes" && method == "GET") return listNotes(r);
  if (r.path == "/api/v1/notes" && method == "POST") return createNote(r, nowMs);
  if (std::regex_match(r.path, m, kNotePath) && method == "PUT") return updateNote(std::stoi(m[1].str()), r, nowMs);
  if (r.path == "/api/v2/deals" && method == "GET") return listDeals(r);
  if (r.path == "/api/v2/stages" && method == "GET") return listStages(r);
  if (r.path == "/api/v1/leads" && method == "GET") return listLeads(r);
  if (r.path == "/api/v1/leads" && method == "POST") return createLead(r, nowMs);
  return pipedriveError(404, "Unknown method " + method + " " + r.path);
}

std::optional<FakeReply> FakePipedriveCrm::pageBounds(const FakeRequest& r, std::size_t& offset,
                                                      std::size_t& count) const {
  offset = 0;
  count = 100;
  if (auto it = r.query.find("limit"); it != r.query.end()) {
    std::optional<long long> n = wholeNumber(it->second);
    if (!n || *n < 1 || *n > 500) return pipedriveError(400, "Validation failed: limit: must be between 1 and 500");
    count = static_cast<std::size_t>(*n);
  }
  if (auto it = r.query.find("cursor"); it != r.query.end()) {
    std::optional<std::size_t> decoded = decodeCursor(it->second);
    if (!decoded) return pipedriveError(400, "Validation failed: cursor: invalid cursor");
    offset = *decoded;
  }
  count = std::min<std::size_t>(count, static_cast<std::size_t>(pageSize_));
  return std::nullopt;
}

namespace {

// {success, data, additional_data.next_cursor} for items[offset, offset+count).
FakeReply v2Page(const json& items, std::size_t offset, std::size_t count) {
  json page = json::array();
  for (std::size_t i = offset; i < items.size() && i < offset + count; ++i) page.push_back(items[i]);
  json next = offset + count < items.size() ? json(encodeCursor(offset + count)) : json(nullptr);
  return {200, {{"success", true}, {"data", page}, {"additional_data", {{"next_cursor", next}}}}, {}};
}

bool containsText(const std::string& haystack, const std::string& needle, bool exact) {
  return exact ? lowerCase(haystack) == lowerCase(needle)
               : lowerCase(haystack).find(lowerCase(needle)) != std::string::npos;
}

std::string valueText(const json& v) { return v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump(); }

}  // namespace

bool FakePipedriveCrm::matches(const Person& p, const std::string& term, const std::set<std::string>& fields,
                               bool exact) const {
  if (fields.count("phone") != 0) {
    const std::string wanted = digitsOf(term);
    for (const auto& phone : p.phones) {
      const std::string stored = digitsOf(phone["value"].get<std::string>());
      if (!wanted.empty() && (exact ? stored == wanted : stored.find(wanted) != std::string::npos)) return true;
    }
  }
  if (fields.count("name") != 0 && containsText(p.name, term, exact)) return true;
  if (fields.count("email") != 0) {
    for (const auto& e : p.emails) {
      if (containsText(e["value"].get<std::string>(), term, exact)) return true;
    }
  }
  if (fields.count("custom_fields") != 0) {
    for (const auto& [key, value] : p.custom.items()) {
      if (!value.is_null() && containsText(valueText(value), term, exact)) return true;
    }
  }
  return false;
}

FakeReply FakePipedriveCrm::searchPersons(const FakeRequest& r) {
  if (auto bad = unknownParameter(
          r, {"term", "fields", "exact_match", "organization_id", "include_fields", "limit", "cursor"})) {
    return *bad;
  }
  auto term = r.query.find("term");
  if (term == r.query.end()) return pipedriveError(400, "Validation failed: term: required");
  bool exact = false;
  if (auto it = r.query.find("exact_match"); it != r.query.end()) {
    if (it->second != "true" && it->second != "false")
      return pipedriveError(400, "Validation failed: exact_match: must be boolean");
    exact = it->second == "true";
  }
  if (term->second.size() < (exact ? 1u : 2u)) {
    return pipedriveError(400, "Validation failed: term: must be at least 2 characters long (1 with exact_match)");
  }
  std::set<std::string> fields = {"custom_fields", "email", "notes", "phone", "name"};
  if (auto it = r.query.find("fields"); it != r.query.end()) {
    fields.clear();
    std::stringstream list(it->second);
    for (std::string f; std::getline(list, f, ',');) {
      if (f != "custom_fields" && f != "email" && f != "notes" && f != "phone" && f != "name") {
        return pipedriveError(
            400, "Validation failed: fields: '" + f + "' is not one of custom_fields, email, notes, phone, name");
      }
      fields.insert(f);
    }
  }
  std::size_t offset = 0;
  std::size_t count = 0;
  if (auto bad = pageBounds(r, offset, count)) return *bad;
  json items = json::array();
  for (const auto& [id, p] : persons_) {
    if (matches(p, term->second, fields, exact))
      items.push_back({{"result_score", exact ? 1.0 : 0.5}, {"item", searchItem(p)}});
  }
  FakeReply page = v2Page(items, offset, count);
  page.body["data"] = {{"items", page.body["data"]}};
  return page;
}

FakeReply FakePipedriveCrm::listPersons(const FakeRequest& r) {
  if (auto bad = unknownParameter(r, {"ids", "owner_id", "org_id", "limit", "cursor", "sort_by", "sort_direction"}))
    return *bad;
  std::set<int> ids;
  if (auto it = r.query.find("ids"); it != r.query.end()) {
    std::stringstream list(it->second);
    for (std::string id; std::getline(list, id, ',');) {
      std::optional<long long> n = wholeNumber(id);
      if (!n) return pipedriveError(400, "Validation failed: ids: '" + id + "' is not an id");
      ids.insert(static_cast<int>(*n));
    }
    if (ids.size() > 100) return pipedriveError(400, "Validation failed: ids: at most 100 ids");
  }
  std::size_t offset = 0;
  std::size_t count = 0;
  if (auto bad = pageBounds(r, offset, count)) return *bad;
  json items = json::array();
  for (const auto& [id, p] : persons_) {
    if (ids.empty() || ids.count(id) != 0) items.push_back(personJson(p));
  }
  return v2Page(items, offset, count);
}

FakeReply FakePipedriveCrm::getPerson(int id) const {
  auto it = persons_.find(id);
  if (it == persons_.end()) return pipedriveError(404, "Person not found");
  return {200, {{"success", true}, {"data", personJson(it->second)}}, {}};
}

FakeReply FakePipedriveCrm::createPerson(const FakeRequest& r, std::int64_t nowMs) {
  json body = json::parse(r.body, nullptr, false);
  if (!body.is_object()) return pipedriveError(400, "Validation failed: the body must be a JSON object");
  Person p;
  p.id = nextId_;
  std::string problem = applyPerson(body, p, true);
  if (!problem.empty()) return pipedriveError(400, "Validation failed: " + problem);
  ++nextId_;
  p.addMs = p.updateMs = nowMs;
  persons_[p.id] = p;
  return {200, {{"success", true}, {"data", personJson(p)}}, {}};
}

FakeReply FakePipedriveCrm::patchPerson(int id, const FakeRequest& r, std::int64_t nowMs) {
  auto it = persons_.find(id);
  if (it == persons_.end()) return pipedriveError(404, "Person not found");
  json body = json::parse(r.body, nullptr, false);
  if (!body.is_object()) return pipedriveError(400, "Validation failed: the body must be a JSON object");
  Person changed = it->second;
  std::string problem = applyPerson(body, changed, false);
  if (!problem.empty()) return pipedriveError(400, "Validation failed: " + problem);
  changed.updateMs = nowMs;
  it->second = changed;
  return {200, {{"success", true}, {"data", personJson(changed)}}, {}};
}

FakeReply FakePipedriveCrm::listFields(const FakeRequest& r) const {
  if (auto bad = unknownParameter(r, {"start", "limit"})) return *bad;
  std::size_t start = 0;
  std::size_t limit = 100;
  if (auto it = r.query.find("start"); it != r.query.end()) {
    std::optional<long long> n = wholeNumber(it->second);
    if (!n) return pipedriveError(400, "Validation failed: start: must be a whole number");
    start = static_cast<std::size_t>(*n);
  }
  if (auto it = r.query.find("limit"); it != r.query.end()) {
    std::optional<long long> n = wholeNumber(it->second);
    if (!n || *n < 1 || *n > 500) return pipedriveError(400, "Validation failed: limit: must be between 1 and 500");
    limit = static_cast<std::size_t>(*n);
  }
  limit = std::min<std::size_t>(limit, static_cast<std::size_t>(pageSize_));
  json data = json::array();
  for (std::size_t i = start; i < fields_.size() && i < start + limit; ++i) {
    const Field& f = fields_[i];
    data.push_back({{"id", f.id},
                    {"key", f.key},
                    {"name", f.name},
                    {"field_type", f.type},
                    {"edit_flag", f.custom},
                    {"active_flag", true},
                    {"searchable_flag", f.custom}});
  }
  return {
      200, {{"success", true}, {"data", data}, {"additional_data", v1Pagination(start, limit, fields_.size())}}, {}};
}

FakeReply FakePipedriveCrm::createField(const FakeRequest& r) {
  json body = json::parse(r.body, nullptr, false);
  if (!body.is_object()) return pipedriveError(400, "Validation failed: the body must be a JSON object");
  for (const auto& [k, v] : body.items()) {
    if (k != "name" && k != "field_type" && k != "options" && k != "add_visible_flag") {
      return pipedriveError(400, "Validation failed: unknown parameter '" + k + "'");
    }
  }
  if (!body.contains("name") || !body["name"].is_string() || body["name"].get<std::string>().empty()) {
    return pipedriveError(400, "Validation failed: name: required");
  }
  static const std::set<std::string> kTypes = {"varchar", "varchar_auto", "text", "double", "monetary",
                                               "date",    "set",          "enum", "user",   "org",
                                               "people",  "phone",        "time", "address"};
  if (!body.contains("field_type") || !body["field_type"].is_string() ||
      kTypes.count(body["field_type"].get<std::string>()) == 0) {
    return pipedriveError(400, "Validation failed: field_type: required, one of the field types");
  }
  Field f{nextId_++, "", body["name"].get<std::string>(), body["field_type"].get<std::string>(), true};
  f.key = fieldHash("person-field-" + std::to_string(f.id));
  fields_.push_back(f);
  return {201,
          {{"success", true},
           {"data",
            {{"id", f.id},
             {"key", f.key},
             {"name", f.name},
             {"field_type", f.type},
             {"edit_flag", true},
             {"active_flag", true}}}},
          {}};
}

}  // namespace crmsync::test::pipedrive
