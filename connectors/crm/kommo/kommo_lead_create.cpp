#include "crm/kommo/kommo_lead_create.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "crm/kommo/kommo_contacts.h"

namespace crmsync::connectors::kommo {

using nlohmann::json;

namespace {

const std::string kLeadPrefix = "lead.";

bool isLeadField(const std::string& name) { return name.rfind(kLeadPrefix, 0) == 0; }

std::optional<long long> wholeNumber(const json& v) {
  if (v.is_number_integer()) return v.get<long long>();
  if (!v.is_string()) return std::nullopt;
  const std::string s = v.get<std::string>();
  if (s.empty() || s.size() > 18 || !std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return std::nullopt;
  }
  return std::stoll(s);
}

json tagsOf(const json& value) {
  json names = value.is_array() ? value : json::array({value});
  json tags = json::array();
  for (const json& name : names) {
    if (name.is_string() && !name.get<std::string>().empty()) tags.push_back({{"name", name}});
  }
  return tags;
}

// Applies one "lead.<field>"; the problem, "" when fine. Null values are left out.
std::string applyLeadField(const std::string& field, const json& value, json& lead) {
  if (value.is_null()) return "";
  if (field == "name") {
    if (!value.is_string() || value.get<std::string>().empty()) return "lead.name must be non-empty text";
    lead["name"] = value;
  } else if (field == "pipeline_id" || field == "status_id" || field == "responsible_user_id" || field == "price") {
    std::optional<long long> n = wholeNumber(value);
    if (!n) return "lead." + field + " must be a whole number";
    lead[field] = *n;
  } else if (field == "tags") {
    lead["_embedded"]["tags"] = tagsOf(value);
  } else {
    return "lead." + field + " is not a lead field crmsync sets (name, pipeline_id, status_id, responsible_user_id, "
           "price, tags)";
  }
  return "";
}

}  // namespace

bool isLeadObject(const std::string& object) { return object == "leads" || object == "lead"; }

Result<json> complexLeadBody(const ContactDraft& draft) {
  ContactDraft contactDraft = draft;
  contactDraft.fields = json::object();
  json lead = {{"name", "WhatsApp: " + (draft.displayName.empty() ? std::string("new client") : draft.displayName)}};
  if (!draft.source.empty()) lead["_embedded"]["tags"] = tagsOf(draft.source);
  for (auto it = draft.fields.begin(); draft.fields.is_object() && it != draft.fields.end(); ++it) {
    if (!isLeadField(it.key())) {
      contactDraft.fields[it.key()] = *it;
      continue;
    }
    std::string problem = applyLeadField(it.key().substr(kLeadPrefix.size()), *it, lead);
    if (!problem.empty()) return Result<json>::fail(Outcome::permanent("Kommo: contact_create: " + problem));
  }
  json contact = createBody(contactDraft).at(0);
  contact.erase("request_id");
  lead["_embedded"]["contacts"] = json::array({contact});
  return Result<json>::ok(json::array({lead}));
}

std::string complexContactId(const json& answer) {
  if (!answer.is_array() || answer.empty() || !answer[0].is_object()) return "";
  const json id = answer[0].value("contact_id", json());
  return id.is_number_integer() ? std::to_string(id.get<long long>()) : id.is_string() ? id.get<std::string>() : "";
}

}  // namespace crmsync::connectors::kommo
