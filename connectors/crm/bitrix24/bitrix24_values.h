#pragma once
// Small value conversions between crmsync and Bitrix24's REST conventions (ids as text or numbers,
// "Y"/"N" flags, ISO-8601 times with the portal's offset). Pure, thread-safe.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace crmsync::connectors::bitrix24 {

// The external-system id crmsync writes into ORIGINATOR_ID of everything it creates.
inline constexpr const char* kOriginator = "crmsync";

// An id or number Bitrix24 sent as text or as a number, as text ("" for anything else).
std::string textOf(const nlohmann::json& value);
// A field value as Bitrix24 takes it: true/false become "Y"/"N", the rest is unchanged.
nlohmann::json fieldValue(const nlohmann::json& value);
// True for a Bitrix24 field name (upper case: NAME, SOURCE_ID, UF_CRM_1700000000).
bool isFieldName(const std::string& name);
// True when a field read from Bitrix24 holds nothing (null, "", [] or a multi-field without values).
bool isEmptyValue(const nlohmann::json& value);

// "2024-08-15T10:00:00+02:00" as unix milliseconds; 0 when unreadable.
std::int64_t parseTimeMs(const std::string& text);
// Unix seconds as "2023-11-14T22:13:20+00:00".
std::string formatTime(std::int64_t unixSeconds);

}  // namespace crmsync::connectors::bitrix24
