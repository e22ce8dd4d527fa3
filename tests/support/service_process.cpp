#include "support/service_process.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <csignal>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace crmsync::test {

namespace fs = std::filesystem;
using nlohmann::json;

bool waitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return done();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

namespace {

int spawnWithOutput(const std::vector<std::string>& args, const std::string& outputFile) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outputFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  // The child gets stdin/stdout/stderr only: an inherited listening socket of an in-test server would
  // keep that port accepting after the test closed it.
  posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + args[0] + ": " + std::strerror(rc));
  return pid;
}

int waitExit(int pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

void mergeInto(json& base, const json& overrides) {
  for (auto it = overrides.begin(); it != overrides.end(); ++it) {
    if (it->is_object() && base.contains(it.key()) && base[it.key()].is_object()) mergeInto(base[it.key()], *it);
    else base[it.key()] = *it;
  }
}

HttpResult request(int port, const std::string& method, const std::string& path, const std::string& body,
                   const std::map<std::string, std::string>& headers) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [k, v] : headers) req.set(k, v);
  if (method == "POST" || method == "PUT") {
    req.setContentLength64(static_cast<Poco::Int64>(body.size()));
    if (!req.has("Content-Type")) req.setContentType("application/json");
    session.sendRequest(req) << body;
  } else {
    session.sendRequest(req);
  }
  Poco::Net::HTTPResponse resp;
  std::istream& in = session.receiveResponse(resp);
  HttpResult out;
  out.status = static_cast<int>(resp.getStatus());
  Poco::StreamCopier::copyToString(in, out.body);
  return out;
}

}  // namespace

std::pair<int, std::string> runCrmsync(const std::vector<std::string>& args) {
  TempDir tmp;
  std::string out = (tmp.path() / "out.txt").string();
  std::vector<std::string> argv{CRMSYNC_BINARY_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  int code = waitExit(spawnWithOutput(argv, out));
  return {code, readFile(out)};
}

ServiceProcess::ServiceProcess(const TempDir& dir, const json& overrides) : dir_(dir) {
  json config = {
      {"http", {{"listen", "127.0.0.1:0"}, {"port_file", "crmsync.port"}, {"threads", 8}}},
      {"store", {{"path", "store.db"}}},
      {"admin", {{"token", kAdminToken}}},
      {"channels", {{"whatsapp", {{"app_secret", kAppSecret}, {"verify_token", kVerifyToken}}}}},
      {"crm", {{"connector", "local"}, {"create_unknown", "contact"}, {"local", {{"path", "crm.db"}}}}},
      {"phone", {{"default_region", "RU"}}},
      {"sync", {{"workers", 2}, {"backoff_initial_ms", 50}, {"backoff_max_ms", 500}}},
      {"log", {{"level", "debug"}, {"file", "crmsync.log"}}},
      {"mappings", {{"dir", (sourceDir() / "mappings").string()}, {"reload_ms", 100}}},
  };
  mergeInto(config, overrides);
  configPath_ = (dir_.path() / "crmsync.json").string();
  logPath_ = (dir_.path() / "stdout.log").string();
  portPath_ = (dir_.path() / "crmsync.port").string();
  writeFile(configPath_, config.dump(2));
}

ServiceProcess::~ServiceProcess() {
  if (pid_ > 0) kill9();
}

void ServiceProcess::start() {
  fs::remove(portPath_);
  pid_ = spawnWithOutput({CRMSYNC_BINARY_PATH, "serve", "--config", configPath_}, logPath_);
  bool listening = waitUntil([&] { return fs::exists(portPath_) || !running(); });
  if (!listening || !fs::exists(portPath_)) {
    std::string why = running() ? "did not listen within 30 s" : "exited";
    if (running()) kill9();
    throw std::runtime_error("crmsync " + why + "; its output:\n" + log());
  }
  port_ = std::stoi(readFile(portPath_));
}

bool ServiceProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  int rc = waitpid(pid_, &status, WNOHANG);
  if (rc == pid_) {
    pid_ = 0;
    return false;
  }
  return true;
}

void ServiceProcess::kill9() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  waitExit(pid_);
  pid_ = 0;
}

int ServiceProcess::terminate() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int code = waitExit(pid_);
  pid_ = 0;
  return code;
}

std::string ServiceProcess::storePath() const { return (dir_.path() / "store.db").string(); }
std::string ServiceProcess::crmPath() const { return (dir_.path() / "crm.db").string(); }
std::string ServiceProcess::log() const { return fs::exists(logPath_) ? readFile(logPath_) : std::string(); }

HttpResult ServiceProcess::get(const std::string& path, bool auth) const {
  std::map<std::string, std::string> headers;
  if (auth) headers["Authorization"] = std::string("Bearer ") + kAdminToken;
  return request(port_, "GET", path, "", headers);
}

HttpResult ServiceProcess::post(const std::string& path, const std::string& body,
                                const std::map<std::string, std::string>& headers) const {
  return request(port_, "POST", path, body, headers);
}

HttpResult ServiceProcess::send(const std::string& method, const std::string& path, const json& body) const {
  return request(port_, method, path, body.dump(), {{"Authorization", std::string("Bearer ") + kAdminToken}});
}

HttpResult ServiceProcess::postSigned(const std::string& body) const {
  return post("/webhooks/whatsapp", body, {{"X-Hub-Signature-256", metaSignature(body, kAppSecret)}});
}

double ServiceProcess::metric(const std::string& sample) const {
  std::istringstream lines(get("/metrics").body);
  for (std::string line; std::getline(lines, line);) {
    if (line.size() > sample.size() && line.compare(0, sample.size(), sample) == 0 && line[sample.size()] == ' ') {
      return std::stod(line.substr(sample.size() + 1));
    }
  }
  return 0;
}

}  // namespace crmsync::test
