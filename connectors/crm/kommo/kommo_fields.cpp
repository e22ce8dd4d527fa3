#include "crm/kommo/kommo_fields.h"

#include "crm/kommo/kommo_util.h"

namespace crmsync::connectors::kommo {

using nlohmann::json;

namespace {

// The enum a multi-value system field needs for a new value (❓ enum codes: crm-contracts §4.3).
const char* enumCodeFor(const std::string& code) {
  if (code == "PHONE") return "MOB";
  if (code == "EMAIL") return "WORK";
  return nullptr;
}

bool sameField(const json& entry, const std::string& field, FieldKind kind) {
  if (kind == FieldKind::kCustomById) return textOf(entry.value("field_id", json())) == field;
  return memberText(entry, "field_code") == field;
}

json* customEntry(json& contact, const std::string& field, FieldKind kind) {
  json& list = contact["custom_fields_values"];
  if (!list.is_array()) list = json::array();
  for (json& entry : list) {
    if (sameField(entry, field, kind)) return &entry;
  }
  json entry = kind == FieldKind::kCustomById ? json{{"field_id", std::stoll(field)}} : json{{"field_code", field}};
  entry["values"] = json::array();
  list.push_back(std::move(entry));
  return &list.back();
}

const json* storedEntry(const json& contact, const std::string& field, FieldKind kind) {
  auto list = contact.find("custom_fields_values");
  if (list == contact.end() || !list->is_array()) return nullptr;
  for (const json& entry : *list) {
    if (sameField(entry, field, kind)) return &entry;
  }
  return nullptr;
}

void addTags(json& contact, const std::string& names) {
  json& tags = contact["tags_to_add"];
  if (!tags.is_array()) tags = json::array();
  std::size_t start = 0;
  while (start <= names.size()) {
    std::size_t comma = names.find(',', start);
    std::string tag = names.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    tag.erase(0, tag.find_first_not_of(' '));
    tag.erase(tag.find_last_not_of(' ') + 1);
    if (!tag.empty()) tags.push_back({{"name", tag}});
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
}

bool blank(const json& value) { return value.is_null() || (value.is_string() && value.get<std::string>().empty()); }

}  // namespace

FieldKind fieldKind(const std::string& field) {
  if (field == "name" || field == "first_name" || field == "last_name") return FieldKind::kAttribute;
  if (field == "responsible_user_id") return FieldKind::kOwner;
  if (field == "tags") return FieldKind::kTags;
  if (isAllDigits(field) && field.size() < 19) return FieldKind::kCustomById;
  return FieldKind::kCustomByCode;
}

void setField(json& contact, const std::string& field, const json& value) {
  if (blank(value)) return;
  switch (fieldKind(field)) {
    case FieldKind::kAttribute:
      contact[field] = textOf(value);
      return;
    case FieldKind::kOwner: {
      std::optional<std::int64_t> id = integerOf(value);
      contact[field] = id ? json(*id) : value;  // not a number: Kommo says why (a Permanent with its message)
      return;
    }
    case FieldKind::kTags:
      addTags(contact, textOf(value));
      return;
    case FieldKind::kCustomById:
    case FieldKind::kCustomByCode: {
      json* entry = customEntry(contact, field, fieldKind(field));
      json item = {{"value", value}};
      if (const char* e = enumCodeFor(field)) item["enum_code"] = e;
      (*entry)["values"].push_back(std::move(item));
      return;
    }
  }
}

bool fieldIsEmpty(const json& contact, const std::string& field) {
  switch (fieldKind(field)) {
    case FieldKind::kAttribute:
      return blank(contact.value(field, json()));
    case FieldKind::kOwner: {
      std::optional<std::int64_t> id = integerOf(contact.value(field, json()));
      return !id || *id == 0;
    }
    case FieldKind::kTags: {
      auto e = contact.find("_embedded");
      return e == contact.end() || !e->is_object() || !e->contains("tags") || !(*e)["tags"].is_array() ||
             (*e)["tags"].empty();
    }
    case FieldKind::kCustomById:
    case FieldKind::kCustomByCode: {
      const json* entry = storedEntry(contact, field, fieldKind(field));
      if (entry == nullptr || !entry->contains("values") || !(*entry)["values"].is_array()) return true;
      for (const json& v : (*entry)["values"]) {
        if (v.is_object() && !blank(v.value("value", json()))) return false;
      }
      return true;
    }
  }
  return true;
}

std::vector<std::string> customFieldValues(const json& contact, const std::string& code) {
  std::vector<std::string> out;
  const json* entry = storedEntry(contact, code, FieldKind::kCustomByCode);
  if (entry == nullptr || !entry->contains("values") || !(*entry)["values"].is_array()) return out;
  for (const json& v : (*entry)["values"]) {
    std::string text = memberText(v, "value");
    if (!text.empty()) out.push_back(text);
  }
  return out;
}

}  // namespace crmsync::connectors::kommo
