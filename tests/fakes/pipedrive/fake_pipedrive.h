#pragma once
// A fake Pipedrive on 127.0.0.1 (port 0) for the contract, unit and end-to-end tests: Poco HTTPServer in
// front of FakePipedriveCrm (fake_pipedrive_crm.h: the API's paths, shapes, errors, search semantics).
//
// Like the real API it
// - authenticates every request by the x-api-token header (missing or wrong: 401 "unauthorized access");
// - enforces the burst limits of the lowest plan per token over a rolling 2 s window: 20 requests, and 10
//   for the search endpoint. A request over a limit is refused with 429 and
//   {"success":false,"error":"Request over limit",…} plus x-ratelimit-limit/-remaining/-reset headers, and
//   counted in limitViolations(). Only answered requests fill the window. The window is judged by arrival
//   time with `jitterAllowanceMs` of slack, because a request's arrival here trails the client's send by
//   scheduling noise that the real API's edge would see as well;
// - answers every response with x-ratelimit-* headers.
// Fault injection: failNext (an error answer in Pipedrive's envelope, optionally with Retry-After) applies
// to the next requests of any kind; timeoutAfterCommitNext lets the next request that changes something
// (POST, PUT, PATCH, DELETE: a GET commits nothing) be carried out, then holds its answer for
// `commitHoldMs`, past the client's timeout.
// Thread-safe: every member may be called from any thread while the server runs.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "fakes/pipedrive/fake_pipedrive_crm.h"

namespace Poco::Net {
class HTTPServer;
class HTTPServerRequest;
class HTTPServerResponse;
}  // namespace Poco::Net

namespace crmsync::test::pipedrive {

class FakePipedrive {
 public:
  struct Options {
    std::string apiToken = "fake-pipedrive-token";
    int pageSize = 10;
    int burstLimit = 20;
    int searchLimit = 10;
    std::int64_t windowMs = 2000;
    std::int64_t jitterAllowanceMs = 100;
    std::int64_t commitHoldMs = 1500;
  };

  FakePipedrive();
  explicit FakePipedrive(Options options);
  ~FakePipedrive();
  FakePipedrive(const FakePipedrive&) = delete;
  FakePipedrive& operator=(const FakePipedrive&) = delete;

  void start();                 // binds 127.0.0.1:0 and serves; throws Poco::Exception when it cannot
  void stop();                  // releases held answers, then stops the server
  std::string baseUrl() const;  // "http://127.0.0.1:<port>"
  const std::string& apiToken() const { return options_.apiToken; }
  int pageSize() const { return options_.pageSize; }

  // Seeding, as a Pipedrive user would type it. Return the new record's id.
  std::string addPerson(const std::string& name, const std::vector<std::string>& phonesAsTyped);
  // `stageId` 1..5 ("Qualified" … "Negotiations Started"); `ageMs` back-dates update_time.
  std::string addDeal(const std::string& personId, const std::string& title, int stageId, const std::string& status,
                      double value, std::int64_t ageMs = 0);

  int personCount();
  std::vector<std::string> personIds();
  std::optional<nlohmann::json> person(const std::string& id);  // as GET /api/v2/persons/{id} shows it
  int notesContaining(const std::string& text);
  std::vector<std::string> noteContents(const std::string& personId);
  int fieldsNamed(const std::string& name);
  nlohmann::json leads();  // every lead as GET /api/v1/leads shows it, in creation order

  void failNext(int status, const std::string& message, int times = 1,
                std::optional<int> retryAfterSeconds = std::nullopt);
  void timeoutAfterCommitNext(int times = 1);
  // The next `times` successful POST /api/v1/leads are committed, then their answer is held back.
  void timeoutAfterLeadCreateNext(int times = 1);

  int limitViolations();
  std::vector<std::int64_t> requestTimesMs();  // steady clock, arrival order
  std::vector<std::string> requestLog();       // "METHOD /path?query", arrival order (headers never logged)

  // Serves one request (called by the server's threads).
  void serve(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);

 private:
  struct Fault {
    int status;
    std::string message;
    std::optional<int> retryAfterSeconds;
  };
  FakeReply answer(const FakeRequest& request, const std::string& token, std::int64_t arrivalMs, bool& hold);
  std::optional<FakeReply> overLimit(std::deque<std::int64_t>& window, int limit, std::int64_t arrivalMs);
  void addRateHeaders(FakeReply& reply, std::int64_t arrivalMs);

  Options options_;
  std::mutex mutex_;
  std::condition_variable released_;
  bool stopping_ = false;
  FakePipedriveCrm crm_;
  std::deque<Fault> faults_;
  int holds_ = 0;
  int leadHolds_ = 0;
  int violations_ = 0;
  std::deque<std::int64_t> window_;        // arrivals of answered requests
  std::deque<std::int64_t> searchWindow_;  // the same, search endpoint only
  std::vector<std::int64_t> times_;
  std::vector<std::string> log_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  int port_ = 0;
};

}  // namespace crmsync::test::pipedrive
