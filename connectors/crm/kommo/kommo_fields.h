#pragma once
// How the mapping document's field names land on a Kommo contact (contact_create, contact_update):
//   name, first_name, last_name  the contact's own attributes (text);
//   responsible_user_id          the owner (a number, or text of digits);
//   tags                         comma-separated tag names, added to the contact (tags_to_add);
//   "123456" (digits)            the custom field with that field_id;
//   anything else                the field with that field_code ("PHONE", "EMAIL", "POSITION", or the code
//                                of an account's own custom field).
// Pure; thread-safe.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace crmsync::connectors::kommo {

enum class FieldKind { kAttribute, kOwner, kTags, kCustomById, kCustomByCode };
FieldKind fieldKind(const std::string& field);

// Adds `value` (a JSON scalar; null adds nothing) for `field` to a contact body for POST or PATCH.
// Values for the same custom field are merged into one custom_fields_values entry.
void setField(nlohmann::json& contact, const std::string& field, const nlohmann::json& value);

// True when `contact` (as GET /api/v4/contacts/{id} returns it) holds nothing in `field`.
bool fieldIsEmpty(const nlohmann::json& contact, const std::string& field);

// Every value of the custom field with `code` (e.g. "PHONE"), as stored, in order.
std::vector<std::string> customFieldValues(const nlohmann::json& contact, const std::string& code);

}  // namespace crmsync::connectors::kommo
