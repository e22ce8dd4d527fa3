#pragma once
// The map stage: canonical event + person + CRM context → the connector's writes, as the mapping
// document in force says. Pure functions; the sync loop and the mapping preview both use them, so the
// preview shows exactly what the loop would send. A null document leaves the connector's defaults.

#include <optional>

#include "crmsync/crm_connector.h"
#include "crmsync/mapping.h"
#include "crmsync/store.h"

namespace crmsync {

Activity mapActivity(const Event& event, const Person* person, const CrmContext* context, const CrmRecordRef& record,
                     const mapping::MappingDocument* document);

// Fills draft.object and draft.fields from contact_create.
void mapContactDraft(ContactDraft& draft, const Event& event, const Person& person, const mapping::MappingDocument* document);

// contact_update for a record crmsync just linked to, or nullopt when the document has none.
std::optional<ContactUpdate> mapContactUpdate(const Event& event, const Person& person, const CrmRecordRef& record,
                                              const mapping::MappingDocument* document);

}  // namespace crmsync
