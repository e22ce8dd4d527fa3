#include "crm/pipedrive/pipedrive_fields.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <optional>

#include "crm/pipedrive/pipedrive_notes.h"

namespace crmsync::connectors::pipedrive {

using nlohmann::json;

namespace {

constexpr const char* kPersonFieldNames =
    "name, owner_id, org_id, visible_to, phone, phones, email, emails, or a custom field key (40 hex characters)";
constexpr const char* kNoteFieldNames =
    "content, body, subject, add_time, deal_id, lead_id, org_id, project_id, user_id, pinned_to_person_flag, "
    "pinned_to_deal_flag, pinned_to_organization_flag, pinned_to_lead_flag, pinned_to_project_flag";

bool allDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

std::optional<json> wholeNumber(const json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return v;
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (d == std::floor(d) && std::fabs(d) < 9e15) return json(static_cast<std::int64_t>(d));
  }
  if (v.is_string() && allDigits(v.get<std::string>()) && v.get<std::string>().size() < 19) {
    return json(std::stoll(v.get<std::string>()));
  }
  return std::nullopt;
}

// A value as JSON text for messages; never throws (invalid UTF-8 is replaced).
std::string shown(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string textOf(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return shown(v);
}

std::string trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::vector<std::string> splitList(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t comma = s.find(',');; comma = s.find(',', start)) {
    std::string item = trim(s.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

json contactList(const std::vector<std::string>& values, const char* label) {
  json out = json::array();
  for (std::size_t i = 0; i < values.size(); ++i)
    out.push_back({{"value", values[i]}, {"primary", i == 0}, {"label", label}});
  return out;
}

// Adds one mapped person field to `body`; returns what is wrong with it, or "".
std::string applyPersonField(const std::string& field, const json& value, json& body) {
  if (value.is_null()) return "";
  if (field == "name") {
    body["name"] = textOf(value);
  } else if (field == "owner_id" || field == "org_id" || field == "visible_to") {
    std::optional<json> n = wholeNumber(value);
    if (!n) return "person field '" + field + "' must be a whole number, not " + shown(value);
    body[field] = *n;
  } else if (field == "phone" || field == "phones") {
    body["phones"] = contactList(field == "phones" ? splitList(textOf(value)) : std::vector{textOf(value)}, "mobile");
  } else if (field == "email" || field == "emails") {
    body["emails"] = contactList(field == "emails" ? splitList(textOf(value)) : std::vector{textOf(value)}, "work");
  } else if (isCustomFieldKey(field)) {
    body["custom_fields"][field] = value;
  } else {
    return "'" + field + "' is not a Pipedrive person field (" + kPersonFieldNames + ")";
  }
  return "";
}

bool personFieldEmpty(const PersonRecord& p, const std::string& field) {
  if (field == "name") return p.name.empty();
  if (field == "owner_id") return p.ownerId.empty();
  if (field == "org_id") return p.orgId.empty();
  if (field == "phone" || field == "phones") return p.phones.empty();
  if (field == "email" || field == "emails") return p.emails.empty();
  if (isCustomFieldKey(field)) {
    auto it = p.customFields.find(field);
    return it == p.customFields.end() || it->is_null() || (it->is_string() && it->get<std::string>().empty());
  }
  return false;  // visible_to always has a value
}

bool isNoteFlag(const std::string& field) {
  return field == "pinned_to_person_flag" || field == "pinned_to_deal_flag" || field == "pinned_to_organization_flag" ||
         field == "pinned_to_lead_flag" || field == "pinned_to_project_flag";
}

std::string applyNoteField(const std::string& field, const json& value, json& body) {
  if (field == "content" || field == "body" || field == "subject") return "";  // rendered into the content
  if (value.is_null()) return "";
  if (field == "add_time" || field == "lead_id") {
    body[field] = textOf(value);
  } else if (field == "deal_id" || field == "org_id" || field == "project_id" || field == "user_id") {
    std::optional<json> n = wholeNumber(value);
    if (!n) return "note field '" + field + "' must be a whole number, not " + shown(value);
    body[field] = *n;
  } else if (isNoteFlag(field)) {
    if (!value.is_boolean() && !(value.is_number() && (value == 0 || value == 1))) {
      return "note field '" + field + "' must be true or false, not " + shown(value);
    }
    body[field] = (value == true || value == 1) ? 1 : 0;
  } else {
    return "'" + field + "' is not a Pipedrive note field (" + kNoteFieldNames + ")";
  }
  return "";
}

std::string mappedText(const json& fields, const char* name) {
  auto it = fields.find(name);
  return it == fields.end() ? "" : textOf(*it);
}

// person_id, add_time and the mapped fields every note of this activity carries.
Result<json> noteBase(const Activity& a, const char* kind) {
  if (!a.object.empty() && a.object != "note") {
    return Result<json>::fail(Outcome::permanent("Pipedrive: " + std::string(kind) + " object '" + a.object +
                                                 "' is not supported; crmsync writes \"note\""));
  }
  const std::string& type = a.record.objectType;
  if ((!type.empty() && type != "person" && type != "contact") || !allDigits(a.record.id) || a.record.id.size() > 18) {
    return Result<json>::fail(Outcome::permanent("Pipedrive: " + type + " '" + a.record.id + "' is not a person id"));
  }
  json body = {{"person_id", std::stoll(a.record.id)}};
  if (std::string at = addTime(a.event.timestamp); !at.empty()) body["add_time"] = at;
  for (auto it = a.fields.begin(); a.fields.is_object() && it != a.fields.end(); ++it) {
    std::string problem = applyNoteField(it.key(), *it, body);
    if (!problem.empty())
      return Result<json>::fail(Outcome::permanent("Pipedrive: " + std::string(kind) + ": " + problem));
  }
  return Result<json>::ok(std::move(body));
}

}  // namespace

bool isCustomFieldKey(const std::string& field) {
  return field.size() == 40 && std::all_of(field.begin(), field.end(),
                                           [](unsigned char c) { return std::isdigit(c) || (c >= 'a' && c <= 'f'); });
}

Result<json> personCreateBody(const ContactDraft& draft, const PersonFieldKeys& keys) {
  json body = json::object();
  for (auto it = draft.fields.begin(); draft.fields.is_object() && it != draft.fields.end(); ++it) {
    std::string problem = applyPersonField(it.key(), *it, body);
    if (!problem.empty()) return Result<json>::fail(Outcome::permanent("Pipedrive: contact_create: " + problem));
  }
  std::vector<std::string> phones;
  for (const Identifier& id : draft.identifiers) {
    if (id.kind == IdentifierKind::kPhone || id.kind == IdentifierKind::kPhoneRaw) phones.push_back(id.value);
    if (id.kind == IdentifierKind::kWhatsappBsuid && !keys.bsuid.empty()) body["custom_fields"][keys.bsuid] = id.value;
  }
  if (!body.contains("phones") && !phones.empty()) body["phones"] = contactList(phones, "mobile");
  if (textOf(body.value("name", json())).empty()) {
    body["name"] = !draft.displayName.empty() ? draft.displayName
                   : !phones.empty()          ? phones.front()
                                              : "WhatsApp contact";
  }
  if (!keys.creationKey.empty() && !draft.creationKey.empty())
    body["custom_fields"][keys.creationKey] = draft.creationKey;
  return Result<json>::ok(std::move(body));
}

bool needsCurrentPerson(const std::vector<mapping::FieldWrite>& writes) {
  return std::any_of(writes.begin(), writes.end(), [](const mapping::FieldWrite& w) {
    return w.policy == mapping::WritePolicy::kOnlyIfEmpty && !w.value.is_null();
  });
}

Result<json> personPatchBody(const std::vector<mapping::FieldWrite>& writes, const PersonRecord* current) {
  json body = json::object();
  for (const auto& w : writes) {
    if (w.policy == mapping::WritePolicy::kNever || w.value.is_null()) continue;
    if (w.policy == mapping::WritePolicy::kOnlyIfEmpty && (current == nullptr || !personFieldEmpty(*current, w.field)))
      continue;
    std::string problem = applyPersonField(w.field, w.value, body);
    if (!problem.empty()) return Result<json>::fail(Outcome::permanent("Pipedrive: contact_update: " + problem));
  }
  return Result<json>::ok(std::move(body));
}

std::string addTime(std::int64_t unixSeconds) {
  if (unixSeconds <= 0) return "";
  std::time_t t = static_cast<std::time_t>(unixSeconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

std::optional<std::pair<std::string, std::string>> dateWindow(const std::vector<std::string>& addTimes) {
  if (addTimes.empty()) return std::nullopt;
  std::int64_t lowest = 0;
  std::int64_t highest = 0;
  for (const std::string& at : addTimes) {
    std::int64_t ms = at.size() >= 10 ? parseTimeMs(at.substr(0, 10)) : 0;
    if (ms <= 0) return std::nullopt;
    lowest = lowest == 0 ? ms : std::min(lowest, ms);
    highest = std::max(highest, ms);
  }
  constexpr std::int64_t kDay = 86400;
  return std::make_pair(addTime(lowest / 1000 - kDay).substr(0, 10), addTime(highest / 1000 + kDay).substr(0, 10));
}

std::string noteText(const Activity& a) {
  for (const char* name : {"content", "body"}) {
    std::string mapped = mappedText(a.fields, name);
    if (!mapped.empty()) return mapped;
  }
  if (!a.event.text.empty()) return a.event.text;
  return "[" + (a.event.type.empty() ? std::string("message") : a.event.type) + "]";
}

Result<json> messageNoteBody(const Activity& a) {
  Result<json> body = noteBase(a, "message_activity");
  if (body.isOk())
    body.value["content"] = messageContent(mappedText(a.fields, "subject"), noteText(a), a.idempotencyKey);
  return body;
}

Result<json> placeholderNoteBody(const Activity& status) {
  Result<json> body = noteBase(status, "status_update");
  if (body.isOk()) {
    body.value["content"] =
        placeholderContent(messageKeyOf(status.event)) + statusParagraph(statusText(status), status.idempotencyKey);
  }
  return body;
}

std::string statusText(const Activity& status) {
  for (const char* name : {"content", "body"}) {
    std::string mapped = mappedText(status.fields, name);
    if (!mapped.empty()) return mapped;
  }
  return "WhatsApp status: " + (status.event.status.empty() ? std::string("unknown") : status.event.status);
}

}  // namespace crmsync::connectors::pipedrive
