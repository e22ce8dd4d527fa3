// Person bodies (validation and JSON shapes), seeding and inspection of the fake Pipedrive.

#include <algorithm>

#include "fakes/pipedrive/fake_pipedrive_crm.h"
#include "fakes/pipedrive/fake_pipedrive_util.h"

namespace crmsync::test::pipedrive {

using nlohmann::json;

namespace {

// A v2 contact list: [{value (text, required), primary (bool), label (work|home|mobile|other)}].
std::string checkContactList(const json& list, const char* name) {
  if (!list.is_array()) return std::string(name) + ": must be an array";
  for (const auto& item : list) {
    if (!item.is_object() || !item.contains("value") || !item["value"].is_string()) {
      return std::string(name) + ": every item needs a text 'value'";
    }
    for (const auto& [k, v] : item.items()) {
      if (k != "value" && k != "primary" && k != "label") return std::string(name) + ": unknown parameter '" + k + "'";
    }
    if (item.contains("primary") && !item["primary"].is_boolean())
      return std::string(name) + ": primary must be boolean";
    if (item.contains("label")) {
      const json& label = item["label"];
      if (!label.is_string() || (label != "work" && label != "home" && label != "mobile" && label != "other")) {
        return std::string(name) + ": label must be one of work, home, mobile, other";
      }
    }
  }
  return "";
}

json normalisedContacts(const json& list) {
  json out = json::array();
  for (std::size_t i = 0; i < list.size(); ++i) {
    out.push_back({{"value", list[i]["value"]},
                   {"primary", list[i].value("primary", i == 0)},
                   {"label", list[i].value("label", std::string("work"))}});
  }
  return out;
}

}  // namespace

std::string FakePipedriveCrm::applyPerson(const json& body, Person& p, bool creating) const {
  static const char* kKeys[] = {"name",       "owner_id",  "org_id",        "emails",   "phones",
                                "visible_to", "label_ids", "custom_fields", "add_time", "marketing_status"};
  for (const auto& [k, v] : body.items()) {
    const std::string& name = k;  // lambdas cannot capture structured bindings in clang 14
    if (std::none_of(std::begin(kKeys), std::end(kKeys), [&](const char* known) { return name == known; })) {
      return "unknown parameter '" + k + "'";
    }
  }
  if (creating && !body.contains("name")) return "name: required";
  if (body.contains("name")) {
    if (!body["name"].is_string() || body["name"].get<std::string>().empty()) return "name: must be non-empty text";
    p.name = body["name"].get<std::string>();
  }
  if (body.contains("owner_id")) {
    if (!body["owner_id"].is_number_integer() || body["owner_id"].get<long long>() < 1)
      return "owner_id: must be a user id";
    p.ownerId = body["owner_id"];
  }
  if (body.contains("org_id")) {
    if (!body["org_id"].is_null() && !body["org_id"].is_number_integer()) return "org_id: must be an organization id";
    p.orgId = body["org_id"];
  }
  if (body.contains("visible_to")) {
    const json& v = body["visible_to"];
    if (!v.is_number_integer() || (v != 1 && v != 3 && v != 5 && v != 7)) return "visible_to: must be 1, 3, 5 or 7";
    p.visibleTo = v;
  }
  for (const char* list : {"phones", "emails"}) {
    if (!body.contains(list)) continue;
    std::string problem = checkContactList(body[list], list);
    if (!problem.empty()) return problem;
    (std::string(list) == "phones" ? p.phones : p.emails) = normalisedContacts(body[list]);
  }
  if (body.contains("custom_fields")) {
    if (!body["custom_fields"].is_object()) return "custom_fields: must be an object";
    for (const auto& [key, value] : body["custom_fields"].items()) {
      bool known =
          std::any_of(fields_.begin(), fields_.end(), [&, &fieldKey = key](const Field& f) { return f.custom && f.key == fieldKey; });
      if (!known) return "custom_fields: unknown field '" + key + "'";
      if (!value.is_null() && !value.is_string() && !value.is_number())
        return "custom_fields: '" + key + "' must be text or a number";
      p.custom[key] = value;
    }
  }
  return "";
}

json FakePipedriveCrm::personJson(const Person& p) const {
  json custom = json::object();
  for (const Field& f : fields_) {
    if (f.custom) custom[f.key] = p.custom.contains(f.key) ? p.custom[f.key] : json(nullptr);
  }
  return {{"id", p.id},
          {"name", p.name},
          {"owner_id", p.ownerId},
          {"org_id", p.orgId},
          {"add_time", isoTime(p.addMs)},
          {"update_time", isoTime(p.updateMs)},
          {"emails", p.emails},
          {"phones", p.phones},
          {"visible_to", p.visibleTo},
          {"label_ids", json::array()},
          {"is_deleted", false},
          {"custom_fields", custom}};
}

json FakePipedriveCrm::searchItem(const Person& p) const {
  json phones = json::array();
  for (const auto& ph : p.phones) phones.push_back(ph["value"]);
  json emails = json::array();
  for (const auto& e : p.emails) emails.push_back(e["value"]);
  json custom = json::array();
  for (const auto& [key, value] : p.custom.items()) {
    if (value.is_string())
      custom.push_back(value);
    else if (value.is_number())
      custom.push_back(value.dump());
  }
  json organization =
      p.orgId.is_null() ? json(nullptr) : json{{"id", p.orgId}, {"name", nullptr}, {"address", nullptr}};
  return {{"id", p.id},
          {"type", "person"},
          {"name", p.name},
          {"phones", phones},
          {"emails", emails},
          {"visible_to", p.visibleTo},
          {"owner", {{"id", p.ownerId}}},
          {"organization", organization},
          {"custom_fields", custom},
          {"notes", json::array()}};
}

int FakePipedriveCrm::addPerson(const std::string& name, const std::vector<std::string>& phones, std::int64_t nowMs) {
  Person p;
  p.id = nextId_++;
  p.name = name;
  for (std::size_t i = 0; i < phones.size(); ++i) {
    p.phones.push_back({{"value", phones[i]}, {"primary", i == 0}, {"label", "mobile"}});
  }
  p.addMs = p.updateMs = nowMs;
  persons_[p.id] = p;
  return p.id;
}

int FakePipedriveCrm::addDeal(int personId, const std::string& title, int stageId, const std::string& status,
                              double value, std::int64_t updateMs) {
  Deal d;
  d.id = nextId_++;
  d.title = title;
  d.personId = personId;
  d.stageId = stageId;
  d.status = status;
  d.value = value;
  d.addMs = d.updateMs = updateMs;
  deals_[d.id] = d;
  return d.id;
}

std::vector<int> FakePipedriveCrm::personIds() const {
  std::vector<int> out;
  for (const auto& [id, p] : persons_) out.push_back(id);
  return out;
}

std::optional<json> FakePipedriveCrm::person(int id) const {
  auto it = persons_.find(id);
  if (it == persons_.end()) return std::nullopt;
  return personJson(it->second);
}

int FakePipedriveCrm::notesContaining(const std::string& text) const {
  return static_cast<int>(std::count_if(
      notes_.begin(), notes_.end(), [&](const auto& n) { return n.second.content.find(text) != std::string::npos; }));
}

std::vector<std::string> FakePipedriveCrm::noteContents(int personId) const {
  std::vector<std::string> out;
  for (const auto& [id, n] : notes_) {
    if (n.links.value("person_id", json()) == personId) out.push_back(n.content);
  }
  return out;
}

int FakePipedriveCrm::fieldsNamed(const std::string& name) const {
  return static_cast<int>(
      std::count_if(fields_.begin(), fields_.end(), [&](const Field& f) { return f.name == name; }));
}

}  // namespace crmsync::test::pipedrive
