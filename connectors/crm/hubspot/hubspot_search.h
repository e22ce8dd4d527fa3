#pragma once
// Finding contacts: POST /crm/v3/objects/contacts/search. HubSpot keeps phones as typed and compares
// `phone` / `mobilephone` as exact strings; it also keeps hs_searchable_calculated_phone_number /
// _mobile_number, the stored phone reduced to the digits of its national number (no country code,
// leading zeros stripped). A query therefore asks, OR-ed in filter groups, for every spelling we can
// predict on the typed properties and for the digit forms on the calculated ones, each property as one
// IN filter. Pure: builds requests and reads answers, no I/O.

#include <string>
#include <vector>

#include "crm/hubspot/hubspot_values.h"
#include "crmsync/crm_connector.h"
#include "crmsync/http_client.h"

namespace crmsync::connectors::hubspot {

inline constexpr int kMaxFilterGroups = 5;   // per search request (HubSpot: 5 groups, 25 filters)
inline constexpr int kSearchPageLimit = 100;  // results per page (HubSpot allows up to 200)
inline constexpr int kMaxSearchPages = 100;   // HubSpot stops at 10,000 results anyway

// One filter group: `property` IN `values` (exact string compare).
struct SearchFilter {
  std::string property;
  std::vector<std::string> values;
};

// The filter groups for one person: typed phone spellings on phone/mobilephone, national digits on the
// calculated properties, BSUIDs and e-mails on their own properties. Empty when there is nothing to ask.
std::vector<SearchFilter> searchFilters(const LookupQuery& query);
// Groups split into requests of at most kMaxFilterGroups groups.
std::vector<std::vector<SearchFilter>> searchBatches(const std::vector<SearchFilter>& filters);

// The search request for these groups, from page `after` ("" = first), tagged with scope "search".
HttpRequest searchRequest(const std::vector<SearchFilter>& groups, const std::string& after);

// A candidate from a contact returned by search: phones exactly as stored, BSUID and e-mail as
// identifiers, owner and last update.
CrmCandidate toCandidate(const HubspotObject& contact);

// The properties every contact read asks for.
const std::vector<std::string>& contactProperties();

}  // namespace crmsync::connectors::hubspot
