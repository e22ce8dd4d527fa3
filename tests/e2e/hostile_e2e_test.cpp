#define BOOST_TEST_MODULE hostile_e2e
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <thread>

#include "support/corpus_payloads.h"
#include "support/service_process.h"

// Hostile clients against the real binary: oversized, deeply nested, badly encoded and trickled requests.
// Each gets a clear status and the service keeps serving everybody else.

using namespace crmsync::test;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kMaxBody = 3 * 1024 * 1024;

struct Running {
  TempDir dir;
  ServiceProcess service{dir,
                         {{"http", {{"header_timeout_ms", 1000}, {"body_timeout_ms", 1000}, {"timeout_ms", 5000}}}}};
  Running() { service.start(); }

  Poco::Net::StreamSocket connect() const {
    Poco::Net::StreamSocket s(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(service.port())));
    s.setReceiveTimeout(Poco::Timespan(10, 0));
    return s;
  }
  // A normal client is answered, and quickly.
  void servesNormalClients(const std::string& tag) const {
    auto started = Clock::now();
    HttpResult r = service.postSigned(textMessageBody("wamid.hostile-" + tag, "79161234567", "still here"));
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    BOOST_TEST(r.status == 200, tag << ": " << r.body);
    BOOST_TEST(took.count() < 1000, tag << ": a normal request took " << took.count() << " ms");
  }
};

// Everything the server sends until it closes the connection (or 10 s pass).
std::string readAll(Poco::Net::StreamSocket& s) {
  std::string out;
  char buffer[4096];
  try {
    for (int n; (n = s.receiveBytes(buffer, sizeof buffer)) > 0;) out.append(buffer, static_cast<std::size_t>(n));
  } catch (const Poco::Exception&) {
    // reset after the answer: what arrived is what counts
  }
  return out;
}

int statusOf(const std::string& answer) {
  if (answer.compare(0, 9, "HTTP/1.1 ") != 0 || answer.size() < 12) return 0;
  return std::stoi(answer.substr(9, 3));
}

std::string headers(const std::string& extra) {
  return "POST /webhooks/whatsapp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + extra + "\r\n";
}

bool readable(Poco::Net::StreamSocket& s) { return s.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ); }

}  // namespace

BOOST_FIXTURE_TEST_SUITE(hostile, Running)

BOOST_AUTO_TEST_CASE(a_declared_body_over_the_limit_is_refused_413_before_it_is_sent) {
  Poco::Net::StreamSocket s = connect();
  std::string request =
      headers("Content-Length: " + std::to_string(kMaxBody + 1) + "\r\nX-Hub-Signature-256: sha256=00\r\n");
  s.sendBytes(request.data(), static_cast<int>(request.size()));
  std::string answer = readAll(s);  // no body sent: the answer comes anyway, and the connection closes
  BOOST_TEST(statusOf(answer) == 413, answer);
  BOOST_TEST(answer.find("http.max_body_bytes") != std::string::npos, answer);
  BOOST_TEST(service.metric("crmsync_webhooks_rejected_total{channel=\"whatsapp\",reason=\"too_large\"}") == 1);
  servesNormalClients("after-413");
}

BOOST_AUTO_TEST_CASE(a_chunked_body_growing_past_the_limit_is_refused_413) {
  Poco::Net::StreamSocket s = connect();
  std::string request = headers("Transfer-Encoding: chunked\r\nX-Hub-Signature-256: sha256=00\r\n");
  s.sendBytes(request.data(), static_cast<int>(request.size()));
  const std::string chunk = "10000\r\n" + std::string(0x10000, 'a') + "\r\n";
  std::size_t sent = 0;
  try {
    while (sent < 8u * kMaxBody && !readable(s)) {
      s.sendBytes(chunk.data(), static_cast<int>(chunk.size()));
      sent += 0x10000;
    }
  } catch (const Poco::Exception&) {
    // the server closed its side after answering
  }
  std::string answer = readAll(s);
  BOOST_TEST(statusOf(answer) == 413, "after " << sent << " bytes: " << answer.substr(0, 200));
  // The server stops reading at the limit and closes: the client cannot push the whole 24 MB.
  BOOST_TEST(sent < 8u * kMaxBody, "the server took " << sent << " bytes without answering");
  servesNormalClients("after-chunked-413");
}

