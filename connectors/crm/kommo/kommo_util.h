#pragma once
// Small pure helpers shared by the Kommo translation files: query strings, JSON scalars as text, the
// paged list targets Kommo's v4 API understands. No I/O; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crmsync/http_client.h"  // urlEncode

namespace crmsync::connectors::kommo {

// Kommo's list endpoints return at most 250 items per page (`limit` max, ✅ in crm-contracts §4.2).
constexpr int kMaxPageLimit = 250;
// More pages than this from one list is a misbehaving server, not a real account: stop, report Retryable.
constexpr int kMaxPages = 1000;

// `target` with "limit=250&page=<page>" appended ('?' or '&' as needed).
std::string pagedTarget(const std::string& target, int page);
// "filter[<name>][]=" as an encoded query key (brackets percent-encoded).
std::string filterKey(const std::string& name, bool array);

bool isAllDigits(const std::string& text);

// A JSON scalar as text: strings as they are, integers without a decimal point, others dumped; null → "".
std::string textOf(const nlohmann::json& value);
// A JSON number or a text of digits as an integer; nullopt otherwise.
std::optional<std::int64_t> integerOf(const nlohmann::json& value);
// The string member `key` of an object, or "" when absent or not a scalar.
std::string memberText(const nlohmann::json& object, const char* key);

// True when a HAL page announces another page (`_links.next`).
bool hasNextPage(const nlohmann::json& page);
// `_embedded.<name>` of a page as an array (empty when absent).
const nlohmann::json& embedded(const nlohmann::json& page, const char* name);

}  // namespace crmsync::connectors::kommo
