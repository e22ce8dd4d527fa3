#pragma once
// A fake Bitrix24 portal for tests: Poco HTTPServer on 127.0.0.1, port 0, speaking the REST API of an
// inbound webhook (POST /rest/<user>/<code>/<method>[.json], JSON or form bodies, `batch` of up to 50
// "method?query" sub-calls) for the methods in fake_bitrix24_crm.h, with Bitrix24's answers:
//   - {"result":…,"time":{…}} on success; {"error":"…","error_description":"…"} with the real statuses on
//     failure (wrong webhook code 401 INVALID_CREDENTIALS, no webhook 401 NO_AUTH_FOUND, unknown method 404
//     ERROR_METHOD_NOT_FOUND, more than 50 sub-calls 400 ERROR_BATCH_LENGTH_EXCEEDED, nested batch refused);
//   - phones stored exactly as entered and searched the way Bitrix24 does (NormalizePhone on both sides);
//   - its leaky bucket (2 requests/s drained, blocking above 50), enforced on every request: over it,
//     503 QUERY_LIMIT_EXCEEDED (no Retry-After) and limitViolations() counts it.
// Fault injection: failNext (an error answer in Bitrix24's shape) and timeoutAfterCommitNext (the next
// request that changes data is carried out, then answered only after the delay, past the client's timeout).
// Thread-safe: every member may be called from any thread while the server runs.

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace Poco::Net {
class HTTPServer;
}

namespace crmsync::fakes::bitrix24 {

class FakeBitrix24 {
 public:
  // The webhook is /rest/<userId>/<code>/. Starts listening at once.
  explicit FakeBitrix24(std::string userId = "1", std::string code = "fakewebhookcode0");
  ~FakeBitrix24();
  FakeBitrix24(const FakeBitrix24&) = delete;
  FakeBitrix24& operator=(const FakeBitrix24&) = delete;

  int port() const;
  std::string baseUrl() const;      // http://127.0.0.1:<port>
  std::string webhookPath() const;  // /rest/<user>/<code>

  // Seeding, as a user would type it.
  std::string seedContact(const std::string& name, const std::vector<std::string>& phonesAsTyped);
  // `open` deals in progress and `closed` won/lost ones with CONTACT_ID = contactId.
  void seedDeals(const std::string& contactId, int open, int closed);

  int contactCount();
  int leadCount();
  int activityCountWithOrigin(const std::string& originId);
  std::vector<nlohmann::json> activities();  // as crm.activity.get shows them
  std::vector<nlohmann::json> contacts();
  std::vector<nlohmann::json> leads();  // as crm.lead.get shows them

  void failNext(int status, const std::string& description, int times = 1,
                std::optional<int> retryAfterSeconds = std::nullopt);
  void timeoutAfterCommitNext(int times = 1, int delayMs = 1500);

  int limitViolations();
  std::vector<std::int64_t> requestTimesMs();  // steady clock, in arrival order
  static int pageSize() { return 50; }

  struct State;

 private:
  std::shared_ptr<State> state_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace crmsync::fakes::bitrix24