BOOST_AUTO_TEST_CASE(deeply_nested_json_is_refused_unsigned_and_quarantined_signed) {
  const std::string open(100000, '[');
  const std::string balanced = open + std::string(100000, ']');
  BOOST_TEST(service.post("/webhooks/whatsapp", open).status == 401);
  for (const std::string* body : {&open, &balanced}) {
    HttpResult r = service.postSigned(*body);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    BOOST_TEST(r.json()["quarantined"] == true, r.body);
  }
  BOOST_TEST(service.metric("crmsync_quarantined_total{channel=\"whatsapp\"}") == 2);
  servesNormalClients("after-deep-json");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_refused_unsigned_and_quarantined_signed) {
  std::string body = textMessageBody("wamid.badutf8", "79161234567", "PLACEHOLDER");
  body.replace(body.find("PLACEHOLDER"), 11, "bad \xff\xfe\xc3\x28 bytes");
  BOOST_TEST(service.post("/webhooks/whatsapp", body).status == 401);
  HttpResult r = service.postSigned(body);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(r.json()["quarantined"] == true, r.body);
  auto [code, out] = runCrmsync({"quarantine", "list", "--config", service.configPath()});
  BOOST_TEST(code == 0, out);
  BOOST_TEST(out.find("1 quarantined body") != std::string::npos, out);
  servesNormalClients("after-utf8");
}

BOOST_AUTO_TEST_CASE(slow_loris_headers_are_cut_off_with_408_while_others_are_served) {
  constexpr int kSlow = 5;  // the test config runs 8 server threads
  std::vector<Poco::Net::StreamSocket> slow;
  for (int i = 0; i < kSlow; ++i) slow.push_back(connect());
  std::atomic<bool> trickling{true};
  // One header byte every 100 ms per client: each read succeeds, only the total time gives them away.
  std::thread trickler([&] {
    const std::string text = headers("X-Padding: " + std::string(200, 'p') + "\r\n");
    for (std::size_t i = 0; i < text.size() && trickling; ++i) {
      for (auto& s : slow) {
        try {
          s.sendBytes(&text[i], 1);
        } catch (const Poco::Exception&) {
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the attack's pace, not a synchronisation
    }
  });
  auto started = Clock::now();
  for (int i = 0; i < 5; ++i) servesNormalClients("during-slow-headers-" + std::to_string(i));
  for (auto& s : slow) {
    std::string answer = readAll(s);
    BOOST_TEST(statusOf(answer) == 408, answer);
  }
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
  trickling = false;
  trickler.join();
  BOOST_TEST(took < 4000, "slow clients were cut off only after " << took << " ms (header_timeout_ms 1000)");
  BOOST_TEST(service.log().find("http.header_timeout_ms") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_trickled_body_is_cut_off_with_408) {
  Poco::Net::StreamSocket s = connect();
  std::string request = headers("Content-Length: 1000\r\nX-Hub-Signature-256: sha256=00\r\n");
  s.sendBytes(request.data(), static_cast<int>(request.size()));
  auto started = Clock::now();
  for (int i = 0; i < 1000 && !readable(s); ++i) {
    s.sendBytes("x", 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the attack's pace, not a synchronisation
  }
  std::string answer = readAll(s);
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
  BOOST_TEST(statusOf(answer) == 408, answer);
  BOOST_TEST(answer.find("http.body_timeout_ms") != std::string::npos, answer);
  BOOST_TEST(took < 3000, "cut off only after " << took << " ms (body_timeout_ms 1000)");
  servesNormalClients("after-slow-body");
}

BOOST_AUTO_TEST_CASE(http_limits_are_validated) {
  TempDir other;
  ServiceProcess bad(other, {{"http", {{"header_timeout_ms", 5}, {"max_queued", 0}}}});
  auto [code, out] = runCrmsync({"check-config", bad.configPath()});
  BOOST_TEST(code == 78, out);
  BOOST_TEST(out.find("http.header_timeout_ms") != std::string::npos, out);
  BOOST_TEST(out.find("http.max_queued") != std::string::npos, out);
}

BOOST_AUTO_TEST_SUITE_END()
