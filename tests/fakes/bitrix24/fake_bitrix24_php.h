#pragma once
// What the fake Bitrix24 borrows from the real one's PHP side, written from its documented behaviour:
// parse_str for query strings (batch sub-calls, form bodies) and NormalizePhone for duplicate search.

#include <nlohmann/json.hpp>
#include <string>

namespace crmsync::fakes::bitrix24 {

// PHP parse_str: "fields[PHONE][0][VALUE]=%2B7..." into nested objects; every leaf a string; objects whose
// keys are exactly 0..n-1 become arrays.
nlohmann::json parseQuery(const std::string& query);

// How Bitrix24 compares phones in crm.duplicate.findbycomm (stored and queried values alike):
// "+8…" (10+ chars) becomes "00…"; everything but digits and #*,; dropped; with 10+ characters a leading
// 80/81/82 stays, 00 or 011 is stripped, a leading 8 becomes 7, a leading 0 is stripped; the extension
// (from the first # * , or ;) is cut off.
std::string normalizePhone(const std::string& raw);

// Leaf text of a JSON value the way PHP would see it ("12" for 12, "1"/"" for true/false, "" for null).
std::string phpText(const nlohmann::json& value);

}  // namespace crmsync::fakes::bitrix24
