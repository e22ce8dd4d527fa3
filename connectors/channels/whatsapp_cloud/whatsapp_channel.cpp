#include "channels/whatsapp_cloud/whatsapp_channel.h"

#include <utility>

#include "channels/whatsapp_cloud/message_mapper.h"
#include "channels/whatsapp_cloud/payload_parser.h"
#include "channels/whatsapp_cloud/signature.h"

namespace crmsync::channels::whatsapp {
namespace {

const std::string* queryValue(const InboundRequest& request, const std::string& key) {
  auto it = request.query.find(key);
  return it == request.query.end() ? nullptr : &it->second;
}

HandshakeAnswer refused() { return {403, "verification failed"}; }

}  // namespace

WhatsappChannel::WhatsappChannel(std::string appSecret, std::string verifyToken)
    : appSecret_(std::move(appSecret)), verifyToken_(std::move(verifyToken)) {}

std::string WhatsappChannel::name() const { return kChannelName; }

HandshakeAnswer WhatsappChannel::handshake(const InboundRequest& request) const {
  const std::string* mode = queryValue(request, "hub.mode");
  const std::string* token = queryValue(request, "hub.verify_token");
  const std::string* challenge = queryValue(request, "hub.challenge");
  if (mode == nullptr || *mode != "subscribe" || token == nullptr || challenge == nullptr) return refused();
  if (verifyToken_.empty() || !constantTimeEquals(*token, verifyToken_)) return refused();
  return {200, *challenge};
}

VerifyResult WhatsappChannel::verify(const InboundRequest& request) const {
  if (appSecret_.empty()) return {false, "app secret not configured"};
  auto it = request.headers.find(std::string(kSignatureHeader));
  if (it == request.headers.end()) return {false, "missing X-Hub-Signature-256 header"};
  return verifySignature(it->second, request.body, appSecret_);
}

ParseResult WhatsappChannel::parse(const std::string& body) const { return parsePayload(body); }

}  // namespace crmsync::channels::whatsapp
