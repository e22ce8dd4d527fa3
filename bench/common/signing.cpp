#include "common/signing.h"

#include <Poco/DigestEngine.h>
#include <Poco/HMACEngine.h>
#include <Poco/SHA2Engine.h>

namespace crmsync::bench {
namespace {

// Poco::HMACEngine needs the block and digest sizes as static members.
class Sha256 : public Poco::SHA2Engine {
 public:
  enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
  Sha256() : Poco::SHA2Engine(Poco::SHA2Engine::SHA_256) {}
};

}  // namespace

std::string hubSignature(const std::string& body, const std::string& appSecret) {
  Poco::HMACEngine<Sha256> hmac(appSecret);
  hmac.update(body);
  return "sha256=" + Poco::DigestEngine::digestToHex(hmac.digest());
}

}  // namespace crmsync::bench
