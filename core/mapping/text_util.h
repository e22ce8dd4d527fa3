#pragma once
// Small text helpers shared by the mapping engine: UTF-8 walking, positions, JSON pointers, and how a
// value reads as text or as a condition. Pure functions; thread-safe.

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace crmsync::mapping {

// Length in bytes of the UTF-8 sequence starting at text[i] (1 for a stray or truncated byte), so that
// walking by it never splits a valid character.
std::size_t utf8SequenceLength(const std::string& text, std::size_t i);
// The code point at text[i] (U+FFFD for a stray byte).
char32_t utf8CodePoint(const std::string& text, std::size_t i);
void appendUtf8(std::string& out, char32_t codePoint);

struct Position {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in characters
};
// The position of byte `offset` in `text` (offset may equal text.size()).
Position positionOf(const std::string& text, std::size_t offset);

// "/writes/x~1y": `token` escaped per RFC 6901 and appended to `pointer`.
std::string pointerAppend(const std::string& pointer, const std::string& token);

// How a value reads inside text: strings as they are, whole numbers without ".0", true/false, null as "".
std::string valueText(const nlohmann::json& value);
// Conditions in templates: non-null, non-empty, not false, not 0.
bool truthy(const nlohmann::json& value);

}  // namespace crmsync::mapping
