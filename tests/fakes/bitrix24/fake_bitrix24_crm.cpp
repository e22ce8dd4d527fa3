#include "fakes/bitrix24/fake_bitrix24_crm.h"

#include <algorithm>
#include <ctime>

#include "fakes/bitrix24/fake_bitrix24_php.h"

namespace crmsync::fakes::bitrix24 {

using nlohmann::json;

namespace {

const std::set<std::string> kMultiFields = {"PHONE", "EMAIL", "WEB", "IM", "LINK"};

FakeCrm::Table table(std::set<std::string> writable, std::set<std::string> system, std::set<std::string> multi) {
  FakeCrm::Table t;
  t.writable = std::move(writable);
  t.system = std::move(system);
  t.multi = std::move(multi);
  return t;
}

Reply bad(const std::string& description) { return Reply::fail(400, "", description); }

Reply success(json result) {
  Reply r;
  r.result = std::move(result);
  return r;
}

std::optional<std::int64_t> idParam(const json& params) {
  for (const char* key : {"id", "ID"}) {
    if (!params.contains(key)) continue;
    try {
      std::int64_t id = std::stoll(phpText(params[key]));
      if (id > 0) return id;
    } catch (const std::exception&) {
    }
  }
  return std::nullopt;
}

// "crm.contact.add" → {"contact", "add"}.
std::pair<std::string, std::string> split(const std::string& method) {
  if (method.compare(0, 4, "crm.") != 0) return {};
  const std::size_t dot = method.rfind('.');
  if (dot <= 4) return {};
  return {method.substr(4, dot - 4), method.substr(dot + 1)};
}

std::string ownerTable(const std::string& ownerTypeId) {
  if (ownerTypeId == "1") return "lead";
  if (ownerTypeId == "2") return "deal";
  if (ownerTypeId == "3") return "contact";
  return {};
}

json items(const json& value) {
  if (value.is_array()) return value;
  json out = json::array();
  if (value.is_object()) {
    for (const auto& item : value) out.push_back(item);
  }
  return out;
}

}  // namespace

FakeCrm::FakeCrm(std::string webhookUserId) : webhookUserId_(std::move(webhookUserId)) {
  const std::set<std::string> person = {
      "NAME",      "SECOND_NAME",        "LAST_NAME",     "HONORIFIC", "BIRTHDATE",
      "SOURCE_ID", "SOURCE_DESCRIPTION", "POST",          "COMMENTS",  "OPENED",
      "EXPORT",    "ASSIGNED_BY_ID",     "ORIGINATOR_ID", "ORIGIN_ID", "ORIGIN_VERSION",
      "TYPE_ID",   "COMPANY_ID"};
  std::set<std::string> lead = person;
  lead.insert({"TITLE", "STATUS_ID", "STATUS_DESCRIPTION", "OPPORTUNITY", "CURRENCY_ID", "COMPANY_TITLE"});
  const std::set<std::string> dated = {"ID", "DATE_CREATE", "DATE_MODIFY", "CREATED_BY_ID", "MODIFY_BY_ID"};
  std::set<std::string> leadSystem = dated;
  leadSystem.insert("STATUS_SEMANTIC_ID");
  tables_["contact"] = table(person, dated, kMultiFields);
  tables_["lead"] = table(lead, leadSystem, kMultiFields);
  std::set<std::string> dealSystem = dated;
  dealSystem.insert("STAGE_SEMANTIC_ID");
  tables_["deal"] = table({"TITLE", "STAGE_ID", "CATEGORY_ID", "OPPORTUNITY", "CURRENCY_ID", "CONTACT_ID", "COMPANY_ID",
                           "ASSIGNED_BY_ID", "CLOSED", "COMMENTS", "ORIGINATOR_ID", "ORIGIN_ID"},
                          dealSystem, {});
  tables_["activity"] = table({"OWNER_ID",
                               "OWNER_TYPE_ID",
                               "TYPE_ID",
                               "SUBJECT",
                               "DESCRIPTION",
                               "DESCRIPTION_TYPE",
                               "DIRECTION",
                               "START_TIME",
                               "END_TIME",
                               "DEADLINE",
                               "COMPLETED",
                               "STATUS",
                               "PRIORITY",
                               "RESPONSIBLE_ID",
                               "LOCATION",
                               "NOTIFY_TYPE",
                               "NOTIFY_VALUE",
                               "FILES",
                               "SETTINGS",
                               "ORIGINATOR_ID",
                               "ORIGIN_ID",
                               "ORIGIN_VERSION",
                               "PROVIDER_ID",
                               "PROVIDER_TYPE_ID",
                               "IS_INCOMING_CHANNEL",
                               "ASSOCIATED_ENTITY_ID"},
                              {"ID", "CREATED", "LAST_UPDATED", "AUTHOR_ID", "EDITOR_ID"}, {"COMMUNICATIONS"});
}

std::string FakeCrm::tick() {
  // A portal clock in Moscow time that moves one second per change, so DATE_MODIFY orders strictly.
  const std::time_t local = 1704110400 + clockSeconds_++ + 3 * 3600;  // from 2024-01-01T12:00:00+03:00
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buffer[40];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S+03:00", &tm);
  return buffer;
}

bool FakeCrm::isKnownMethod(const std::string& method) {
  static const std::set<std::string> kMethods = {
      "crm.contact.add",  "crm.contact.update",  "crm.contact.get",  "crm.contact.list",  "crm.lead.add",
      "crm.lead.update",  "crm.lead.get",        "crm.lead.list",    "crm.deal.get",      "crm.deal.list",
      "crm.activity.add", "crm.activity.update", "crm.activity.get", "crm.activity.list", "crm.duplicate.findbycomm"};
  return kMethods.count(method) != 0;
}

bool FakeCrm::mutates(const std::string& method) {
  const std::string op = split(method).second;
  return op == "add" || op == "update";
}

Reply FakeCrm::call(const std::string& method, const json& params) {
  if (method == "crm.duplicate.findbycomm") return findByComm(params);
  auto [name, op] = split(method);
  if (!isKnownMethod(method)) return Reply::fail(404, "ERROR_METHOD_NOT_FOUND", "Method not found!");
  if (op == "add") return add(name, params);
  if (op == "update") return update(name, params);
  if (op == "get") return get(name, params);
  return list(name, params);
}

std::optional<Reply> FakeCrm::writeFields(const std::string& name, Record& record, const json& fields) {
  Table& t = tables_.at(name);
  if (!fields.is_object()) return bad("Parameter 'fields' must be array.");
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    const std::string& key = it.key();
    if (name == "activity" && key == "COMMUNICATIONS") {
      record.multi[key] = items(*it);
    } else if (t.multi.count(key) != 0) {
      json& stored = record.multi[key];
      if (!stored.is_array()) stored = json::array();
      for (const json& item : items(*it)) {
        if (!item.is_object() || phpText(item.value("VALUE", json())).empty()) continue;
        stored.push_back({{"ID", std::to_string(nextMultiId_++)},
                          {"VALUE_TYPE", phpText(item.value("VALUE_TYPE", json("WORK")))},
                          {"VALUE", phpText(item["VALUE"])},
                          {"TYPE_ID", key}});
      }
    } else if (t.writable.count(key) != 0 || key.compare(0, 7, "UF_CRM_") == 0) {
      record.fields[key] = it->is_structured() ? *it : json(phpText(*it));
    } else {
      return bad("Unknown field: " + key + ".");
    }
  }
  return std::nullopt;
}

