#pragma once
// Runs the real crmsync binary for end-to-end tests: writes a temporary config (port 0, files in a
// temp dir), starts `crmsync serve`, learns the bound port from http.port_file, and speaks HTTP to it.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace crmsync::test {

struct HttpResult {
  int status = 0;
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
};

constexpr const char* kAppSecret = "e2e-app-secret";
constexpr const char* kVerifyToken = "e2e-verify-token";
constexpr const char* kAdminToken = "e2e-admin-token-0123456789";

// Polls `done` until it returns true or `timeout` passes; returns its last answer. For waiting on
// another process's progress, where there is nothing to join.
bool waitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(30));

// Runs the crmsync binary with arguments and returns {exit code, stdout+stderr}.
std::pair<int, std::string> runCrmsync(const std::vector<std::string>& args);

class ServiceProcess {
 public:
  // `overrides` is merged into the default config (e.g. {{"crm", {{"create_unknown", "none"}}}}).
  explicit ServiceProcess(const TempDir& dir, const nlohmann::json& overrides = nlohmann::json::object());
  ~ServiceProcess();

  void start();      // throws with the log when the process exits or does not listen in time
  void kill9();      // SIGKILL, then reaps
  int terminate();   // SIGTERM, returns the exit code
  bool running();

  int port() const { return port_; }
  int pid() const { return pid_; }  // 0 when not running (the fault suite limits the child's resources)
  std::string configPath() const { return configPath_; }
  std::string storePath() const;
  std::string crmPath() const;
  std::string log() const;

  HttpResult get(const std::string& path, bool auth = true) const;
  HttpResult post(const std::string& path, const std::string& body,
                  const std::map<std::string, std::string>& headers = {}) const;
  // A JSON request with the admin token (PUT/POST to the API).
  HttpResult send(const std::string& method, const std::string& path, const nlohmann::json& body) const;
  // POST /webhooks/whatsapp signed with the test app secret.
  HttpResult postSigned(const std::string& body) const;

  // The value of a Prometheus sample line ("name" or "name{labels}"), 0 if absent.
  double metric(const std::string& sample) const;

 private:
  const TempDir& dir_;
  std::string configPath_;
  std::string logPath_;
  std::string portPath_;
  int pid_ = 0;
  int port_ = 0;
};

}  // namespace crmsync::test
