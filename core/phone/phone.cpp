#include "crmsync/phone.h"

#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

namespace crmsync::phone {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

const PhoneNumberUtil& util() { return *PhoneNumberUtil::GetInstance(); }

std::string trim(const std::string& text) {
  auto notSpace = [](unsigned char c) { return !std::isspace(c); };
  auto begin = std::find_if(text.begin(), text.end(), notSpace);
  auto end = std::find_if(text.rbegin(), text.rend(), notSpace).base();
  return begin < end ? std::string(begin, end) : std::string{};
}

// Acceptance is "possible", not "valid": IsValidNumber checks the number against the ranges known to the
// bundled metadata, and the 8.12 (2022) metadata misses ranges allocated since (new mobile blocks, new
// operators) and test/fictional ranges such as UK 07700 900xxx. Rejecting those would turn real customers
// into phone_raw identifiers and split their timelines. "Possible" checks only the length rules of the
// country, which change rarely.
// IS_POSSIBLE_LOCAL_ONLY is refused: it means the area code is missing ("123-45-67" in RU), so any E.164
// built from it would name a different subscriber.
std::optional<PhoneNumber> parseIn(const std::string& raw, const std::string& region) {
  PhoneNumber number;
  if (util().Parse(raw, region, &number) != PhoneNumberUtil::NO_PARSING_ERROR) return std::nullopt;
  if (util().IsPossibleNumberWithReason(number) != PhoneNumberUtil::IS_POSSIBLE) return std::nullopt;
  return number;
}

// People also type international numbers without the "+" ("4915112345678" in a German CRM). Read in the
// default region, libphonenumber keeps such digits as a (long) national number, which may even count as
// valid. When the digits start with the region's own country code, or the regional reading is not valid,
// and the same digits read as an international number are valid, the international reading is the one
// meant. A leading "0" or "+" is never reinterpreted (trunk and international prefixes stay the region's).
std::optional<PhoneNumber> parse(const std::string& raw, const std::string& defaultRegion) {
  std::optional<PhoneNumber> regional = parseIn(raw, defaultRegion);
  const std::string trimmed = trim(raw);
  if (trimmed.empty() || trimmed[0] == '+' || trimmed[0] == '0' || trimmed[0] == '(') return regional;
  const std::string cc = std::to_string(util().GetCountryCodeForRegion(defaultRegion));
  const bool startsWithOwnCode = digitsOf(trimmed).rfind(cc, 0) == 0;
  if (regional && util().IsValidNumber(*regional) && !startsWithOwnCode) return regional;
  std::optional<PhoneNumber> international = parseIn("+" + trimmed, "ZZ");
  if (international && util().IsValidNumber(*international)) return international;
  return regional;
}

std::string format(const PhoneNumber& number, PhoneNumberUtil::PhoneNumberFormat style) {
  std::string out;
  util().Format(number, style, &out);
  return out;
}

// The UTF-8 characters of `text` (a stray byte counts as one character), so masking never splits one.
std::vector<std::string> characters(const std::string& text) {
  std::vector<std::string> out;
  for (unsigned char c : text) {
    bool continuation = (c & 0xC0) == 0x80;
    if (continuation && !out.empty()) {
      out.back().push_back(static_cast<char>(c));
    } else {
      out.emplace_back(1, static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> toE164(const std::string& raw, const std::string& defaultRegion) {
  std::optional<PhoneNumber> number = parse(raw, defaultRegion);
  if (!number) return std::nullopt;
  std::string e164 = format(*number, PhoneNumberUtil::E164);
  if (!number->italian_leading_zero()) return e164;
  // A leading zero kept from text like "+44 (0) 0770 900123" is written into the E.164 but read back as a
  // trunk prefix ("+440770900123" -> "+44770900123"), so the same person would get two identities (found
  // by fuzzing). Take the reading of the E.164 itself, if that one is stable.
  std::optional<PhoneNumber> again = parseIn(e164, "ZZ");
  if (!again) return std::nullopt;
  std::string canonical = format(*again, PhoneNumberUtil::E164);
  if (canonical == e164) return e164;
  std::optional<PhoneNumber> check = parseIn(canonical, "ZZ");
  if (!check || format(*check, PhoneNumberUtil::E164) != canonical) return std::nullopt;
  return canonical;
}

Identifier toIdentifier(const std::string& raw, const std::string& defaultRegion) {
  if (std::optional<std::string> e164 = toE164(raw, defaultRegion)) return {IdentifierKind::kPhone, *e164};
  return {IdentifierKind::kPhoneRaw, trim(raw)};
}

void normaliseIdentifiers(Event& event, const std::string& defaultRegion) {
  for (Identifier& id : event.counterpart) {
    if (id.kind == IdentifierKind::kPhone) id = toIdentifier(id.value, defaultRegion);
  }
}

PhoneVariants variants(const std::string& e164) {
  PhoneVariants out;
  // "ZZ" (unknown region): only a number written with its country code parses, which is what E.164 is.
  std::optional<PhoneNumber> number = parse(e164, "ZZ");
  if (!number) {
    out.e164 = e164;
    bool plusDigits = e164.size() > 1 && e164[0] == '+' && digitsOf(e164).size() == e164.size() - 1;
    if (plusDigits) out.e164Digits = e164.substr(1);
    return out;
  }
  out.e164 = format(*number, PhoneNumberUtil::E164);
  out.e164Digits = out.e164.substr(1);
  out.international = format(*number, PhoneNumberUtil::INTERNATIONAL);
  out.national = format(*number, PhoneNumberUtil::NATIONAL);
  out.nationalDigits = digitsOf(out.national);
  util().GetNationalSignificantNumber(*number, &out.significant);
  return out;
}

bool sameNumber(const std::string& a, const std::string& b, const std::string& defaultRegion) {
  std::optional<std::string> ea = toE164(a, defaultRegion);
  std::optional<std::string> eb = toE164(b, defaultRegion);
  if (ea && eb) return *ea == *eb;
  if (ea || eb) return false;
  std::string ta = trim(a);
  return !ta.empty() && ta == trim(b);
}

// At least five characters are always starred (all but the last two when the text is shorter than
// eight), at most the first five and the last two are shown: "+79161234567" -> "+7916*****67".
std::string mask(const std::string& phone) {
  std::vector<std::string> chars = characters(phone);
  const std::size_t n = chars.size();
  const std::size_t suffix = n > 2 ? 2 : 0;
  const std::size_t hidden = std::max(n > 7 ? n - 7 : 0, std::min<std::size_t>(5, n - suffix));
  const std::size_t prefix = n - suffix - hidden;
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += (i >= prefix && i < prefix + hidden) ? std::string("*") : chars[i];
  return out;
}

std::string digitsOf(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

bool isKnownRegion(const std::string& region) {
  std::set<std::string> regions;
  util().GetSupportedRegions(&regions);
  return regions.count(region) > 0;
}

}  // namespace crmsync::phone
