#pragma once
// The canonical sources a mapping document reads: one JSON object built per write from the event, the
// person, the CRM context and the CRM record. Nested by the dotted names of mapping::sourceFields():
// {"message": {"text": ...}, "context": {"deal": {"title": ...}}, ...}. Every field of the table is
// present; what is missing or empty is null. Pure; thread-safe.

#include <string>

#include <nlohmann/json.hpp>

#include "crmsync/crm_connector.h"
#include "crmsync/model.h"
#include "crmsync/store.h"

namespace crmsync::mapping {

// `person`, `context` and `record` may be null (not known yet, or not applicable to this write).
//  * message.*: for a status event only id (the message it is about), kind and direction are set.
//  * person.phone/phones: the event's phone identifiers first, then the person's other phones, E.164.
//  * person.display_name: the person's name in crmsync, else the provider profile name.
//  * business.number: E.164 when libphonenumber can read the provider's display number, else as given.
//  * context.deal.*: the most recently updated deal whose status is "open" (or not given).
nlohmann::json buildSources(const Event& event, const Person* person, const CrmContext* context,
                            const CrmRecordRef* record);

// The value at a dotted path ("context.deal.title") of a sources object, or null.
const nlohmann::json& sourceValue(const nlohmann::json& sources, const std::string& path);

}  // namespace crmsync::mapping
