#pragma once
// Inside the fake Bitrix24: one HTTP exchange as plain values, and the shared state every handler thread
// works on (the CRM, the leaky bucket, injected faults) behind one mutex.

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "fakes/bitrix24/fake_bitrix24.h"
#include "fakes/bitrix24/fake_bitrix24_crm.h"

namespace crmsync::fakes::bitrix24 {

struct Incoming {
  std::string path;   // /rest/1/code/crm.contact.list.json
  std::string query;  // raw query string
  std::string contentType;
  std::string body;
};

struct Answer {
  int status = 200;
  std::string body;
  std::map<std::string, std::string> headers;
  bool html = false;
  int delayMs = 0;  // hold the answer back this long (after the work is committed)
};

struct Failures {
  int status = 0;
  std::string description;
  int times = 0;
  std::optional<int> retryAfterSeconds;
};

struct FakeBitrix24::State {
  State(std::string user, std::string webhookCode)
      : userId(std::move(user)), code(std::move(webhookCode)), crm(userId) {}

  Answer handle(const Incoming& in);
  // Sleeps up to `ms`, or less when the fake shuts down.
  void waitOrStop(int ms);
  void stop();

  std::string userId;
  std::string code;
  int port = 0;

  std::mutex mutex;
  std::condition_variable stopped;
  bool stopping = false;
  FakeCrm crm;
  Failures failures;
  int timeouts = 0;
  int timeoutDelayMs = 1500;
  int violations = 0;
  std::vector<double> arrivals;
  double bucketLevel = 0;
  double bucketAtMs = 0;

 private:
  bool admit(double nowMs);
  Answer route(const Incoming& in, const std::string& method, bool& mutating);
  Answer single(const std::string& method, const nlohmann::json& params);
  Answer batch(const nlohmann::json& params, const Incoming& in, bool& mutating);
};

}  // namespace crmsync::fakes::bitrix24
