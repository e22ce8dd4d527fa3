// Contacts and their custom fields in the fake Kommo account.

#include <algorithm>
#include <set>

#include "fakes/kommo/fake_kommo_account.h"

namespace crmsync::test::kommo {

using nlohmann::json;

namespace {

constexpr std::int64_t kAccountId = 31000001;
constexpr std::size_t kMaxBatch = 250;
constexpr std::size_t kMinPhoneDigits = 5;

const std::set<std::string> kContactKeys = {"name", "first_name", "last_name", "responsible_user_id", "created_by",
                                            "updated_by", "created_at", "updated_at", "custom_fields_values",
                                            "tags_to_add", "_embedded", "request_id"};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string digitsOf(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

bool phoneLike(const std::string& q) {
  return q.find_first_not_of("0123456789 +-().") == std::string::npos && digitsOf(q).size() >= kMinPhoneDigits;
}

std::string textOf(const json& v) { return v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump(); }

FieldError typeError(const std::string& path, const char* type) {
  return {"Type", path, std::string("This value should be of type ") + type + "."};
}

json newContact(std::int64_t id) {
  const std::int64_t now = nowUnix();
  return {{"id", id}, {"name", ""}, {"first_name", ""}, {"last_name", ""}, {"responsible_user_id", 0},
          {"group_id", 0}, {"created_by", 0}, {"updated_by", 0}, {"created_at", now}, {"updated_at", now},
          {"closest_task_at", nullptr}, {"is_deleted", false}, {"is_unsorted", false},
          {"custom_fields_values", nullptr}, {"account_id", kAccountId},
          {"_links", {{"self", {{"href", "/api/v4/contacts/" + std::to_string(id)}}}}},
          {"_embedded", {{"tags", json::array()}, {"companies", json::array()}}}};
}

void putValues(json& contact, const json& entry, bool replace) {
  json& list = contact["custom_fields_values"];
  if (!list.is_array()) list = json::array();
  for (json& existing : list) {
    if (existing["field_id"] == entry["field_id"]) {
      if (replace) existing["values"] = entry["values"];
      else for (const json& v : entry["values"]) existing["values"].push_back(v);
      return;
    }
  }
  list.push_back(entry);
}

}  // namespace

json KommoAccount::tagFor(const json& input) {
  std::string name = input.value("name", std::string());
  auto it = tags_.find(name);
  if (it == tags_.end()) it = tags_.emplace(name, 400001 + static_cast<std::int64_t>(tags_.size())).first;
  return {{"id", it->second}, {"name", name}, {"color", nullptr}};
}

bool KommoAccount::applyContact(json& stored, const json& input, const std::string& requestId, bool patch,
                                ItemErrors& errors) {
  std::vector<FieldError> errs;
  if (!input.is_object()) {
    errors.push_back({requestId, {typeError("", "object")}});
    return false;
  }
  for (auto it = input.begin(); it != input.end(); ++it) {
    const std::string& k = it.key();
    if (kContactKeys.count(k) == 0 && !(patch && k == "id")) {
      errs.push_back({"ExtraField", k, "This field was not expected."});
    } else if ((k == "name" || k == "first_name" || k == "last_name" || k == "request_id") && !it->is_string()) {
      errs.push_back(typeError(k, "string"));
    } else if ((k == "responsible_user_id" || k == "created_by" || k == "updated_by" || k == "created_at" ||
                k == "updated_at" || k == "id") && !it->is_number_integer()) {
      errs.push_back(typeError(k, "int"));
    } else if (k == "custom_fields_values") {
      if (!it->is_array()) errs.push_back(typeError(k, "array"));
      for (std::size_t i = 0; it->is_array() && i < it->size(); ++i) {
        if (auto v = storedValues((*it)[i], k + "." + std::to_string(i), errs)) putValues(stored, *v, patch);
      }
    } else if (k == "tags_to_add" || k == "_embedded") {
      const json& tags = k == "_embedded" ? it->value("tags", json::array()) : *it;
      if (!tags.is_array()) errs.push_back(typeError(k, "array"));
      for (std::size_t i = 0; tags.is_array() && i < tags.size(); ++i) {
        if (!tags[i].is_object() || !tags[i].contains("name") || !tags[i]["name"].is_string()) {
          errs.push_back({"NotBlank", k + "." + std::to_string(i) + ".name", "This value should not be blank."});
        } else {
          json tag = tagFor(tags[i]);
          json& list = stored["_embedded"]["tags"];
          if (std::find(list.begin(), list.end(), tag) == list.end()) list.push_back(tag);
        }
      }
    } else if (k != "request_id" && k != "id") {
      stored[k] = *it;
    }
  }
  if (!errs.empty()) errors.push_back({requestId, errs});
  return errs.empty();
}

json KommoAccount::contactView(const json& stored, bool withLeads) const {
  json view = stored;
  if (withLeads) {
    json leads = json::array();
    auto it = contactLeads_.find(stored["id"].get<std::int64_t>());
    for (std::int64_t id : it == contactLeads_.end() ? std::vector<std::int64_t>{} : it->second) {
      leads.push_back({{"id", id}, {"_links", {{"self", {{"href", "/api/v4/leads/" + std::to_string(id)}}}}}});
    }
    view["_embedded"]["leads"] = leads;
  }
  return view;
}

bool KommoAccount::matches(const json& contact, const std::string& query) const {
  const std::string q = lower(query);
  for (const char* k : {"name", "first_name", "last_name"}) {
    if (lower(textOf(contact[k])).find(q) != std::string::npos) return true;
  }
  if (!contact["custom_fields_values"].is_array()) return false;
  for (const json& field : contact["custom_fields_values"]) {
    for (const json& v : field["values"]) {
      const std::string value = textOf(v["value"]);
      if (lower(value).find(q) != std::string::npos) return true;
      if (field["field_code"] == "PHONE" && phoneLike(query) && digitsOf(value).find(digitsOf(query)) != std::string::npos) {
        return true;
      }
    }
  }
  return false;
}

FakeAnswer KommoAccount::listContacts(const FakeRequest& r) {
  std::optional<std::string> query = param(r, "query");
  std::vector<std::string> ids = params(r, "filter[id]");
  const bool withLeads = param(r, "with").value_or("").find("leads") != std::string::npos;
  std::vector<json> items;
  for (const auto& [id, c] : contacts_) {
    if (query && !query->empty() && !matches(c, *query)) continue;
    if (!ids.empty() && std::find(ids.begin(), ids.end(), std::to_string(id)) == ids.end()) continue;
    items.push_back(contactView(c, withLeads));
  }
  return listPage(r, "contacts", items, pageCap_);
}

FakeAnswer KommoAccount::getContact(std::int64_t id, const FakeRequest& r) {
  auto it = contacts_.find(id);
  if (it == contacts_.end()) return FakeAnswer{204, nullptr, "", "", {}};
  return FakeAnswer{200, contactView(it->second, param(r, "with").value_or("").find("leads") != std::string::npos), "",
                    "application/hal+json", {}};
}

FakeAnswer KommoAccount::createContacts(const json& body) {
  if (!body.is_array() || body.empty()) return validationFailed({{"0", {typeError("", "non-empty array")}}});
  if (body.size() > kMaxBatch) return validationFailed({{"0", {{"Count", "", "This collection should contain 250 elements or less."}}}});
  ItemErrors errors;
  std::vector<json> made;
  for (std::size_t i = 0; i < body.size(); ++i) {
    std::string requestId = body[i].is_object() && body[i].contains("request_id") ? textOf(body[i]["request_id"]) : std::to_string(i);
    json c = newContact(0);
    if (applyContact(c, body[i], requestId, false, errors)) {
      c["request_id"] = requestId;
      made.push_back(c);
    }
  }
  if (!errors.empty()) return validationFailed(errors);
  json answered = json::array();
  for (json& c : made) {
    const std::int64_t id = nextId_++;
    std::string requestId = c["request_id"];
    c.erase("request_id");
    c["id"] = id;
    c["_links"]["self"]["href"] = "/api/v4/contacts/" + std::to_string(id);
    contacts_[id] = c;
    answered.push_back({{"id", id}, {"is_deleted", false}, {"is_unsorted", false}, {"request_id", requestId},
                        {"_links", c["_links"]}});
  }
  return FakeAnswer{200, {{"_links", {{"self", {{"href", "/api/v4/contacts"}}}}}, {"_embedded", {{"contacts", answered}}}},
                    "", "application/hal+json", {}};
}

bool KommoAccount::prepareContact(json& out, const json& input, const std::string& requestId, ItemErrors& errors) {
  out = newContact(0);
  return applyContact(out, input, requestId, false, errors);
}

std::int64_t KommoAccount::storeContact(json contact) {
  const std::int64_t id = nextId_++;
  contact["id"] = id;
  contact["_links"]["self"]["href"] = "/api/v4/contacts/" + std::to_string(id);
  contacts_[id] = std::move(contact);
  return id;
}

FakeAnswer KommoAccount::patchContact(std::int64_t id, const json& body) {
  auto it = contacts_.find(id);
  if (it == contacts_.end()) return problem(404, "Contact " + std::to_string(id) + " not found");
  if (body.is_object() && body.contains("id") && body["id"] != id) {
    return validationFailed({{"0", {{"NotEqualTo", "id", "The id in the body differs from the path."}}}});
  }
  ItemErrors errors;
  json copy = it->second;
  if (!applyContact(copy, body, "0", true, errors)) return validationFailed(errors);
  copy["updated_at"] = nowUnix();
  it->second = copy;
  return FakeAnswer{200, {{"id", id}, {"name", copy["name"]}, {"updated_at", copy["updated_at"]}, {"_links", copy["_links"]}},
                    "", "application/hal+json", {}};
}

std::string KommoAccount::addContact(const std::string& name, const std::vector<std::string>& phones, std::int64_t owner) {
  const std::int64_t id = nextId_++;
  json c = newContact(id);
  c["name"] = name;
  c["responsible_user_id"] = owner;
  if (!phones.empty()) {
    json values = json::array();
    for (const std::string& p : phones) values.push_back({{"value", p}, {"enum_id", 200001}, {"enum_code", "WORK"}});
    c["custom_fields_values"] = json::array(
        {{{"field_id", 100001}, {"field_name", "Phone"}, {"field_code", "PHONE"}, {"field_type", "multitext"}, {"values", values}}});
  }
  contacts_[id] = c;
  return std::to_string(id);
}

std::optional<json> KommoAccount::contact(const std::string& id) const {
  for (const auto& [key, c] : contacts_) {
    if (std::to_string(key) == id) return contactView(c, true);
  }
  return std::nullopt;
}

}  // namespace crmsync::test::kommo