std::optional<Reply> FakeCrm::checkActivity(const Record& r) {
  const std::string owner = ownerTable(phpText(r.fields.value("OWNER_TYPE_ID", json())));
  std::int64_t ownerId = 0;
  try {
    ownerId = std::stoll(phpText(r.fields.value("OWNER_ID", json("0"))));
  } catch (const std::exception&) {
  }
  if (owner.empty() || tables_.at(owner).records.count(ownerId) == 0) {
    return bad("Could not build binding. Please ensure that owner info and communications are defined correctly.");
  }
  const std::string type = phpText(r.fields.value("TYPE_ID", json()));
  if (type != "1" && type != "2") return bad("The field TYPE_ID is not defined or invalid.");
  if (phpText(r.fields.value("SUBJECT", json())).empty()) return bad("The field SUBJECT is not defined or empty.");
  auto comms = r.multi.find("COMMUNICATIONS");
  if (comms == r.multi.end() || comms->second.empty())
    return bad("The field COMMUNICATIONS is not defined or invalid.");
  return std::nullopt;
}

Reply FakeCrm::add(const std::string& name, const json& params) {
  Record r;
  r.id = nextId_++;
  const std::string now = tick();
  if (name == "activity") {
    r.fields = {
        {"CREATED", now}, {"LAST_UPDATED", now}, {"AUTHOR_ID", webhookUserId_}, {"RESPONSIBLE_ID", webhookUserId_}};
  } else {
    r.fields = {{"DATE_CREATE", now},
                {"DATE_MODIFY", now},
                {"CREATED_BY_ID", webhookUserId_},
                {"ASSIGNED_BY_ID", webhookUserId_}};
  }
  if (name == "lead") r.fields.update({{"STATUS_ID", "NEW"}, {"STATUS_SEMANTIC_ID", "P"}});
  if (auto error = writeFields(name, r, params.value("fields", json()))) return *error;
  if (name == "activity") {
    if (auto error = checkActivity(r)) return *error;
  }
  r.fields["ID"] = std::to_string(r.id);
  tables_.at(name).records[r.id] = r;
  return success(r.id);
}

