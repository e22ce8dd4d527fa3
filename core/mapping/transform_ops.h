#pragma once
// The value operations behind the transforms, as pure functions on already-checked arguments. Each
// returns null when it cannot produce a value (the field's `default` transform may then apply).
// Thread-safe.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <cctz/time_zone.h>
#include <nlohmann/json.hpp>

namespace crmsync::mapping::ops {

// How truncate counts length: Unicode characters (code points), UTF-16 code units (what JavaScript-based
// CRMs count: an emoji is 2) or UTF-8 bytes. Never splits a character.
enum class LengthUnit { kCharacters, kUtf16, kBytes };
std::size_t lengthOf(const std::string& text, LengthUnit unit);
// `text` cut so that it plus `ellipsis` fits in `max` units; unchanged when it already fits.
std::string truncate(const std::string& text, std::size_t max, const std::string& ellipsis, LengthUnit unit);

// Unix seconds from a number or a string of digits (optional leading '-'); nullopt otherwise or when
// outside years 0..9999.
std::optional<std::int64_t> unixSeconds(const nlohmann::json& value);
// `format` is "iso8601", "unix_ms" or a strftime-style CCTZ pattern. iso8601 ends in "Z" when `utc`.
nlohmann::json formatTime(std::int64_t seconds, const std::string& format, const cctz::time_zone& zone, bool utc);

// True for a syntactically plausible IANA zone name (no absolute or relative paths, not "localtime").
bool plausibleZoneName(const std::string& name);

// "e164", "national", "international" or "digits" of a number in international form; null when
// libphonenumber cannot read it.
nlohmann::json formatPhone(const std::string& text, const std::string& format);

// A number from text ("42", "-3.5", " 12 "), or null.
nlohmann::json toNumber(const std::string& text);

// Upper or lower case for ASCII, Latin-1 and Cyrillic letters; other characters unchanged.
std::string changeCase(const std::string& text, bool upper);

}  // namespace crmsync::mapping::ops
