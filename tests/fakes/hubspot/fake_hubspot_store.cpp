#include "fake_hubspot_store.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <iterator>

namespace crmsync::fakes::hubspot {

using nlohmann::json;

namespace {

// ITU-T E.164 calling codes: 1 and 7 are one digit, these two, every other three.
const std::set<std::string>& twoDigitCodes() {
  static const std::set<std::string> kCodes = {"20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41",
                                               "43", "44", "45", "46", "47", "48", "49", "51", "52", "53", "54",
                                               "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66",
                                               "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98"};
  return kCodes;
}

std::size_t countryCodeLength(const std::string& digits) {
  if (digits.empty()) return 0;
  if (digits[0] == '1' || digits[0] == '7') return 1;
  if (digits.size() >= 2 && twoDigitCodes().count(digits.substr(0, 2))) return 2;
  return std::min<std::size_t>(3, digits.size());
}

std::string isoMs(std::int64_t ms) {
  std::time_t s = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

bool isTimestamp(const std::string& v) {
  if (!v.empty() && std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); })) return true;
  int y, mo, d, h, mi, se;
  return std::sscanf(v.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &se) == 6;
}

std::map<std::string, PropertyDef> schema(const std::vector<std::string>& writable, const std::vector<std::string>& readOnly,
                                          const std::vector<std::string>& unique) {
  std::map<std::string, PropertyDef> out;
  for (const auto& name : writable) out[name] = {};
  for (const auto& name : readOnly) out[name] = {false, true, {}};
  for (const auto& name : unique) out[name] = {true, false, {}};
  return out;
}

json validationError(const std::string& name, const std::string& error, const std::string& message) {
  return {{"isValid", false}, {"message", message}, {"error", error}, {"name", name}, {"localizedErrorMessage", message}};
}

}  // namespace

std::string calculatedPhoneDigits(const std::string& typed) {
  std::string digits;
  for (unsigned char c : typed) {
    if (std::isdigit(c)) digits += static_cast<char>(c);
  }
  const auto first = typed.find_first_not_of(" \t(");
  bool international = first != std::string::npos && typed[first] == '+';
  if (!international && digits.rfind("00", 0) == 0) {
    international = true;
    digits = digits.substr(2);
  }
  if (international) digits = digits.substr(countryCodeLength(digits));
  const auto significant = digits.find_first_not_of('0');
  return significant == std::string::npos ? std::string{} : digits.substr(significant);
}

FakeStore::FakeStore() {
  schemas_["contacts"] = schema({"firstname", "lastname", "email", "phone", "mobilephone", "hubspot_owner_id", "company",
                                 "jobtitle", "city", "country", "hs_lead_status", "crmsync_whatsapp_bsuid"},
                                {"hs_object_id", "createdate", "lastmodifieddate", "hs_searchable_calculated_phone_number",
                                 "hs_searchable_calculated_mobile_number"},
                                {"crmsync_person_key"});
  schemas_["contacts"]["lifecyclestage"].options = {"subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead",
                                                     "opportunity", "customer", "evangelist", "other"};
  schemas_["communications"] =
      schema({"hs_communication_body", "hs_timestamp", "hubspot_owner_id", "crmsync_whatsapp_status",
              "crmsync_whatsapp_message_id", "crmsync_whatsapp_direction", "crmsync_whatsapp_status_detail"},
             {"hs_object_id", "hs_createdate", "hs_lastmodifieddate"}, {"crmsync_idempotency_key"});
  schemas_["communications"]["hs_communication_channel_type"].options = {"WHATS_APP", "LINKEDIN_MESSAGE", "SMS"};
  schemas_["communications"]["hs_communication_logged_from"].options = {"CRM"};
  schemas_["leads"] = schema({"hs_lead_name", "hubspot_owner_id", "hs_lead_type", "hs_lead_label"},
                             {"hs_object_id", "hs_createdate", "hs_lastmodifieddate"}, {});
  schemas_["leads"]["hs_pipeline"].options = {"lead-pipeline-id"};
  schemas_["leads"]["hs_pipeline_stage"].options = {"new-stage-id", "attempting-stage-id", "connected-stage-id",
                                                    "qualified-stage-id", "unqualified-stage-id"};
  schemas_["deals"] = schema({"dealname", "pipeline", "amount", "deal_currency_code", "hubspot_owner_id", "closedate"},
                             {"hs_object_id", "createdate", "hs_lastmodifieddate", "hs_is_closed", "hs_is_closed_won"}, {});
  schemas_["deals"]["dealstage"].options = {"appointmentscheduled", "qualifiedtobuy", "presentationscheduled",
                                            "decisionmakerboughtin", "contractsent", "closedwon", "closedlost"};
}

