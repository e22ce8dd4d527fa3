#pragma once
// The WhatsApp Cloud API channel: subscription handshake, X-Hub-Signature-256 verification and webhook
// parsing. Holds only its immutable configuration; every method is const, pure (no I/O) and safe to call
// from any thread concurrently.

#include <string>

#include "crmsync/channel.h"

namespace crmsync::channels::whatsapp {

class WhatsappChannel final : public crmsync::Channel {
 public:
  // `appSecret` keys the HMAC of verify(); `verifyToken` is what the App Dashboard sends in the
  // handshake. Either may be empty: then verify() resp. handshake() always refuse.
  WhatsappChannel(std::string appSecret, std::string verifyToken);

  std::string name() const override;  // "whatsapp"

  // GET ?hub.mode=subscribe&hub.verify_token=<token>&hub.challenge=<c>: {200, c byte for byte} when the
  // mode is "subscribe", a challenge is present and the token equals the configured one (constant-time);
  // otherwise {403, "verification failed"}.
  HandshakeAnswer handshake(const InboundRequest& request) const override;

  // Checks the x-hub-signature-256 header against the raw body; see signature.h for the reasons.
  VerifyResult verify(const InboundRequest& request) const override;

  // See payload_parser.h.
  ParseResult parse(const std::string& body) const override;

 private:
  const std::string appSecret_;
  const std::string verifyToken_;
};

}  // namespace crmsync::channels::whatsapp
