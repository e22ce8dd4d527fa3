#pragma once
// Shared by the WhatsApp channel tests: the corpus client's identifiers and parsing helpers.

#include <boost/test/unit_test.hpp>

#include <string>

#include "channels/whatsapp_cloud/whatsapp_channel.h"
#include "support/test_support.h"

namespace crmsync::test::whatsapp {

inline const Identifier kClientPhone{IdentifierKind::kPhone, "+972987654321"};
inline const Identifier kClientBsuid{IdentifierKind::kWhatsappBsuid, "US.13491208655302741918"};

inline ParseResult parseBody(const std::string& body) {
  return channels::whatsapp::WhatsappChannel("app-secret", "verify-token").parse(body);
}

// A corpus file (path below corpus/whatsapp), which must parse.
inline ParseResult parseCorpus(const std::string& relative) {
  auto result = parseBody(readFile(sharedDir() / "corpus" / "whatsapp" / relative));
  BOOST_TEST_REQUIRE(result.ok, relative << ": " << result.error);
  return result;
}

// The single event of a corpus file (fails the test when there is not exactly one).
inline Event only(const std::string& relative) {
  auto result = parseCorpus(relative);
  BOOST_TEST_REQUIRE(result.events.size() == 1u, relative);
  return result.events.front();
}

inline Event pywa(const std::string& name) { return only("pywa/" + name + ".json"); }
inline Event pius(const std::string& name) { return only("piusalfred-go/" + name + ".json"); }

}  // namespace crmsync::test::whatsapp
