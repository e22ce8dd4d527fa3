#pragma once
// The names crmsync uses in a HubSpot account: standard objects and properties, and the custom
// properties an admin creates once (docs/connectors/hubspot.md lists them with their definitions).

namespace crmsync::connectors::hubspot {

inline constexpr const char* kDefaultBaseUrl = "https://api.hubapi.com";

// CrmRecordRef::objectType of the records this connector returns and accepts.
inline constexpr const char* kContactObjectType = "contact";

// Contacts: the per-person creation key (hasUniqueValue; batch/upsert is keyed on it, so a retried
// create finds the contact the first attempt made even while search still lags) and the WhatsApp BSUID.
inline constexpr const char* kPersonKeyProperty = "crmsync_person_key";
inline constexpr const char* kBsuidProperty = "crmsync_whatsapp_bsuid";

// Communications: the message's idempotency key (hasUniqueValue; batch/upsert is keyed on it) and the
// message's current delivery status (updated in place).
inline constexpr const char* kKeyProperty = "crmsync_idempotency_key";
inline constexpr const char* kStatusProperty = "crmsync_whatsapp_status";

inline constexpr const char* kChannelTypeProperty = "hs_communication_channel_type";
inline constexpr const char* kLoggedFromProperty = "hs_communication_logged_from";
inline constexpr const char* kBodyProperty = "hs_communication_body";
inline constexpr const char* kTimestampProperty = "hs_timestamp";

// communication -> contact, HUBSPOT_DEFINED.
inline constexpr int kCommunicationToContact = 81;
// communication -> deal, HUBSPOT_DEFINED.
inline constexpr int kCommunicationToDeal = 85;

inline constexpr int kMaxBatchInputs = 100;  // batch create/upsert/read inputs per request

}  // namespace crmsync::connectors::hubspot
