#pragma once
// What one `changes[].value` says about every message or status inside it: the business endpoint
// (metadata), the contacts[] cards and value-level errors; plus the rules that turn a WhatsApp user
// reference (wa_id / BSUID) into canonical identifiers. Pure; safe from any thread.

#include <string>
#include <vector>

#include "channels/whatsapp_cloud/json_util.h"
#include "crmsync/model.h"

namespace crmsync::channels::whatsapp {

struct ValueContext {
  std::string businessNumber;      // metadata.display_phone_number, as given
  std::string businessAccountId;   // metadata.phone_number_id
  const Json* contacts = nullptr;  // value.contacts when it is an array
  const Json* errors = nullptr;    // value.errors when it is a non-empty array

  static ValueContext from(const Json& value);

  // The contacts[] card for a user: the one whose wa_id equals `waId`, else the one whose user_id
  // equals `bsuid`; nullptr when none matches (empty arguments never match).
  const Json* contactFor(const std::string& waId, const std::string& bsuid) const;
  // contactFor, falling back to the only card when there is exactly one (used for the display name).
  const Json* contactOrOnly(const std::string& waId, const std::string& bsuid) const;
};

// A phone as WhatsApp wrote it: {kPhone, "+" + digits} when `text` is all digits, otherwise {kPhone, text}
// unchanged (core normalises later and keeps unparseable values as kPhoneRaw).
Identifier phoneIdentifier(const std::string& text);

// The identifiers of one WhatsApp user, phone first: the phone (when known) and the BSUID (when known).
// `bsuid` is taken from the payload when given, else from the user's contacts[] card; a missing phone
// is taken from the card found by BSUID (phone withheld in the message, but shown on the card).
struct UserRef {
  std::vector<Identifier> identifiers;
  std::string profileName;
};
UserRef resolveUser(const ValueContext& context, std::string phone, std::string bsuid);

}  // namespace crmsync::channels::whatsapp
