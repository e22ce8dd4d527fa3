#pragma once
// Small, non-throwing accessors for the webhook JSON and the error text the parser reports.
// Every function is pure and safe to call from any thread.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace crmsync::channels::whatsapp {

using Json = nlohmann::json;

// The member `key` of `object`, or nullptr when `object` is not an object or has no such member.
const Json* member(const Json& object, std::string_view key);

// The string member `key`, or "" when it is missing or not a string.
std::string stringOr(const Json& object, std::string_view key);

// The boolean member `key`; false when missing or not a boolean.
bool flag(const Json& object, std::string_view key);

// `pointer` extended by one reference token (RFC 6901 escaping applied).
std::string childPointer(const std::string& pointer, std::string_view token);
std::string childPointer(const std::string& pointer, std::size_t index);

// "<pointer>: <reason>", the error format of ParseResult.
std::string errorAt(const std::string& pointer, const std::string& reason);

// Unix seconds from a JSON integer or a string of decimal digits (the corpus uses both).
// nullopt for anything else (floats, empty or non-numeric strings, overflow).
std::optional<std::int64_t> unixSeconds(const Json& value);

// Reads the optional `timestamp` member of `object` into `out` (0 when missing). Returns an error
// text when it is present but not a unix time.
std::optional<std::string> readTimestamp(const Json& object, const std::string& pointer, std::int64_t& out);

// Reads a required, non-empty string member. Returns an error text when it is missing, empty or
// not a string.
std::optional<std::string> readRequiredString(const Json& object, std::string_view key, const std::string& pointer,
                                              std::string& out);

// Reads an optional string member: "" when missing; an error text when present but not a string.
std::optional<std::string> readOptionalString(const Json& object, std::string_view key, const std::string& pointer,
                                              std::string& out);

}  // namespace crmsync::channels::whatsapp