bool FakeStore::knowsType(const std::string& type) const { return schemas_.count(type) > 0; }

bool FakeStore::defineProperty(const std::string& type, const std::string& name, bool unique) {
  auto& schema = schemas_[type];
  if (schema.count(name)) return false;
  schema[name] = {unique, false, {}};
  return true;
}

void FakeStore::dropCustomProperties() {
  for (auto& [type, schema] : schemas_) {
    for (auto it = schema.begin(); it != schema.end();) it = it->first.rfind("crmsync_", 0) == 0 ? schema.erase(it) : std::next(it);
  }
}

const PropertyDef* FakeStore::property(const std::string& type, const std::string& name) const {
  auto s = schemas_.find(type);
  if (s == schemas_.end()) return nullptr;
  auto p = s->second.find(name);
  return p == s->second.end() ? nullptr : &p->second;
}

std::optional<FakeStore::Refusal> FakeStore::refuse(const std::string& type, const Properties& properties,
                                                     const StoredObject* self) const {
  json problems = json::array();
  for (const auto& [name, value] : properties) {
    const PropertyDef* def = property(type, name);
    if (def == nullptr) {
      problems.push_back(validationError(name, "PROPERTY_DOESNT_EXIST", "Property \"" + name + "\" does not exist"));
    } else if (def->readOnly) {
      problems.push_back(validationError(name, "READ_ONLY_VALUE", "\"" + name + "\" is a read only property; its value cannot be set."));
    } else if (!def->options.empty() && !value.empty() &&
               std::find(def->options.begin(), def->options.end(), value) == def->options.end()) {
      problems.push_back(validationError(name, "INVALID_OPTION", value + " was not one of the allowed options"));
    } else if (name == "hs_timestamp" && !isTimestamp(value)) {
      problems.push_back(validationError(name, "INVALID_DATE", value + " is not a valid timestamp"));
    }
  }
  if (!problems.empty()) return Refusal{400, "VALIDATION_ERROR", "Property values were not valid: " + problems.dump()};
  for (const auto& [name, value] : properties) {
    const PropertyDef* def = property(type, name);
    if (!def->unique || value.empty()) continue;
    const StoredObject* holder = const_cast<FakeStore*>(this)->findBy(type, name, value);
    if (holder != nullptr && holder != self) {
      return Refusal{409, "CONFLICT", "A " + type + " with the unique value \"" + value + "\" for property \"" + name +
                                          "\" already exists. Existing ID: " + holder->id};
    }
  }
  return std::nullopt;
}

void FakeStore::computeCalculated(const std::string& type, StoredObject& o) const {
  o.properties["hs_object_id"] = o.id;
  if (type == "contacts") {
    o.properties["createdate"] = isoMs(o.createdAtMs);
    o.properties["lastmodifieddate"] = isoMs(o.updatedAtMs);
    o.properties["hs_searchable_calculated_phone_number"] = calculatedPhoneDigits(o.properties["phone"]);
    o.properties["hs_searchable_calculated_mobile_number"] = calculatedPhoneDigits(o.properties["mobilephone"]);
  } else if (type == "deals") {
    o.properties["createdate"] = isoMs(o.createdAtMs);
    o.properties["hs_lastmodifieddate"] = isoMs(o.updatedAtMs);
    const std::string stage = o.properties["dealstage"];
    o.properties["hs_is_closed"] = stage == "closedwon" || stage == "closedlost" ? "true" : "false";
    o.properties["hs_is_closed_won"] = stage == "closedwon" ? "true" : "false";
  } else {
    o.properties["hs_createdate"] = isoMs(o.createdAtMs);
    o.properties["hs_lastmodifieddate"] = isoMs(o.updatedAtMs);
  }
  for (auto it = o.properties.begin(); it != o.properties.end();) {
    it = it->second.empty() ? o.properties.erase(it) : std::next(it);  // HubSpot keeps no empty values
  }
}

