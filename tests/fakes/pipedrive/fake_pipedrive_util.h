#pragma once
// Small helpers shared by the fake Pipedrive's files (internal to tests/fakes/pipedrive).

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "fakes/pipedrive/fake_pipedrive_crm.h"

namespace crmsync::test::pipedrive {

std::string digitsOf(const std::string& text);
std::string lowerCase(const std::string& text);
std::string isoTime(std::int64_t ms);  // 2024-05-01T10:00:00Z (v2)
std::string v1Time(std::int64_t ms);   // 2024-05-01 10:00:00 (v1)
// "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DD" → ms; nullopt when malformed.
std::optional<std::int64_t> parseV1Time(const std::string& text, bool dateOnly);

std::string encodeCursor(std::size_t offset);
std::optional<std::size_t> decodeCursor(const std::string& cursor);

// A 400 naming the first query parameter not in `allowed`.
std::optional<FakeReply> unknownParameter(const FakeRequest& request, std::initializer_list<const char*> allowed);
std::optional<long long> wholeNumber(const std::string& text);
// 40 lowercase hex characters, like Pipedrive's custom field keys.
std::string fieldHash(const std::string& seed);
// What Pipedrive's HTML sanitiser would leave of note content (comments and scripts removed).
std::string sanitizeHtml(const std::string& html);
// additional_data.pagination of a v1 list.
nlohmann::json v1Pagination(std::size_t start, std::size_t limit, std::size_t total);

}  // namespace crmsync::test::pipedrive
