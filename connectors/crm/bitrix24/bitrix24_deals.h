#pragma once
// Context as pure translation: the open deals of a contact (crm.deal.list on CONTACT_ID, the deal's primary
// contact, CLOSED = N, newest first) or, for a lead, the lead itself (it is the open opportunity).

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crm/bitrix24/bitrix24_requests.h"
#include "crmsync/crm_connector.h"

namespace crmsync::connectors::bitrix24 {

// crm.<entity>.get {id}.
Call getCall(const std::string& entityType, const std::string& id);
// One page of the contact's open deals, starting at `start`.
Call openDealsCall(const std::string& contactId, int start);
// A crm.deal.list row: stage STAGE_ID, amount OPPORTUNITY, currency CURRENCY_ID, owner ASSIGNED_BY_ID;
// status open while CLOSED is N, else won/lost by STAGE_SEMANTIC_ID (S/F).
Deal toDeal(const nlohmann::json& row);
// A crm.lead.get result as the record's one deal-like item: stage STATUS_ID; open unless its
// STATUS_SEMANTIC_ID says converted (S) or junk (F).
Deal leadAsDeal(const nlohmann::json& lead);
// Rows of every page as deals: each id once, most recently updated first.
std::vector<Deal> dealsOf(const std::vector<nlohmann::json>& rows);

}  // namespace crmsync::connectors::bitrix24
