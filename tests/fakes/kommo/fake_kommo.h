#pragma once
// A fake Kommo (amoCRM) account speaking the part of Kommo's REST API v4 crmsync uses, on 127.0.0.1
// port 0: the real paths, HAL JSON shapes, 204 for empty lists, application/problem+json errors with
// validation-errors, page/limit pagination (limit ≤ 250), Bearer auth (401 without it), and Kommo's rate
// limit of 7 requests per second, answered as Kommo does when exceeded (429 with a body that is not JSON;
// a client that keeps going is blocked with 403 for a while, ❓).
//
// Search (GET /api/v4/contacts?query=) is a case-insensitive substring search over the contact's name and
// every custom field value, exactly as stored. For PHONE values, a query that looks like a phone number
// (only digits, spaces and "+-().", at least 5 digits) also matches when its digits are a substring of
// the stored value's digits: the assumption documented in docs/connectors/kommo.md (❓ in crm-contracts
// §4.2). So "9161234567" finds "+7 (916) 123-45-67", while "+79161234567" does not find "8 916 123 45 67".
//
// Paths: /api/v4/account; /api/v4/contacts (GET, POST), /api/v4/contacts/{id} (GET, PATCH);
// /api/v4/contacts/custom_fields (GET, POST); /api/v4/contacts/notes (GET, POST, PATCH; `common` notes);
// /api/v4/leads (GET), /api/v4/leads/complex (POST: leads with one new contact and tags, validated all
// or nothing, pipeline and status must exist), /api/v4/leads/pipelines (GET). Anything else: 404
// problem+json.
//
// Thread-safe: seeding, inspection and fault injection may run while the server answers requests.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace crmsync::test::kommo {

struct FakeKommoOptions {
  std::string token = "kommo-long-lived-test-token";
  // Largest page the fake returns (Kommo: 250). Tests lower it so lists paginate with few records.
  int pageCap = 250;
  // timeoutAfterCommitNext: how long the committed answer is held back (longer than the client's timeout).
  int answerDelayMs = 1500;
  // Kommo's limit: at most `requestsPerSecond` in any second. The fake measures at arrival and allows
  // `jitterMs` for the time between a client's budget check and the request reaching it.
  int requestsPerSecond = 7;
  int jitterMs = 50;
  // Repeated violations: this many within 60 s blocks every request with 403 for `blockMs`.
  int violationsBeforeBlock = 10;
  int blockMs = 5000;
};

struct FakeNote {
  std::string id;
  std::string entityId;
  std::string noteType;
  std::string text;
  std::int64_t createdAt = 0;
  std::int64_t updatedAt = 0;
};

class FakeKommo {
 public:
  explicit FakeKommo(FakeKommoOptions options = {});
  ~FakeKommo();
  FakeKommo(const FakeKommo&) = delete;
  FakeKommo& operator=(const FakeKommo&) = delete;

  void start();  // binds 127.0.0.1:0 and serves until stop() or destruction
  void stop();
  std::string baseUrl() const;  // "http://127.0.0.1:<port>"
  const std::string& token() const;
  int pageCap() const;

  // Seeding, as a Kommo user types it: phones stored exactly as given (PHONE, enum WORK).
  std::string addContact(const std::string& name, const std::vector<std::string>& phones,
                         std::int64_t responsibleUserId = 0);
  // A lead linked to the contact; statusId 142 = won, 143 = lost, others are open stages of the main
  // pipeline (openStatuses()).
  std::string addLead(const std::string& contactId, const std::string& name, std::int64_t statusId, std::int64_t price,
                      std::int64_t responsibleUserId);
  static std::vector<std::int64_t> openStatuses();

  // What the account holds.
  int contactCount();
  std::optional<nlohmann::json> contact(const std::string& id);  // as GET /api/v4/contacts/{id} answers
  std::vector<FakeNote> notes();
  std::vector<std::string> customFieldCodes();
  // Every lead as GET /api/v4/leads shows it, plus "contact_ids" (the contacts linked to it).
  std::vector<nlohmann::json> leads();

  // Fault injection. failNext: the next `times` requests get `status` with Kommo's problem+json body
  // carrying `message` (and Retry-After when given). timeoutAfterCommitNext: the next `times` requests
  // that change data (POST/PATCH) are carried out, then answered only after answerDelayMs.
  void failNext(int status, const std::string& message, int times = 1, std::optional<int> retryAfterSeconds = std::nullopt);
  void timeoutAfterCommitNext(int times = 1);
  // The next `times` successful POST /api/v4/leads/complex are carried out, then answered late.
  void timeoutAfterComplexCreateNext(int times = 1);

  // Requests the fake refused for exceeding Kommo's limits (429, and 403 while blocked).
  int limitViolations();
  // Arrival times (steady clock, ms) of every request, in order, and "METHOD target" of each.
  std::vector<std::int64_t> requestTimesMs();
  std::vector<std::string> requestLog();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace crmsync::test::kommo
