#define BOOST_TEST_MODULE whatsapp_signature
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string>

#include "channels/whatsapp_cloud/whatsapp_channel.h"
#include "support/test_support.h"

// X-Hub-Signature-256 verification against an independent HMAC (Poco, via test support) and the GET
// subscription handshake.

using crmsync::InboundRequest;
using crmsync::channels::whatsapp::WhatsappChannel;
namespace test = crmsync::test;

namespace {

const std::string kSecret = "0123456789abcdef-app-secret";
const std::string kToken = "my-verify-token";

std::string corpusBody() {
  return test::readFile(test::sharedDir() / "corpus" / "whatsapp" / "pywa" / "message__text.json");
}

InboundRequest post(std::string body, const std::string& signature) {
  InboundRequest request;
  request.method = "POST";
  request.path = "/webhooks/whatsapp";
  request.body = std::move(body);
  request.headers["content-type"] = "application/json";
  request.headers["x-hub-signature-256"] = signature;
  return request;
}

InboundRequest get(const std::string& mode, const std::string& token, const std::string& challenge) {
  InboundRequest request;
  request.method = "GET";
  request.path = "/webhooks/whatsapp";
  if (!mode.empty()) request.query["hub.mode"] = mode;
  if (!token.empty()) request.query["hub.verify_token"] = token;
  if (!challenge.empty()) request.query["hub.challenge"] = challenge;
  return request;
}

const WhatsappChannel& channel() {
  static const WhatsappChannel instance(kSecret, kToken);
  return instance;
}

}  // namespace

BOOST_AUTO_TEST_CASE(name_is_whatsapp) { BOOST_TEST(channel().name() == "whatsapp"); }

BOOST_AUTO_TEST_CASE(valid_signature_verifies) {
  std::string body = corpusBody();
  auto result = channel().verify(post(body, test::metaSignature(body, kSecret)));
  BOOST_TEST(result.ok, result.reason);
  BOOST_TEST(result.reason.empty());
}

BOOST_AUTO_TEST_CASE(empty_body_signature_verifies) {
  BOOST_TEST(channel().verify(post("", test::metaSignature("", kSecret))).ok);
}

