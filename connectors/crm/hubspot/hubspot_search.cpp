#include "crm/hubspot/hubspot_search.h"

#include <algorithm>

#include "crm/hubspot/hubspot_schema.h"

namespace crmsync::connectors::hubspot {

using nlohmann::json;

namespace {

void addUnique(std::vector<std::string>& values, const std::string& value) {
  if (!value.empty() && std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
}

// HubSpot strips leading zeros from the calculated digits; a digit form with them would never match.
std::string withoutLeadingZeros(const std::string& digits) {
  const auto first = digits.find_first_not_of('0');
  return first == std::string::npos ? std::string{} : digits.substr(first);
}

std::vector<std::string> typedSpellings(const std::vector<PhoneVariants>& phones) {
  std::vector<std::string> out;
  for (const PhoneVariants& p : phones) {
    for (const std::string& v : p.all()) addUnique(out, v);
  }
  return out;
}

std::vector<std::string> calculatedDigits(const std::vector<PhoneVariants>& phones) {
  std::vector<std::string> out;
  for (const PhoneVariants& p : phones) {
    for (const std::string* v : {&p.significant, &p.nationalDigits, &p.e164Digits}) addUnique(out, withoutLeadingZeros(*v));
  }
  return out;
}

std::vector<std::string> identifierValues(const LookupQuery& query, IdentifierKind kind) {
  std::vector<std::string> out;
  for (const Identifier& id : query.identifiers) {
    if (id.kind == kind) addUnique(out, id.value);
  }
  return out;
}

json filterGroup(const SearchFilter& filter) {
  json f = {{"propertyName", filter.property}};
  if (filter.values.size() == 1) {
    f["operator"] = "EQ";
    f["value"] = filter.values.front();
  } else {
    f["operator"] = "IN";
    f["values"] = filter.values;
  }
  return {{"filters", json::array({f})}};
}

}  // namespace

const std::vector<std::string>& contactProperties() {
  static const std::vector<std::string> kProperties = {
      "firstname", "lastname", "email", "phone", "mobilephone", "hubspot_owner_id", kBsuidProperty};
  return kProperties;
}

std::vector<SearchFilter> searchFilters(const LookupQuery& query) {
  std::vector<PhoneVariants> phones = query.phones;
  // Raw phone identifiers (unparseable numbers) can only match their own text.
  for (const std::string& raw : identifierValues(query, IdentifierKind::kPhoneRaw)) phones.push_back({raw, "", "", "", "", ""});
  const std::vector<std::string> typed = typedSpellings(phones);
  const std::vector<std::string> digits = calculatedDigits(phones);
  std::vector<SearchFilter> out;
  auto add = [&out](const std::string& property, const std::vector<std::string>& values) {
    if (!values.empty()) out.push_back({property, values});
  };
  add("phone", typed);
  add("mobilephone", typed);
  add("hs_searchable_calculated_phone_number", digits);
  add("hs_searchable_calculated_mobile_number", digits);
  add(kBsuidProperty, identifierValues(query, IdentifierKind::kWhatsappBsuid));
  add("email", identifierValues(query, IdentifierKind::kEmail));
  return out;
}

std::vector<std::vector<SearchFilter>> searchBatches(const std::vector<SearchFilter>& filters) {
  std::vector<std::vector<SearchFilter>> out;
  for (std::size_t i = 0; i < filters.size(); i += kMaxFilterGroups) {
    const std::size_t end = std::min(filters.size(), i + static_cast<std::size_t>(kMaxFilterGroups));
    out.emplace_back(filters.begin() + static_cast<long>(i), filters.begin() + static_cast<long>(end));
  }
  return out;
}

HttpRequest searchRequest(const std::vector<SearchFilter>& groups, const std::string& after) {
  json body = {{"filterGroups", json::array()},
               {"properties", contactProperties()},
               {"sorts", json::array({{{"propertyName", "hs_object_id"}, {"direction", "ASCENDING"}}})},
               {"limit", kSearchPageLimit}};
  for (const SearchFilter& g : groups) body["filterGroups"].push_back(filterGroup(g));
  if (!after.empty()) body["after"] = after;
  HttpRequest request;
  request.method = "POST";
  request.target = "/crm/v3/objects/contacts/search";
  request.body = body.dump();
  request.scope = "search";
  return request;
}

CrmCandidate toCandidate(const HubspotObject& contact) {
  CrmCandidate c;
  c.record = {kContactObjectType, contact.id};
  std::string first = contact.property("firstname");
  std::string last = contact.property("lastname");
  c.displayName = first.empty() || last.empty() ? first + last : first + " " + last;
  for (const char* field : {"phone", "mobilephone"}) {
    std::string stored = contact.property(field);
    if (!stored.empty()) c.phones.push_back(stored);
  }
  if (std::string bsuid = contact.property(kBsuidProperty); !bsuid.empty()) {
    c.otherIdentifiers.push_back({IdentifierKind::kWhatsappBsuid, bsuid});
  }
  if (std::string email = contact.property("email"); !email.empty()) {
    c.otherIdentifiers.push_back({IdentifierKind::kEmail, email});
  }
  c.updatedAtMs = contact.updatedAtMs;
  c.ownerId = contact.property("hubspot_owner_id");
  return c;
}

}  // namespace crmsync::connectors::hubspot
