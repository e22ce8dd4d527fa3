#include "crm/hubspot/hubspot_contacts.h"

#include <cctype>
#include <iterator>

#include "crm/hubspot/hubspot_leads.h"
#include "crm/hubspot/hubspot_schema.h"

namespace crmsync::connectors::hubspot {

using nlohmann::json;

namespace {

bool isContactsObject(const std::string& object) {
  return object.empty() || object == "contacts" || object == "contact";
}

std::string firstOf(const std::vector<Identifier>& ids, IdentifierKind kind) {
  for (const Identifier& id : ids) {
    if (id.kind == kind) return id.value;
  }
  return {};
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ",") + urlEncode(item);
  return out;
}

HttpRequest get(const std::string& target) {
  HttpRequest request;
  request.method = "GET";
  request.target = target;
  return request;
}

}  // namespace

std::string uncreatableReason(const ContactDraft& draft) {
  if (draft.creationKey.empty()) return "contact draft without a creation key";
  if (!isContactsObject(draft.object) && !isLeadsObject(draft.object)) {
    return "HubSpot connector creates contacts or leads, not '" + draft.object + "'";
  }
  return "";
}

Properties contactCreateProperties(const ContactDraft& draft) {
  Properties p = fieldProperties(draft.fields);
  for (auto it = p.begin(); it != p.end();) it = isLeadField(it->first) ? p.erase(it) : std::next(it);
  if (!p.count("firstname") && !p.count("lastname") && !draft.displayName.empty()) p["firstname"] = draft.displayName;
  std::string phone = firstOf(draft.identifiers, IdentifierKind::kPhone);
  if (phone.empty()) phone = firstOf(draft.identifiers, IdentifierKind::kPhoneRaw);
  if (!p.count("phone") && !p.count("mobilephone") && !phone.empty()) p["phone"] = phone;
  std::string bsuid = firstOf(draft.identifiers, IdentifierKind::kWhatsappBsuid);
  if (!p.count(kBsuidProperty) && !bsuid.empty()) p[kBsuidProperty] = bsuid;
  p[kPersonKeyProperty] = draft.creationKey;
  return p;
}

HttpRequest createContactRequest(const ContactDraft& draft) {
  return upsertRequest("contacts", kPersonKeyProperty, {{draft.creationKey, contactCreateProperties(draft)}});
}

HttpRequest readContactRequest(const std::string& id, const std::vector<std::string>& properties) {
  return get("/crm/v3/objects/contacts/" + urlEncode(id) + "?properties=" + joined(properties));
}

std::vector<std::string> fieldsNeedingCurrent(const ContactUpdate& change) {
  std::vector<std::string> out;
  for (const mapping::FieldWrite& f : change.fields) {
    if (f.policy == mapping::WritePolicy::kOnlyIfEmpty && propertyText(f.value)) out.push_back(f.field);
  }
  return out;
}

Properties contactUpdateProperties(const ContactUpdate& change, const Properties& current) {
  Properties out;
  for (const mapping::FieldWrite& f : change.fields) {
    std::optional<std::string> value = propertyText(f.value);
    if (!value || f.policy == mapping::WritePolicy::kNever) continue;
    if (f.policy == mapping::WritePolicy::kOnlyIfEmpty) {
      auto it = current.find(f.field);
      if (it != current.end() && !it->second.empty()) continue;
    }
    out[f.field] = *value;
  }
  return out;
}

HttpRequest updateContactRequest(const std::string& id, const Properties& properties) {
  HttpRequest request;
  request.method = "PATCH";
  request.target = "/crm/v3/objects/contacts/" + urlEncode(id);
  request.body = json{{"properties", properties}}.dump();
  return request;
}

HttpRequest dealAssociationsRequest(const std::string& contactId, const std::string& after) {
  std::string target = "/crm/v4/objects/contacts/" + urlEncode(contactId) + "/associations/deals?limit=500";
  if (!after.empty()) target += "&after=" + urlEncode(after);
  return get(target);
}

std::optional<IdPage> parseIdPage(const std::string& body) {
  json parsed = json::parse(body, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("results") || !parsed["results"].is_array()) return std::nullopt;
  IdPage page;
  for (const json& r : parsed["results"]) {
    auto id = r.is_object() && r.contains("toObjectId") ? propertyText(r["toObjectId"]) : std::nullopt;
    if (id && !id->empty()) page.ids.push_back(*id);
  }
  page.after = nextAfter(parsed);
  return page;
}

HttpRequest readDealsRequest(const std::vector<std::string>& ids) {
  json body = {{"properties",
                {"dealname", "dealstage", "pipeline", "amount", "deal_currency_code", "hubspot_owner_id", "hs_is_closed",
                 "hs_is_closed_won"}},
               {"propertiesWithHistory", json::array()},
               {"inputs", json::array()}};
  for (const std::string& id : ids) body["inputs"].push_back({{"id", id}});
  HttpRequest request;
  request.method = "POST";
  request.target = "/crm/v3/objects/deals/batch/read";
  request.body = body.dump();
  return request;
}

Deal toDeal(const HubspotObject& deal) {
  Deal d;
  d.id = deal.id;
  d.title = deal.property("dealname");
  d.stage = deal.property("dealstage");
  const bool closed = deal.property("hs_is_closed") == "true";
  d.status = !closed ? "open" : deal.property("hs_is_closed_won") == "true" ? "won" : "lost";
  d.amount = deal.property("amount");
  d.currency = deal.property("deal_currency_code");
  d.ownerId = deal.property("hubspot_owner_id");
  d.updatedAtMs = deal.updatedAtMs;
  return d;
}

}  // namespace crmsync::connectors::hubspot
