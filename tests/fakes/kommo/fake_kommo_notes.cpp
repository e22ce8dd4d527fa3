// Notes on contacts in the fake Kommo account (`common` notes: params.text).

#include <algorithm>
#include <limits>
#include <set>

#include "fakes/kommo/fake_kommo_account.h"

namespace crmsync::test::kommo {

using nlohmann::json;

namespace {

constexpr std::int64_t kAccountId = 31000001;
constexpr std::size_t kMaxBatch = 250;

const std::set<std::string> kNoteKeys = {"entity_id", "note_type", "params", "request_id", "created_by",
                                         "responsible_user_id", "is_need_to_trigger_digital_pipeline", "created_at"};

bool isInt(const std::string& s) {
  return !s.empty() && s.size() < 16 && s.find_first_not_of("0123456789") == std::string::npos;
}

std::string requestIdOf(const json& item, std::size_t index) {
  if (item.is_object() && item.contains("request_id") && item["request_id"].is_string()) return item["request_id"];
  return std::to_string(index);
}

json link(std::int64_t entity, std::int64_t id) {
  return {{"self", {{"href", "/api/v4/contacts/" + std::to_string(entity) + "/notes/" + std::to_string(id)}}}};
}

std::vector<FieldError> checkParams(const json& note) {
  if (!note.contains("params") || !note["params"].is_object()) return {{"Type", "params", "This value should be of type object."}};
  std::vector<FieldError> errs;
  for (auto it = note["params"].begin(); it != note["params"].end(); ++it) {
    if (it.key() != "text") errs.push_back({"ExtraField", "params." + it.key(), "This field was not expected."});
  }
  const json& text = note["params"].value("text", json());
  if (!text.is_string() || text.get<std::string>().empty()) errs.push_back({"NotBlank", "params.text", "This value should not be blank."});
  return errs;
}

// filter[updated_at]=<ts> or filter[updated_at][from]/[to]=<ts>; false when a value is not a number.
bool updatedRange(const FakeRequest& r, std::int64_t& from, std::int64_t& to) {
  from = 0;
  to = std::numeric_limits<std::int64_t>::max();
  using Bound = std::pair<const char*, std::int64_t*>;
  const std::vector<Bound> bounds = {{"filter[updated_at]", &from}, {"filter[updated_at][from]", &from},
                                     {"filter[updated_at][to]", &to}};
  for (const auto& [key, target] : bounds) {
    if (std::optional<std::string> v = param(r, key)) {
      if (!isInt(*v)) return false;
      *target = std::stoll(*v);
    }
  }
  return true;
}

bool listed(const std::vector<std::string>& wanted, const std::string& value) {
  return wanted.empty() || std::find(wanted.begin(), wanted.end(), value) != wanted.end();
}

}  // namespace

std::vector<FieldError> KommoAccount::checkNote(const json& note, bool patch) const {
  if (!note.is_object()) return {{"Type", "", "This value should be of type object."}};
  std::vector<FieldError> errs;
  for (auto it = note.begin(); it != note.end(); ++it) {
    if (kNoteKeys.count(it.key()) == 0 && !(patch && it.key() == "id")) {
      errs.push_back({"ExtraField", it.key(), "This field was not expected."});
    }
  }
  if (patch) {
    if (!note.contains("id") || !note["id"].is_number_integer() || notes_.count(note["id"].get<std::int64_t>()) == 0) {
      errs.push_back({"NotFound", "id", "Note not found."});
    } else if (note.contains("entity_id") && note["entity_id"] != notes_.at(note["id"].get<std::int64_t>())["entity_id"]) {
      errs.push_back({"NotEqualTo", "entity_id", "The note belongs to another entity."});
    }
  } else if (!note.contains("entity_id") || !note["entity_id"].is_number_integer() ||
             contacts_.count(note["entity_id"].get<std::int64_t>()) == 0) {
    errs.push_back({"NotFound", "entity_id", "Entity not found."});
  }
  if (!note.contains("note_type") || note["note_type"] != "common") {
    errs.push_back({"NotSupportedChoice", "note_type", "The value you selected is not a valid choice."});
  }
  for (FieldError& e : checkParams(note)) errs.push_back(std::move(e));
  return errs;
}

FakeAnswer KommoAccount::listNotes(const FakeRequest& r) {
  std::vector<std::string> entities = params(r, "filter[entity_id]");
  std::vector<std::string> ids = params(r, "filter[id]");
  std::vector<std::string> types = params(r, "filter[note_type]");
  std::int64_t from = 0;
  std::int64_t to = 0;
  for (const std::string& v : entities) {
    if (!isInt(v)) return validationFailed({{"0", {{"Type", "filter.entity_id", "This value should be of type int."}}}});
  }
  if (!updatedRange(r, from, to)) return validationFailed({{"0", {{"Type", "filter.updated_at", "This value should be of type int."}}}});
  std::vector<json> items;
  for (const auto& [id, n] : notes_) {
    const std::int64_t updated = n["updated_at"];
    if (!listed(entities, std::to_string(n["entity_id"].get<std::int64_t>())) || !listed(ids, std::to_string(id)) ||
        !listed(types, n["note_type"]) || updated < from || updated > to) {
      continue;
    }
    items.push_back(n);
  }
  return listPage(r, "notes", items, pageCap_);
}

FakeAnswer KommoAccount::createNotes(const json& body) {
  if (!body.is_array() || body.empty()) return validationFailed({{"0", {{"Type", "", "This value should be of type non-empty array."}}}});
  if (body.size() > kMaxBatch) return validationFailed({{"0", {{"Count", "", "This collection should contain 250 elements or less."}}}});
  ItemErrors errors;
  for (std::size_t i = 0; i < body.size(); ++i) {
    std::vector<FieldError> errs = checkNote(body[i], false);
    if (!errs.empty()) errors.push_back({requestIdOf(body[i], i), errs});
  }
  if (!errors.empty()) return validationFailed(errors);
  json answered = json::array();
  for (std::size_t i = 0; i < body.size(); ++i) {
    const std::int64_t id = nextId_++;
    const std::int64_t entity = body[i]["entity_id"];
    const std::int64_t now = nowUnix();
    notes_[id] = {{"id", id}, {"entity_id", entity}, {"created_by", 0}, {"updated_by", 0}, {"created_at", now},
                  {"updated_at", now}, {"responsible_user_id", 0}, {"group_id", 0}, {"note_type", body[i]["note_type"]},
                  {"params", body[i]["params"]}, {"account_id", kAccountId}, {"_links", link(entity, id)}};
    answered.push_back({{"id", id}, {"entity_id", entity}, {"request_id", requestIdOf(body[i], i)}, {"_links", link(entity, id)}});
  }
  return FakeAnswer{200, {{"_links", {{"self", {{"href", "/api/v4/contacts/notes"}}}}}, {"_embedded", {{"notes", answered}}}},
                    "", "application/hal+json", {}};
}

FakeAnswer KommoAccount::patchNotes(const json& body) {
  if (!body.is_array() || body.empty()) return validationFailed({{"0", {{"Type", "", "This value should be of type non-empty array."}}}});
  if (body.size() > kMaxBatch) return validationFailed({{"0", {{"Count", "", "This collection should contain 250 elements or less."}}}});
  ItemErrors errors;
  for (std::size_t i = 0; i < body.size(); ++i) {
    std::vector<FieldError> errs = checkNote(body[i], true);
    if (!errs.empty()) errors.push_back({requestIdOf(body[i], i), errs});
  }
  if (!errors.empty()) return validationFailed(errors);
  json answered = json::array();
  for (const json& edit : body) {
    json& n = notes_[edit["id"].get<std::int64_t>()];
    n["params"] = edit["params"];
    n["updated_at"] = nowUnix();
    answered.push_back({{"id", n["id"]}, {"entity_id", n["entity_id"]}, {"updated_at", n["updated_at"]}, {"_links", n["_links"]}});
  }
  return FakeAnswer{200, {{"_links", {{"self", {{"href", "/api/v4/contacts/notes"}}}}}, {"_embedded", {{"notes", answered}}}},
                    "", "application/hal+json", {}};
}

std::vector<FakeNote> KommoAccount::notes() const {
  std::vector<FakeNote> out;
  for (const auto& [id, n] : notes_) {
    out.push_back({std::to_string(id), std::to_string(n["entity_id"].get<std::int64_t>()), n["note_type"],
                   n["params"].value("text", std::string()), n["created_at"], n["updated_at"]});
  }
  return out;
}

}  // namespace crmsync::test::kommo
