// Custom fields of contacts in the fake Kommo account: definitions, values as stored on a contact.

#include <algorithm>
#include <set>

#include "fakes/kommo/fake_kommo_account.h"

namespace crmsync::test::kommo {

using nlohmann::json;

namespace {

constexpr std::int64_t kAccountId = 31000001;

const std::set<std::string> kFieldTypes = {"text", "numeric", "checkbox", "select", "multiselect", "date", "url",
                                           "textarea", "radiobutton", "streetaddress", "birthday", "date_time",
                                           "price", "monetary", "multitext"};

std::string textOf(const json& v) { return v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump(); }

FieldError typeError(const std::string& path, const char* type) {
  return {"Type", path, std::string("This value should be of type ") + type + "."};
}

}  // namespace

const json* KommoAccount::fieldDef(const json& entry) const {
  for (const json& f : customFields_) {
    if (entry.contains("field_id") && entry["field_id"].is_number_integer() && f["id"] == entry["field_id"]) return &f;
    if (entry.contains("field_code") && entry["field_code"].is_string() && f["code"] == entry["field_code"]) return &f;
  }
  return nullptr;
}

std::optional<json> KommoAccount::storedValues(const json& entry, const std::string& path,
                                               std::vector<FieldError>& errors) const {
  if (!entry.is_object()) return errors.push_back(typeError(path, "object")), std::nullopt;
  for (auto it = entry.begin(); it != entry.end(); ++it) {
    if (it.key() != "field_id" && it.key() != "field_code" && it.key() != "values") {
      errors.push_back({"ExtraField", path + "." + it.key(), "This field was not expected."});
    }
  }
  const json* def = fieldDef(entry);
  if (def == nullptr) {
    errors.push_back({"NotSupportedChoice", path + (entry.contains("field_id") ? ".field_id" : ".field_code"),
                      "The value you selected is not a valid choice."});
    return std::nullopt;
  }
  if (!entry.contains("values") || !entry["values"].is_array()) return errors.push_back(typeError(path + ".values", "array")), std::nullopt;
  json values = json::array();
  const json& enums = (*def)["enums"];
  for (std::size_t j = 0; j < entry["values"].size(); ++j) {
    const json& v = entry["values"][j];
    const std::string at = path + ".values." + std::to_string(j);
    if (!v.is_object() || !v.contains("value") || !(v["value"].is_primitive()) || v["value"].is_null()) {
      errors.push_back({"NotBlank", at + ".value", "This value should not be blank."});
      continue;
    }
    json stored = {{"value", v["value"]}};
    if (enums.is_array() && !enums.empty()) {
      const json* chosen = &enums.front();
      if (v.contains("enum_code") || v.contains("enum_id")) {
        auto found = std::find_if(enums.begin(), enums.end(), [&](const json& e) {
          return (v.contains("enum_code") && e["value"] == v["enum_code"]) || (v.contains("enum_id") && e["id"] == v["enum_id"]);
        });
        if (found == enums.end()) {
          errors.push_back({"NotSupportedChoice", at + ".enum_code", "The value you selected is not a valid choice."});
          continue;
        }
        chosen = &*found;
      }
      stored["enum_id"] = (*chosen)["id"];
      stored["enum_code"] = (*chosen)["value"];
    }
    values.push_back(stored);
  }
  return json{{"field_id", (*def)["id"]}, {"field_name", (*def)["name"]}, {"field_code", (*def)["code"]},
              {"field_type", (*def)["type"]}, {"values", values}};
}

FakeAnswer KommoAccount::listCustomFields(const FakeRequest& r) {
  return listPage(r, "custom_fields", customFields_, pageCap_);
}

FakeAnswer KommoAccount::createCustomFields(const json& body) {
  if (!body.is_array() || body.empty()) return validationFailed({{"0", {typeError("", "non-empty array")}}});
  ItemErrors errors;
  std::vector<json> made;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const json& f = body[i];
    std::vector<FieldError> errs;
    std::string requestId = f.is_object() && f.contains("request_id") ? textOf(f["request_id"]) : std::to_string(i);
    if (!f.is_object()) errs.push_back(typeError("", "object"));
    for (auto it = f.begin(); f.is_object() && it != f.end(); ++it) {
      static const std::set<std::string> kKeys = {"name", "type", "code", "sort", "is_api_only", "enums", "request_id"};
      if (kKeys.count(it.key()) == 0) errs.push_back({"ExtraField", it.key(), "This field was not expected."});
    }
    std::string code = f.is_object() && f.contains("code") ? textOf(f["code"]) : "";
    if (!f.is_object() || !f.contains("name") || !f["name"].is_string() || f["name"].get<std::string>().empty()) {
      errs.push_back({"NotBlank", "name", "This value should not be blank."});
    }
    if (!f.is_object() || !f.contains("type") || kFieldTypes.count(textOf(f["type"])) == 0) {
      errs.push_back({"NotSupportedChoice", "type", "The value you selected is not a valid choice."});
    }
    if (!code.empty() && (code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != std::string::npos ||
                          fieldDef(json{{"field_code", code}}) != nullptr)) {
      errs.push_back({"InvalidCode", "code", "The code is not valid or already used."});
    }
    if (!errs.empty()) errors.push_back({requestId, errs});
    else made.push_back({{"name", f["name"]}, {"type", f["type"]}, {"code", code.empty() ? json() : json(code)}, {"request_id", requestId}});
  }
  if (!errors.empty()) return validationFailed(errors);
  json answered = json::array();
  for (json& f : made) {
    const std::int64_t id = nextId_++;
    json def = {{"id", id}, {"name", f["name"]}, {"type", f["type"]}, {"account_id", kAccountId}, {"code", f["code"]},
                {"sort", 510}, {"is_api_only", false}, {"enums", nullptr}, {"group_id", nullptr},
                {"required_statuses", json::array()}, {"is_deletable", true}, {"is_predefined", false},
                {"entity_type", "contacts"}, {"_links", {{"self", {{"href", "/api/v4/contacts/custom_fields/" + std::to_string(id)}}}}}};
    customFields_.push_back(def);
    def["request_id"] = f["request_id"];
    answered.push_back(def);
  }
  return FakeAnswer{200, {{"_total_items", answered.size()}, {"_embedded", {{"custom_fields", answered}}}}, "",
                    "application/hal+json", {}};
}

std::vector<std::string> KommoAccount::customFieldCodes() const {
  std::vector<std::string> out;
  for (const json& f : customFields_) {
    if (f["code"].is_string()) out.push_back(f["code"]);
  }
  return out;
}

}  // namespace crmsync::test::kommo
