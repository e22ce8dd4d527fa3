#pragma once
// The contract of a messaging channel (WhatsApp Cloud API, Twilio, Telegram, ...). verify and parse are
// pure (no I/O) and safe to call from any thread concurrently.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crmsync/model.h"

namespace crmsync {

// An HTTP request as the server received it. Header names are lower-case.
struct InboundRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> query;    // decoded query parameters
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;                            // raw bytes, exactly as received
};

struct VerifyResult {
  bool ok = false;
  std::string reason;  // why not, for logs and metrics (never contains secrets)
};

// Answer to a provider's subscription handshake (WhatsApp GET hub.challenge).
struct HandshakeAnswer {
  int status = 403;
  std::string body;
};

struct ParseResult {
  bool ok = false;
  std::string error;  // when !ok: what and where ("/entry/0/changes/1/value/messages/0: missing 'id'")
  std::vector<Event> events;
  std::vector<IgnoredChange> ignored;
};

class Channel {
 public:
  virtual ~Channel() = default;
  virtual std::string name() const = 0;  // "whatsapp"
  virtual HandshakeAnswer handshake(const InboundRequest& request) const = 0;
  virtual VerifyResult verify(const InboundRequest& request) const = 0;
  // Phone identifiers come out as the provider wrote them (WhatsApp: "+" and the wa_id digits); core
  // normalises them to E.164 afterwards.
  virtual ParseResult parse(const std::string& body) const = 0;
};

}  // namespace crmsync
