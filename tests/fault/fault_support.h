#pragma once
// Helpers shared by the fault tests: webhook bodies carrying many messages, a keep-alive poster that
// survives the service going away, and the real binary wired to the Bitrix24 fake through a FaultProxy.

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <memory>
#include <string>
#include <vector>

#include "fakes/bitrix24/fake_bitrix24.h"
#include "support/corpus_payloads.h"
#include "support/fault_proxy.h"
#include "support/service_process.h"

namespace crmsync::test {

struct OutMessage {
  std::string id;
  std::string from;  // as the test types it (many formats)
  std::string text;
  long timestamp = 1700000000;
};

// One webhook body with several inbound messages (Meta batches them the same way).
inline std::string batchBody(const std::vector<OutMessage>& messages) {
  nlohmann::json body = nlohmann::json::parse(
      textMessageBody(messages.at(0).id, messages[0].from, messages[0].text, messages[0].timestamp));
  nlohmann::json& value = body["entry"][0]["changes"][0]["value"];
  for (std::size_t i = 1; i < messages.size(); ++i) {
    nlohmann::json one = nlohmann::json::parse(
        textMessageBody(messages[i].id, messages[i].from, messages[i].text, messages[i].timestamp));
    const nlohmann::json& v = one["entry"][0]["changes"][0]["value"];
    value["contacts"].push_back(v["contacts"][0]);
    value["messages"].push_back(v["messages"][0]);
  }
  return body.dump();
}

// A free TCP port on 127.0.0.1 (bound and released), so a restarted service keeps its address.
inline int freePort() {
  Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
  return probe.address().port();
}

// A webhook sender on one keep-alive connection. post() returns the status, or 0 when the service
// could not be reached or went away mid-request (then the connection is renewed on the next call).
class Poster {
 public:
  explicit Poster(int port) : port_(port) {}
  int post(const std::string& body) {
    try {
      if (!session_) {
        session_ = std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", static_cast<Poco::UInt16>(port_));
        session_->setKeepAlive(true);
        session_->setTimeout(Poco::Timespan(30, 0));
      }
      Poco::Net::HTTPRequest req("POST", "/webhooks/whatsapp", Poco::Net::HTTPMessage::HTTP_1_1);
      req.setKeepAlive(true);
      req.setContentType("application/json");
      req.set("X-Hub-Signature-256", metaSignature(body, kAppSecret));
      req.setContentLength64(static_cast<Poco::Int64>(body.size()));
      session_->sendRequest(req) << body;
      Poco::Net::HTTPResponse resp;
      std::string answer;
      Poco::StreamCopier::copyToString(session_->receiveResponse(resp), answer);
      return static_cast<int>(resp.getStatus());
    } catch (const Poco::Exception&) {
      session_.reset();
      return 0;
    }
  }

 private:
  int port_;
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
};

// The real binary on the Bitrix24 connector; its requests go through a FaultProxy to the fake.
struct HostedCrm {
  static constexpr const char* kCode = "faultw3bh00kc0de";
  explicit HostedCrm(const nlohmann::json& overrides = nlohmann::json::object()) : service(dir, config(overrides)) {
    service.start();
  }
  nlohmann::json config(const nlohmann::json& overrides) const {
    nlohmann::json c = {{"crm",
                         {{"connector", "bitrix24"},
                          {"bitrix24",
                           {{"webhook_url", "https://fault.bitrix24.example" + fake.webhookPath() + "/"},
                            {"base_url", proxy.baseUrl()},
                            {"timeout_ms", 20000}}}}}};
    c.merge_patch(overrides);
    return c;
  }
  bool delivered(const std::string& wamid) const { return fake.activityCountWithOrigin("whatsapp:msg:" + wamid) == 1; }

  mutable fakes::bitrix24::FakeBitrix24 fake{"1", kCode};
  FaultProxy proxy{"127.0.0.1", fake.port()};
  TempDir dir;
  ServiceProcess service;
};

}  // namespace crmsync::test
