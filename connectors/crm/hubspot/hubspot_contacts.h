#pragma once
// Contacts and their context: creating one (batch/upsert keyed on the per-person creation key, so a
// retried create returns the contact the first attempt made even while search lags), contact_update
// with write policies, and the open deals of a contact (v4 associations, then batch/read). Pure.

#include <optional>
#include <string>
#include <vector>

#include "crm/hubspot/hubspot_batch.h"
#include "crm/hubspot/hubspot_values.h"
#include "crmsync/crm_connector.h"
#include "crmsync/http_client.h"

namespace crmsync::connectors::hubspot {

// Why this draft cannot be created (Permanent), "" when it can (object contacts or leads, key non-empty).
std::string uncreatableReason(const ContactDraft& draft);
// The mapped contact_create fields, plus what the connector fills when the mapping leaves it out: the
// name (firstname), the first phone (phone, E.164), the BSUID; and always the creation key. Fields for
// the lead ("lead.*", hubspot_leads.h) are left out.
Properties contactCreateProperties(const ContactDraft& draft);
HttpRequest createContactRequest(const ContactDraft& draft);

// GET /crm/v3/objects/contacts/<id>?properties=...
HttpRequest readContactRequest(const std::string& id, const std::vector<std::string>& properties);
// The fields of `change` whose current value must be read first (policy only_if_empty, value not null).
std::vector<std::string> fieldsNeedingCurrent(const ContactUpdate& change);
// What to PATCH: overwrite fields, and only_if_empty fields whose `current` value is empty; never
// fields and null values are left out. Empty when nothing needs writing.
Properties contactUpdateProperties(const ContactUpdate& change, const Properties& current);
// PATCH /crm/v3/objects/contacts/<id> {"properties": ...}
HttpRequest updateContactRequest(const std::string& id, const Properties& properties);

// GET /crm/v4/objects/contacts/<id>/associations/deals, page `after` ("" = first).
HttpRequest dealAssociationsRequest(const std::string& contactId, const std::string& after);
struct IdPage {
  std::vector<std::string> ids;
  std::string after;  // "" on the last page
};
std::optional<IdPage> parseIdPage(const std::string& body);
// POST /crm/v3/objects/deals/batch/read of these ids with the properties context needs.
HttpRequest readDealsRequest(const std::vector<std::string>& ids);
// A deal as context wants it: title, stage (dealstage), status open/won/lost (hs_is_closed,
// hs_is_closed_won), amount, currency, owner, last update.
Deal toDeal(const HubspotObject& deal);

}  // namespace crmsync::connectors::hubspot