BOOST_AUTO_TEST_CASE(upper_case_hex_verifies) {
  std::string body = corpusBody();
  std::string signature = test::metaSignature(body, kSecret);
  std::transform(signature.begin() + 7, signature.end(), signature.begin() + 7,
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  BOOST_TEST(signature != test::metaSignature(body, kSecret));
  BOOST_TEST(channel().verify(post(body, signature)).ok);
}

BOOST_AUTO_TEST_CASE(wrong_secret_is_a_mismatch_and_does_not_leak_the_digest) {
  std::string body = corpusBody();
  auto result = channel().verify(post(body, test::metaSignature(body, "another-secret")));
  BOOST_TEST(!result.ok);
  BOOST_TEST(result.reason == "signature mismatch");
  std::string expectedHex = test::metaSignature(body, kSecret).substr(7);
  BOOST_TEST(result.reason.find(expectedHex.substr(0, 8)) == std::string::npos);
  BOOST_TEST(result.reason.find(kSecret) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(one_flipped_body_byte_is_a_mismatch) {
  std::string body = corpusBody();
  std::string signature = test::metaSignature(body, kSecret);
  std::string tampered = body;
  tampered[tampered.size() / 2] = static_cast<char>(tampered[tampered.size() / 2] ^ 0x01);
  auto result = channel().verify(post(tampered, signature));
  BOOST_TEST(!result.ok);
  BOOST_TEST(result.reason == "signature mismatch");
}

BOOST_AUTO_TEST_CASE(missing_header) {
  InboundRequest request = post(corpusBody(), "");
  request.headers.erase("x-hub-signature-256");
  auto result = channel().verify(request);
  BOOST_TEST(!result.ok);
  BOOST_TEST(result.reason == "missing X-Hub-Signature-256 header");
}

BOOST_AUTO_TEST_CASE(malformed_headers) {
  std::string body = corpusBody();
  std::string good = test::metaSignature(body, kSecret);
  std::string hex = good.substr(7);
  const std::string cases[] = {
      "sha1=" + hex.substr(0, 40),           // SHA-1 style header
      "sha1=" + hex,                         // right length, wrong algorithm
      "sha256=" + hex.substr(0, 63),         // one digit short
      "sha256=" + hex + "0",                 // one digit long
      "sha256=" + hex.substr(0, 62) + "zz",  // not hex
      "sha256=",                             // empty digest
      hex,                                   // no prefix
      "",                                    // empty header
  };
  for (const auto& header : cases) {
    BOOST_TEST_CONTEXT("header '" << header << "'") {
      auto result = channel().verify(post(body, header));
      BOOST_TEST(!result.ok);
      BOOST_TEST(result.reason == "malformed X-Hub-Signature-256 header");
    }
  }
}

BOOST_AUTO_TEST_CASE(empty_app_secret_never_verifies) {
  WhatsappChannel unconfigured("", kToken);
  std::string body = corpusBody();
  auto result = unconfigured.verify(post(body, test::metaSignature(body, "")));
  BOOST_TEST(!result.ok);
  BOOST_TEST(result.reason == "app secret not configured");
}

BOOST_AUTO_TEST_CASE(signature_covers_raw_bytes_not_reserialised_json) {
  // Meta signs the body as sent, with non-ASCII escaped (\u00e4); nlohmann writes UTF-8 when re-serialising.
  const std::string body =
      R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":)"
      R"({"messages":[{"from":"1555","id":"m1","type":"text","text":{"body":"\u00e4\u00f6\u00e5"}}]}}]}]})";
  std::string signature = test::metaSignature(body, kSecret);
  BOOST_TEST(channel().verify(post(body, signature)).ok);
  std::string reserialised = nlohmann::json::parse(body).dump();
  BOOST_TEST(reserialised != body);
  BOOST_TEST(reserialised.find("\xC3\xA4") != std::string::npos);
  auto result = channel().verify(post(reserialised, signature));
  BOOST_TEST(!result.ok);
  BOOST_TEST(result.reason == "signature mismatch");
  auto parsed = channel().parse(body);
  BOOST_TEST_REQUIRE(parsed.ok, parsed.error);
  BOOST_TEST(parsed.events.at(0).text == "\xC3\xA4\xC3\xB6\xC3\xA5");
}

BOOST_AUTO_TEST_CASE(handshake_echoes_the_challenge) {
  auto answer = channel().handshake(get("subscribe", kToken, "1158201444"));
  BOOST_TEST(answer.status == 200);
  BOOST_TEST(answer.body == "1158201444");
}

BOOST_AUTO_TEST_CASE(handshake_echoes_a_non_numeric_challenge_byte_for_byte) {
  const std::string challenge = "abc-\xC3\xA4 ?&=+ 0012 \"x\"";
  auto answer = channel().handshake(get("subscribe", kToken, challenge));
  BOOST_TEST(answer.status == 200);
  BOOST_TEST(answer.body == challenge);
}

BOOST_AUTO_TEST_CASE(handshake_refuses_a_wrong_token) {
  for (const std::string& token :
       {std::string("wrong"), kToken + "x", kToken.substr(0, kToken.size() - 1), std::string("MY-VERIFY-TOKEN")}) {
    BOOST_TEST_CONTEXT(token) {
      auto answer = channel().handshake(get("subscribe", token, "123"));
      BOOST_TEST(answer.status == 403);
      BOOST_TEST(answer.body == "verification failed");
    }
  }
}

BOOST_AUTO_TEST_CASE(handshake_refuses_a_wrong_mode) {
  BOOST_TEST(channel().handshake(get("unsubscribe", kToken, "123")).status == 403);
  BOOST_TEST(channel().handshake(get("Subscribe", kToken, "123")).status == 403);
}

BOOST_AUTO_TEST_CASE(handshake_refuses_missing_parameters) {
  BOOST_TEST(channel().handshake(get("", kToken, "123")).status == 403);
  BOOST_TEST(channel().handshake(get("subscribe", "", "123")).status == 403);
  BOOST_TEST(channel().handshake(get("subscribe", kToken, "")).status == 403);
  BOOST_TEST(channel().handshake(InboundRequest{}).status == 403);
}

BOOST_AUTO_TEST_CASE(empty_configured_token_never_matches) {
  WhatsappChannel unconfigured(kSecret, "");
  InboundRequest request = get("subscribe", "", "123");
  request.query["hub.verify_token"] = "";
  auto answer = unconfigured.handshake(request);
  BOOST_TEST(answer.status == 403);
  BOOST_TEST(answer.body == "verification failed");
}
