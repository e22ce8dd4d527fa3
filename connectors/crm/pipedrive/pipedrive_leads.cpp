#include "crm/pipedrive/pipedrive_leads.h"

#include <algorithm>
#include <cctype>

#include "crm/pipedrive/pipedrive_requests.h"

namespace crmsync::connectors::pipedrive {

using nlohmann::json;

namespace {

const std::string kLeadPrefix = "lead.";

bool isLeadField(const std::string& name) { return name.rfind(kLeadPrefix, 0) == 0; }

std::optional<long long> wholeNumber(const json& value) {
  if (value.is_number_integer()) return value.get<long long>();
  if (!value.is_string()) return std::nullopt;
  const std::string text = value.get<std::string>();
  if (text.empty() || text.size() > 18 || !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return std::nullopt;
  }
  return std::stoll(text);
}

// Applies one "lead.<field>" value to the body; the problem, "" when fine. Null values are left out.
std::string applyLeadField(const std::string& field, const json& value, json& body) {
  if (value.is_null()) return "";
  if (field == "title") {
    if (!value.is_string() || value.get<std::string>().empty()) return "lead.title must be non-empty text";
    body["title"] = value;
  } else if (field == "owner_id") {
    std::optional<long long> id = wholeNumber(value);
    if (!id) return "lead.owner_id must be a Pipedrive user id (a whole number)";
    body["owner_id"] = *id;
  } else if (field == "label_ids") {
    json ids = value.is_array() ? value : json::array({value});
    if (!std::all_of(ids.begin(), ids.end(), [](const json& id) { return id.is_string() && !id.get<std::string>().empty(); })) {
      return "lead.label_ids must be lead label UUIDs (text)";
    }
    body["label_ids"] = ids;
  } else {
    return "lead." + field + " is not a lead field crmsync sets (title, owner_id, label_ids)";
  }
  return "";
}

}  // namespace

bool isLeadObject(const std::string& object) { return object == "lead" || object == "leads"; }

ContactDraft personDraftOf(const ContactDraft& draft) {
  ContactDraft person = draft;
  person.object = "person";
  person.fields = json::object();
  for (auto it = draft.fields.begin(); draft.fields.is_object() && it != draft.fields.end(); ++it) {
    if (!isLeadField(it.key())) person.fields[it.key()] = *it;
  }
  return person;
}

Result<json> leadCreateBody(const ContactDraft& draft, const std::string& personId) {
  std::optional<long long> person = wholeNumber(json(personId));
  if (!person) return Result<json>::fail(Outcome::permanent("Pipedrive: person id '" + personId + "' is not a number"));
  json body = {{"title", "WhatsApp: " + (draft.displayName.empty() ? std::string("new client") : draft.displayName)},
               {"person_id", *person}};
  for (auto it = draft.fields.begin(); draft.fields.is_object() && it != draft.fields.end(); ++it) {
    if (!isLeadField(it.key())) continue;
    std::string problem = applyLeadField(it.key().substr(kLeadPrefix.size()), *it, body);
    if (!problem.empty()) return Result<json>::fail(Outcome::permanent("Pipedrive: contact_create: " + problem));
  }
  return Result<json>::ok(std::move(body));
}

HttpRequest listPersonLeads(const std::string& personId) {
  HttpRequest r;
  r.method = "GET";
  r.target = "/api/v1/leads?person_id=" + urlEncode(personId) + "&limit=1";
  r.headers["Accept"] = "application/json";
  return r;
}

HttpRequest createLead(const json& body) {
  HttpRequest r;
  r.method = "POST";
  r.target = "/api/v1/leads";
  r.headers["Accept"] = "application/json";
  r.headers["Content-Type"] = "application/json";
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

std::optional<bool> hasLeads(const std::string& body) {
  json doc = json::parse(body, nullptr, false);
  if (!doc.is_object() || !doc.contains("data")) return std::nullopt;
  if (doc["data"].is_null()) return false;
  if (!doc["data"].is_array()) return std::nullopt;
  return !doc["data"].empty();
}

}  // namespace crmsync::connectors::pipedrive
