#pragma once
// Every phone-number decision in crmsync, on libphonenumber. Thread-safe (libphonenumber's
// PhoneNumberUtil is a thread-safe singleton).

#include <optional>
#include <string>
#include <vector>

#include "crmsync/crm_connector.h"
#include "crmsync/model.h"

namespace crmsync::phone {

// The number in E.164 ("+79161234567"), or nullopt when libphonenumber cannot parse it or it is not
// a possible number. `defaultRegion` (ISO 3166 alpha-2, e.g. "RU") applies to numbers written without
// a country code; "00"/"+" international prefixes and national trunk prefixes ("8" in RU, "0" in DE/GB)
// follow libphonenumber's metadata.
std::optional<std::string> toE164(const std::string& raw, const std::string& defaultRegion);

// A phone identifier for `raw`: kPhone with the E.164 value when parseable, else kPhoneRaw with the
// text as received (trimmed). Never throws, never drops.
Identifier toIdentifier(const std::string& raw, const std::string& defaultRegion);

// Replaces every kPhone identifier of the event by its normalised form (see toIdentifier).
void normaliseIdentifiers(Event& event, const std::string& defaultRegion);

// The spellings a CRM may have stored for this E.164 number. Empty fields when not applicable.
PhoneVariants variants(const std::string& e164);

// True when both texts are the same number after normalisation (the local re-check of CRM matches).
bool sameNumber(const std::string& a, const std::string& b, const std::string& defaultRegion);

// The ASCII digits of `text`, in order ("8 (916) 123-45-67" → "89161234567"): how CRMs that normalise
// phones compare them.
std::string digitsOf(const std::string& text);

// "+7916*****67": enough to tell numbers apart in logs at info level, not enough to dial.
std::string mask(const std::string& phone);

// True when `region` is a region code libphonenumber knows ("RU", "DE", ...).
bool isKnownRegion(const std::string& region);

}  // namespace crmsync::phone
