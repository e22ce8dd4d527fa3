#include "crm/bitrix24/bitrix24_activities.h"

#include <algorithm>

#include "crm/bitrix24/bitrix24_contacts.h"
#include "crm/bitrix24/bitrix24_values.h"

namespace crmsync::connectors::bitrix24 {

using nlohmann::json;

namespace {

const std::string kPlaceholder = "placeholder:";
constexpr int kTypeCall = 2;           // crm.enum.activitytype: 1 meeting, 2 call, 4 e-mail
constexpr int kDirectionIncoming = 1;  // crm.enum.activitydirection
constexpr int kDirectionOutgoing = 2;
constexpr int kPlainText = 1;  // crm.enum.contenttype

const std::vector<std::string> kManagedFields = {"ID",       "OWNER_ID",      "OWNER_TYPE_ID", "COMMUNICATIONS",
                                                 "BINDINGS", "ORIGINATOR_ID", "ORIGIN_ID",     "ORIGIN_VERSION"};
const std::map<std::string, std::string> kAliases = {{"body", "DESCRIPTION"}, {"subject", "SUBJECT"}};

using Fields = std::variant<json, std::string>;

Fields failure(const std::string& why) { return Fields(std::in_place_index<1>, why); }

// The mapping's fields over `fields`; null values leave the default in place.
Fields overlay(json fields, const json& mapped) {
  for (auto it = mapped.begin(); it != mapped.end(); ++it) {
    auto alias = kAliases.find(it.key());
    const std::string name = alias == kAliases.end() ? it.key() : alias->second;
    if (!isFieldName(name)) {
      return failure("'" + it.key() +
                     "' is not a Bitrix24 activity field (use the CRM's names: SUBJECT, DESCRIPTION, ...)");
    }
    if (std::find(kManagedFields.begin(), kManagedFields.end(), name) != kManagedFields.end()) {
      return failure("activity field " + name + " is written by crmsync itself");
    }
    if (!it->is_null()) fields[name] = fieldValue(*it);
  }
  return Fields(std::in_place_index<0>, std::move(fields));
}

std::string counterpartPhone(const Event& e) {
  for (const Identifier& id : e.counterpart) {
    if (id.kind == IdentifierKind::kPhone) return id.value;
  }
  for (const Identifier& id : e.counterpart) {
    if (id.kind == IdentifierKind::kPhoneRaw) return id.value;
  }
  return {};
}

// Owner, communication and origin: what ties the activity to the record and to crmsync's key.
void addManaged(json& fields, const Activity& a, const std::string& version) {
  const std::string type = entityType(a.record.objectType).value_or("CONTACT");
  fields["OWNER_ID"] = a.record.id;
  fields["OWNER_TYPE_ID"] = ownerTypeId(type);
  json communication = {{"ENTITY_ID", a.record.id}, {"ENTITY_TYPE_ID", ownerTypeId(type)}};
  const std::string phone = counterpartPhone(a.event);
  if (!phone.empty()) {
    communication["VALUE"] = phone;
    communication["TYPE"] = "PHONE";
  }
  fields["COMMUNICATIONS"] = json::array({communication});
  fields["ORIGINATOR_ID"] = kOriginator;
  fields["ORIGIN_ID"] = messageKey(a);
  fields["ORIGIN_VERSION"] = version;
}

json baseFields(const Event& e, const std::string& responsibleId) {
  const bool inbound = e.direction == Direction::kInbound;
  json fields = {{"TYPE_ID", kTypeCall},
                 {"DIRECTION", inbound ? kDirectionIncoming : kDirectionOutgoing},
                 {"COMPLETED", "Y"},
                 {"DESCRIPTION_TYPE", kPlainText}};
  if (!responsibleId.empty()) fields["RESPONSIBLE_ID"] = responsibleId;
  if (e.timestamp > 0) {
    fields["START_TIME"] = formatTime(e.timestamp);
    fields["END_TIME"] = formatTime(e.timestamp);
  }
  return fields;
}

std::string defaultStatusSubject(const Event& e) {
  return "WhatsApp " + toString(e.direction) + " message: " + (e.status.empty() ? "unknown status" : e.status);
}

}  // namespace

std::string messageKey(const Activity& a) {
  if (a.event.kind == EventKind::kMessage) return a.idempotencyKey;
  Event message = a.event;
  message.kind = EventKind::kMessage;
  return message.dedupeKey();
}

Call activityLookupCall(const std::vector<std::string>& keys) {
  return {"crm.activity.list",
          {{"filter", {{"ORIGINATOR_ID", kOriginator}, {"@ORIGIN_ID", keys}}},
           {"select", {"ID", "ORIGIN_ID", "ORIGIN_VERSION", "OWNER_ID", "OWNER_TYPE_ID"}},
           {"order", {{"ID", "ASC"}}}},
          "default"};
}

std::map<std::string, StoredActivity> storedByKey(const std::vector<json>& rows) {
  std::map<std::string, StoredActivity> out;
  for (const json& row : rows) {
    if (!row.is_object()) continue;
    const std::string key = textOf(row.value("ORIGIN_ID", json()));
    if (key.empty() || out.count(key) != 0) continue;  // ordered by ID: the first one written wins
    out[key] = {textOf(row.value("ID", json())), textOf(row.value("ORIGIN_VERSION", json()))};
  }
  return out;
}

std::string placeholderVersion(const std::string& status) { return kPlaceholder + status; }

bool isPlaceholder(const std::string& version) { return version.compare(0, kPlaceholder.size(), kPlaceholder) == 0; }

std::string statusOfVersion(const std::string& version) {
  return isPlaceholder(version) ? version.substr(kPlaceholder.size()) : version;
}

Fields messageFields(const Activity& a, const std::string& responsibleId) {
  const Event& e = a.event;
  json fields = baseFields(e, responsibleId);
  fields["SUBJECT"] = "WhatsApp " + toString(e.direction) + " " + (e.type.empty() ? "message" : e.type);
  fields["DESCRIPTION"] = e.text.empty() ? "[" + (e.type.empty() ? std::string("message") : e.type) + "]" : e.text;
  Fields out = overlay(std::move(fields), a.fields);
  if (out.index() == 0) addManaged(std::get<0>(out), a, "");
  return out;
}

Fields statusFields(const Activity& a) { return overlay(json{{"SUBJECT", defaultStatusSubject(a.event)}}, a.fields); }

Fields placeholderFields(const Activity& status, const std::string& responsibleId) {
  json fields = baseFields(status.event, responsibleId);
  fields["SUBJECT"] = defaultStatusSubject(status.event);
  fields["DESCRIPTION"] = "(message " + status.event.providerId + " was not synced by crmsync)";
  Fields out = overlay(std::move(fields), status.fields);
  if (out.index() == 0) addManaged(std::get<0>(out), status, kPlaceholder + status.event.status);
  return out;
}

}  // namespace crmsync::connectors::bitrix24