StoredObject& FakeStore::insert(const std::string& type, const Properties& properties, std::int64_t nowMs,
                                std::int64_t searchableAtMs) {
  const std::int64_t id = nextId_++;
  StoredObject& o = objects_[type][id];
  o.id = std::to_string(id);
  o.properties = properties;
  o.createdAtMs = o.updatedAtMs = nowMs;
  o.searchableAtMs = searchableAtMs;
  computeCalculated(type, o);
  return o;
}

void FakeStore::update(const std::string& type, StoredObject& object, const Properties& properties, std::int64_t nowMs) {
  for (const auto& [name, value] : properties) object.properties[name] = value;
  object.updatedAtMs = std::max(nowMs, object.updatedAtMs + 1);
  computeCalculated(type, object);
}

StoredObject* FakeStore::find(const std::string& type, const std::string& id) {
  if (id.empty() || id.size() > 18 || !std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return nullptr;
  }
  auto& byId = objects_[type];
  auto it = byId.find(std::stoll(id));
  return it == byId.end() ? nullptr : &it->second;
}

StoredObject* FakeStore::findBy(const std::string& type, const std::string& property, const std::string& value) {
  for (auto& [id, o] : objects_[type]) {
    auto it = o.properties.find(property);
    if (it != o.properties.end() && it->second == value) return &o;
  }
  return nullptr;
}

std::vector<const StoredObject*> FakeStore::all(const std::string& type) const {
  std::vector<const StoredObject*> out;
  auto it = objects_.find(type);
  if (it == objects_.end()) return out;
  for (const auto& [id, o] : it->second) out.push_back(&o);
  return out;
}

void FakeStore::associate(const std::string& fromType, const std::string& fromId, const std::string& toType,
                          const std::string& toId, int typeId, int reverseTypeId) {
  associations_.insert({fromType, fromId, toType, toId, typeId});
  associations_.insert({toType, toId, fromType, fromId, reverseTypeId});
}

std::vector<std::pair<std::string, int>> FakeStore::associations(const std::string& fromType, const std::string& fromId,
                                                                 const std::string& toType) const {
  std::vector<std::pair<std::string, int>> out;
  for (const auto& [ft, fi, tt, ti, type] : associations_) {
    if (ft == fromType && fi == fromId && tt == toType) out.emplace_back(ti, type);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.first.size() != b.first.size() ? a.first.size() < b.first.size() : a.first < b.first;
  });
  return out;
}

json FakeStore::render(const StoredObject& o, const std::vector<std::string>* requested) const {
  json props = json::object();
  for (const char* always : {"hs_object_id", "createdate", "lastmodifieddate", "hs_createdate", "hs_lastmodifieddate"}) {
    auto it = o.properties.find(always);
    if (it != o.properties.end()) props[always] = it->second;
  }
  if (requested == nullptr) {
    for (const auto& [name, value] : o.properties) props[name] = value;
  } else {
    for (const std::string& name : *requested) {
      auto it = o.properties.find(name);
      props[name] = it == o.properties.end() ? json(nullptr) : json(it->second);
    }
  }
  return {{"id", o.id}, {"properties", props}, {"createdAt", isoMs(o.createdAtMs)}, {"updatedAt", isoMs(o.updatedAtMs)},
          {"archived", false}};
}

}  // namespace crmsync::fakes::hubspot