Reply FakeCrm::update(const std::string& name, const json& params) {
  std::optional<std::int64_t> id = idParam(params);
  if (!id) return bad("ID is not defined or invalid.");
  auto& records = tables_.at(name).records;
  auto it = records.find(*id);
  if (it == records.end()) return bad("Not found");
  Record changed = it->second;
  if (auto error = writeFields(name, changed, params.value("fields", json()))) return *error;
  if (name == "activity") {
    if (auto error = checkActivity(changed)) return *error;
  }
  changed.fields[name == "activity" ? "LAST_UPDATED" : "DATE_MODIFY"] = tick();
  it->second = changed;
  return success(true);
}

Reply FakeCrm::get(const std::string& name, const json& params) {
  std::optional<std::int64_t> id = idParam(params);
  if (!id) return bad("ID is not defined or invalid.");
  const auto& records = tables_.at(name).records;
  auto it = records.find(*id);
  if (it == records.end()) return bad("Not found");
  return success(fullRow(it->second));
}

Reply FakeCrm::list(const std::string& name, const json& params) { return listRecords(tables_.at(name), params); }

std::string FakeCrm::seedContact(const std::string& name, const std::vector<std::string>& phones) {
  json fields = {{"NAME", name}, {"PHONE", json::array()}};
  for (const std::string& p : phones) fields["PHONE"].push_back({{"VALUE", p}, {"VALUE_TYPE", "WORK"}});
  return phpText(add("contact", {{"fields", fields}}).result);
}

std::string FakeCrm::seedDeal(const std::string& contactId, const json& fields) {
  json all = fields;
  all["CONTACT_ID"] = contactId;
  Record r;
  r.id = nextId_++;
  const std::string now = tick();
  r.fields = {{"ID", std::to_string(r.id)}, {"DATE_CREATE", now}, {"DATE_MODIFY", now}};
  for (auto it = all.begin(); it != all.end(); ++it) r.fields[it.key()] = phpText(*it);
  tables_.at("deal").records[r.id] = r;
  return std::to_string(r.id);
}

int FakeCrm::count(const std::string& name) const { return static_cast<int>(tables_.at(name).records.size()); }

int FakeCrm::activitiesWithOrigin(const std::string& originId) const {
  int n = 0;
  for (const auto& [id, r] : tables_.at("activity").records) {
    if (r.fields.value("ORIGINATOR_ID", "") == "crmsync" && r.fields.value("ORIGIN_ID", "") == originId) ++n;
  }
  return n;
}

std::vector<json> FakeCrm::rows(const std::string& name) const {
  std::vector<json> out;
  for (const auto& [id, r] : tables_.at(name).records) out.push_back(fullRow(r));
  return out;
}

}  // namespace crmsync::fakes::bitrix24
