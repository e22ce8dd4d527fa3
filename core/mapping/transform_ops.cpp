#include "mapping/transform_ops.h"

#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <tuple>

#include "crmsync/phone.h"
#include "mapping/text_util.h"

namespace crmsync::mapping::ops {
namespace {

using Json = nlohmann::json;

// Year 0 .. year 9999, so that every format stays four-digit and milliseconds never overflow.
constexpr std::int64_t kMinSeconds = -62167219200;
constexpr std::int64_t kMaxSeconds = 253402300799;

std::size_t unitsOf(const std::string& text, std::size_t i, std::size_t sequenceLength, LengthUnit unit) {
  switch (unit) {
    case LengthUnit::kCharacters: return 1;
    case LengthUnit::kBytes: return sequenceLength;
    case LengthUnit::kUtf16: return utf8CodePoint(text, i) > 0xFFFF ? 2 : 1;
  }
  return 1;
}

bool allDigits(const std::string& text, std::size_t from) {
  if (from >= text.size()) return false;
  for (std::size_t i = from; i < text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

std::string trimmed(const std::string& text) {
  std::size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

// [-+]digits[.digits][(e|E)[-+]digits]; sets `integral` when there is neither fraction nor exponent.
bool plainNumber(const std::string& s, bool& integral) {
  std::size_t i = (s.size() > 0 && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  auto digits = [&s, &i] {
    std::size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return i > start;
  };
  if (!digits()) return false;
  integral = true;
  if (i < s.size() && s[i] == '.') {
    ++i;
    integral = false;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    integral = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

char32_t caseOf(char32_t cp, bool upper) {
  auto shift = [cp, upper](char32_t lowFirst, char32_t lowLast, char32_t distance) -> std::optional<char32_t> {
    if (upper && cp >= lowFirst && cp <= lowLast) return cp - distance;
    if (!upper && cp >= lowFirst - distance && cp <= lowLast - distance) return cp + distance;
    return std::nullopt;
  };
  if (cp == 0xF7 || cp == 0xD7) return cp;  // division and multiplication signs sit among Latin-1 letters
  for (auto [first, last, distance] : {std::tuple<char32_t, char32_t, char32_t>{U'a', U'z', 0x20},
                                       {0xE0, 0xFE, 0x20}, {0x430, 0x44F, 0x20}, {0x450, 0x45F, 0x50}}) {
    if (auto mapped = shift(first, last, distance)) return *mapped;
  }
  return cp;
}

}  // namespace

std::size_t lengthOf(const std::string& text, LengthUnit unit) {
  std::size_t length = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t sequence = utf8SequenceLength(text, i);
    length += unitsOf(text, i, sequence, unit);
    i += sequence;
  }
  return length;
}

std::string truncate(const std::string& text, std::size_t max, const std::string& ellipsis, LengthUnit unit) {
  if (lengthOf(text, unit) <= max) return text;
  std::size_t ellipsisLength = lengthOf(ellipsis, unit);
  std::size_t budget = max > ellipsisLength ? max - ellipsisLength : 0;
  std::size_t used = 0, end = 0;
  while (end < text.size()) {
    std::size_t sequence = utf8SequenceLength(text, end);
    std::size_t units = unitsOf(text, end, sequence, unit);
    if (used + units > budget) break;
    used += units;
    end += sequence;
  }
  return text.substr(0, end) + ellipsis;
}

std::optional<std::int64_t> unixSeconds(const Json& value) {
  std::int64_t seconds = 0;
  if (value.is_number_integer()) {
    if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(kMaxSeconds)) {
      return std::nullopt;
    }
    seconds = value.get<std::int64_t>();
  } else if (value.is_number_float()) {
    double d = value.get<double>();
    if (!std::isfinite(d) || d < static_cast<double>(kMinSeconds) || d > static_cast<double>(kMaxSeconds)) {
      return std::nullopt;
    }
    seconds = static_cast<std::int64_t>(std::floor(d));
  } else if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (!allDigits(s, !s.empty() && s[0] == '-' ? 1 : 0) || s.size() > 15) return std::nullopt;
    seconds = std::stoll(s);
  } else {
    return std::nullopt;
  }
  if (seconds < kMinSeconds || seconds > kMaxSeconds) return std::nullopt;
  return seconds;
}

Json formatTime(std::int64_t seconds, const std::string& format, const cctz::time_zone& zone, bool utc) {
  if (format == "unix_ms") return seconds * 1000;
  cctz::time_point<cctz::seconds> when(cctz::seconds{seconds});
  if (format == "iso8601") return cctz::format(utc ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%dT%H:%M:%S%Ez", when, zone);
  return cctz::format(format, when, zone);
}

bool plausibleZoneName(const std::string& name) {
  if (name.empty() || name == "localtime" || !std::isalpha(static_cast<unsigned char>(name[0]))) return false;
  if (name.find("..") != std::string::npos || name.back() == '/' || name.find("//") != std::string::npos) {
    return false;
  }
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '_' && c != '-' && c != '+') return false;
  }
  return true;
}

Json formatPhone(const std::string& text, const std::string& format) {
  auto e164 = phone::toE164(text, "");
  if (!e164) return nullptr;
  if (format == "e164") return *e164;
  PhoneVariants variants = phone::variants(*e164);
  const std::string& out = format == "national"        ? variants.national
                           : format == "international" ? variants.international
                                                       : variants.e164Digits;
  return out.empty() ? Json() : Json(out);
}

Json toNumber(const std::string& text) {
  std::string s = trimmed(text);
  bool integral = false;
  if (!plainNumber(s, integral)) return nullptr;
  if (integral && s.size() <= 18) return std::stoll(s);
  double d = std::strtod(s.c_str(), nullptr);
  return std::isfinite(d) ? Json(d) : Json();
}

std::string changeCase(const std::string& text, bool upper) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t sequence = utf8SequenceLength(text, i);
    if (sequence == 1 && static_cast<unsigned char>(text[i]) >= 0x80) {
      out.push_back(text[i]);  // a stray byte stays as it was
    } else {
      appendUtf8(out, caseOf(utf8CodePoint(text, i), upper));
    }
    i += sequence;
  }
  return out;
}

}  // namespace crmsync::mapping::ops
