#include "crm/bitrix24/bitrix24_contacts.h"

#include <algorithm>
#include <map>

#include "crm/bitrix24/bitrix24_values.h"

namespace crmsync::connectors::bitrix24 {

using nlohmann::json;

namespace {

// Fields crmsync fills itself on contacts and leads; a mapping may not name them.
const std::vector<std::string> kManagedFields = {"ID",  "PHONE", "EMAIL",         "IM",
                                                 "WEB", "LINK",  "ORIGINATOR_ID", "ORIGIN_ID"};
// Lower-case names mapping documents written for the embedded CRM use.
const std::map<std::string, std::string> kAliases = {
    {"name", "NAME"}, {"owner", "ASSIGNED_BY_ID"}, {"owner_id", "ASSIGNED_BY_ID"}};

bool isPhone(const Identifier& id) { return id.kind == IdentifierKind::kPhone || id.kind == IdentifierKind::kPhoneRaw; }

void addUnique(std::vector<std::string>& values, const std::string& value) {
  if (!value.empty() && std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
}

std::vector<std::string> phoneValues(const LookupQuery& query) {
  std::vector<std::string> values;
  for (const PhoneVariants& v : query.phones) {
    for (const std::string& s : v.all()) addUnique(values, s);
  }
  for (const Identifier& id : query.identifiers) {
    if (isPhone(id)) addUnique(values, id.value);
  }
  return values;
}

Call findCall(const std::string& type, const std::vector<std::string>& values, const std::string& entityType) {
  return {"crm.duplicate.findbycomm", {{"type", type}, {"values", values}, {"entity_type", entityType}}, "default"};
}

// The Bitrix24 field a mapping names into `field`; false with `error` set when it names none crmsync may write.
bool targetField(const std::string& name, std::string& field, std::string& error) {
  auto alias = kAliases.find(name);
  field = alias == kAliases.end() ? name : alias->second;
  if (!isFieldName(field)) {
    error = "'" + name + "' is not a Bitrix24 field name (use the CRM's names: NAME, SOURCE_ID, UF_CRM_...)";
    return false;
  }
  if (std::find(kManagedFields.begin(), kManagedFields.end(), field) != kManagedFields.end()) {
    error = "field " + field + " is written by crmsync itself";
    return false;
  }
  return true;
}

json multifield(const std::string& value, const char* type) { return {{"VALUE", value}, {"VALUE_TYPE", type}}; }

std::string join(const json& row, std::initializer_list<const char*> keys) {
  std::string out;
  for (const char* k : keys) {
    std::string part = textOf(row.value(k, json()));
    if (!part.empty()) out += (out.empty() ? "" : " ") + part;
  }
  return out;
}

}  // namespace

std::optional<std::string> entityType(const std::string& objectType) {
  if (objectType.empty() || objectType == "contact" || objectType == "CONTACT") return std::string("CONTACT");
  if (objectType == "lead" || objectType == "LEAD") return std::string("LEAD");
  return std::nullopt;
}

std::string objectTypeOf(const std::string& type) { return type == "LEAD" ? "lead" : "contact"; }

int ownerTypeId(const std::string& type) {
  static const std::map<std::string, int> kIds = {{"LEAD", 1}, {"DEAL", 2}, {"CONTACT", 3}, {"COMPANY", 4}};
  auto it = kIds.find(type);
  return it == kIds.end() ? 0 : it->second;
}

std::string methodPrefix(const std::string& type) { return type == "LEAD" ? "crm.lead" : "crm.contact"; }

std::vector<FindCall> findCalls(const std::vector<LookupQuery>& queries, const std::vector<std::string>& entityTypes) {
  std::vector<FindCall> out;
  for (std::size_t q = 0; q < queries.size(); ++q) {
    std::vector<std::string> phones = phoneValues(queries[q]);
    std::vector<std::string> emails;
    for (const Identifier& id : queries[q].identifiers) {
      if (id.kind == IdentifierKind::kEmail) addUnique(emails, id.value);
    }
    for (const std::string& type : entityTypes) {
      for (std::size_t from = 0; from < phones.size(); from += kMaxCommValues) {
        auto to = std::min(phones.size(), from + static_cast<std::size_t>(kMaxCommValues));
        std::vector<std::string> chunk(phones.begin() + static_cast<long>(from),
                                       phones.begin() + static_cast<long>(to));
        out.push_back({q, type, findCall("PHONE", chunk, type)});
      }
      for (std::size_t from = 0; from < emails.size(); from += kMaxCommValues) {
        auto to = std::min(emails.size(), from + static_cast<std::size_t>(kMaxCommValues));
        std::vector<std::string> chunk(emails.begin() + static_cast<long>(from),
                                       emails.begin() + static_cast<long>(to));
        out.push_back({q, type, findCall("EMAIL", chunk, type)});
      }
    }
  }
  return out;
}

std::vector<std::string> foundIds(const json& result, const std::string& type) {
  std::vector<std::string> ids;
  if (!result.is_object() || !result.contains(type) || !result[type].is_array()) return ids;
  for (const json& id : result[type]) addUnique(ids, textOf(id));
  return ids;
}

Call listByIdsCall(const std::string& type, const std::vector<std::string>& ids) {
  json select = {"ID", "NAME", "SECOND_NAME", "LAST_NAME", "PHONE", "EMAIL", "ASSIGNED_BY_ID", "DATE_MODIFY"};
  if (type == "LEAD") select.push_back("TITLE");
  return {methodPrefix(type) + ".list", {{"filter", {{"@ID", ids}}}, {"select", select}}, "default"};
}

CrmCandidate toCandidate(const json& row, const std::string& type) {
  CrmCandidate c;
  c.record = {objectTypeOf(type), textOf(row.value("ID", json()))};
  c.displayName = join(row, {"NAME", "SECOND_NAME", "LAST_NAME"});
  if (c.displayName.empty()) c.displayName = textOf(row.value("TITLE", json()));
  for (const char* field : {"PHONE", "EMAIL"}) {
    const json list = row.value(field, json::array());
    if (!list.is_array()) continue;
    for (const json& item : list) {
      std::string value = item.is_object() ? textOf(item.value("VALUE", json())) : std::string{};
      if (value.empty()) continue;
      if (std::string(field) == "PHONE")
        c.phones.push_back(value);
      else
        c.otherIdentifiers.push_back({IdentifierKind::kEmail, value});
    }
  }
  c.updatedAtMs = parseTimeMs(textOf(row.value("DATE_MODIFY", json())));
  c.ownerId = textOf(row.value("ASSIGNED_BY_ID", json()));
  return c;
}

Call originLookupCall(const std::string& type, const std::string& creationKey) {
  return {methodPrefix(type) + ".list",
          {{"filter", {{"ORIGINATOR_ID", kOriginator}, {"ORIGIN_ID", creationKey}}}, {"select", {"ID"}}},
          "default"};
}

std::variant<Call, std::string> addCall(const std::string& type, const ContactDraft& draft) {
  json fields = json::object();
  fields["NAME"] = draft.displayName;
  if (type == "LEAD") fields["TITLE"] = "WhatsApp: " + draft.displayName;
  for (auto it = draft.fields.begin(); it != draft.fields.end(); ++it) {
    std::string field, error;
    if (!targetField(it.key(), field, error)) return error;
    if (!it->is_null()) fields[field] = fieldValue(*it);
  }
  json phones = json::array();
  json emails = json::array();
  for (const Identifier& id : draft.identifiers) {
    if (isPhone(id)) phones.push_back(multifield(id.value, "MOBILE"));
    if (id.kind == IdentifierKind::kEmail) emails.push_back(multifield(id.value, "WORK"));
  }
  if (!phones.empty()) fields["PHONE"] = phones;
  if (!emails.empty()) fields["EMAIL"] = emails;
  fields["ORIGINATOR_ID"] = kOriginator;
  fields["ORIGIN_ID"] = draft.creationKey;
  return Call{
      methodPrefix(type) + ".add", {{"fields", fields}, {"params", {{"REGISTER_SONET_EVENT", "N"}}}}, "default"};
}

bool needsCurrentValues(const ContactUpdate& change) {
  return std::any_of(change.fields.begin(), change.fields.end(), [](const mapping::FieldWrite& f) {
    return f.policy == mapping::WritePolicy::kOnlyIfEmpty && !f.value.is_null();
  });
}

std::variant<json, std::string> updateFields(const ContactUpdate& change, const json& current) {
  json fields = json::object();
  for (const mapping::FieldWrite& f : change.fields) {
    if (f.policy == mapping::WritePolicy::kNever || f.value.is_null()) continue;
    std::string name, error;
    if (!targetField(f.field, name, error)) return std::variant<json, std::string>(std::in_place_index<1>, error);
    const json now = current.is_object() ? current.value(name, json()) : json();
    if (f.policy == mapping::WritePolicy::kOnlyIfEmpty && !isEmptyValue(now)) continue;
    fields[name] = fieldValue(f.value);
  }
  return std::variant<json, std::string>(std::in_place_index<0>, fields);
}

}  // namespace crmsync::connectors::bitrix24
