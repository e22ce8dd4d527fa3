#include "service/mapping_service.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "crmsync/config_error.h"
#include "service/line_diff.h"

namespace crmsync {

namespace {

std::string sha256(const std::string& text) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(text);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

std::optional<std::string> readText(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string joinErrors(const std::vector<mapping::MappingError>& errors) {
  std::string out;
  for (const auto& e : errors) out += (out.empty() ? "" : "; ") + e.toString();
  return out;
}

}  // namespace

MappingService::MappingService(Store& store, std::vector<Target> targets, Metrics& metrics, const Clock& clock)
    : store_(store), metrics_(metrics), clock_(clock) {
  for (auto& t : targets) states_.push_back(State{std::move(t), nullptr, 0, ""});
}

MappingService::~MappingService() { stopWatching(); }

void MappingService::load() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (State& state : states_) {
    if (auto latest = store_.latestMapping(state.target.connector)) {
      std::vector<mapping::MappingError> errors;
      state.document = mapping::MappingDocument::compile(latest->text, state.target.connector + " v" +
                                                         std::to_string(latest->version), errors, state.target.required);
      if (state.document) state.version = latest->version;
      else spdlog::error("mappings: stored {} v{} no longer compiles: {}", state.target.connector, latest->version, joinErrors(errors));
    }
    importFile(state, true);
    if (!state.document) {
      throw ConfigError("mappings.dir", "no valid mapping document for connector '" + state.target.connector + "' (" +
                                            state.target.file.string() + ")");
    }
    spdlog::info("mappings: {} v{} in force", state.target.connector, state.version);
  }
}

bool MappingService::importFile(State& state, bool atStart) {
  std::optional<std::string> text = readText(state.target.file);
  if (!text) return false;
  std::string hash = sha256(*text);
  if (hash == state.fileHash) return false;
  state.fileHash = hash;
  const std::string origin = "file:" + hash;
  if (store_.hasMappingOrigin(state.target.connector, origin)) return false;  // imported before
  SaveResult r = activate(state, *text, "file:" + state.target.file.string(), origin);
  if (!r.ok) {
    std::string why = joinErrors(r.errors);
    spdlog::error("mappings: {} not activated, {} stays in force: {}", state.target.file.string(),
                  state.document ? "v" + std::to_string(state.version) : std::string("nothing"), why);
    metrics_.counter("crmsync_mapping_reload_failures_total", "Mapping documents refused on load or reload").inc();
    store_.audit({clock_.nowMs(), "file:" + state.target.file.string(), "mapping.reload_failed", state.target.connector, why});
    return false;
  }
  if (!atStart) spdlog::info("mappings: {} changed on disk; v{} in force", state.target.file.string(), r.version);
  return true;
}

MappingService::SaveResult MappingService::activate(State& state, const std::string& text, const std::string& author,
                                                    const std::string& origin) {
  SaveResult result;
  auto document = mapping::MappingDocument::compile(text, state.target.file.filename().string(), result.errors,
                                                    state.target.required);
  if (!document) return result;
  if (document->connector() != state.target.connector) {
    result.errors.push_back({state.target.file.filename().string(), "/connector",
                             "is '" + document->connector() + "', expected '" + state.target.connector + "'", 0, 0});
    return result;
  }
  std::string previous;
  if (auto latest = store_.latestMapping(state.target.connector)) previous = latest->text;
  MappingVersion v{state.target.connector, 0, author, origin, clock_.nowMs(), text, previous.empty() ? "" : lineDiff(previous, text)};
  result.version = store_.addMappingVersion(v);
  std::string action = origin.rfind("rollback", 0) == 0 ? "mapping.rollback" : origin == "api" ? "mapping.save" : "mapping.reload";
  store_.audit({v.createdAtMs, author, action, state.target.connector, "v" + std::to_string(result.version) + " (" + origin + ")"});
  state.document = std::move(document);
  state.version = result.version;
  result.ok = true;
  metrics_.counter("crmsync_mapping_activations_total", "Mapping document versions activated").inc();
  return result;
}

std::shared_ptr<const mapping::MappingDocument> MappingService::active(const std::string& connector) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const State* s = find(connector);
  return s ? s->document : nullptr;
}

int MappingService::activeVersion(const std::string& connector) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const State* s = find(connector);
  return s ? s->version : 0;
}

std::vector<std::string> MappingService::connectors() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> out;
  for (const auto& s : states_) out.push_back(s.target.connector);
  return out;
}

bool MappingService::knows(const std::string& connector) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return find(connector) != nullptr;
}

std::shared_ptr<const mapping::MappingDocument> MappingService::compile(const std::string& connector, const std::string& text,
                                                                        std::vector<mapping::MappingError>& errors) const {
  std::map<std::string, std::vector<std::string>> required;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (const State* s = find(connector)) required = s->target.required;
  }
  auto document = mapping::MappingDocument::compile(text, connector + ".json", errors, required);
  if (document && document->connector() != connector) {
    errors.push_back({connector + ".json", "/connector", "is '" + document->connector() + "', expected '" + connector + "'", 0, 0});
    return nullptr;
  }
  return document;
}

std::vector<mapping::MappingError> MappingService::validate(const std::string& connector, const std::string& text) const {
  std::vector<mapping::MappingError> errors;
  compile(connector, text, errors);
  return errors;
}

MappingService::SaveResult MappingService::save(const std::string& connector, const std::string& text, const std::string& author) {
  std::lock_guard<std::mutex> lock(mutex_);
  State* s = find(connector);
  if (!s) return {false, 0, {{connector, "", "unknown connector '" + connector + "'", 0, 0}}};
  return activate(*s, text, author, "api");
}

MappingService::SaveResult MappingService::rollback(const std::string& connector, int version, const std::string& author) {
  std::optional<MappingVersion> old = store_.mappingVersion(connector, version);
  if (!old) return {false, 0, {{connector, "", "no version " + std::to_string(version) + " of '" + connector + "'", 0, 0}}};
  std::lock_guard<std::mutex> lock(mutex_);
  State* s = find(connector);
  if (!s) return {false, 0, {{connector, "", "unknown connector '" + connector + "'", 0, 0}}};
  return activate(*s, old->text, author, "rollback:" + std::to_string(version));
}

int MappingService::checkFiles() {
  std::lock_guard<std::mutex> lock(mutex_);
  int activated = 0;
  for (State& state : states_) activated += importFile(state, false) ? 1 : 0;
  return activated;
}

void MappingService::startWatching(std::chrono::milliseconds every) {
  std::lock_guard<std::mutex> lock(watchMutex_);
  if (watching_ || every.count() <= 0) return;
  watching_ = true;
  watcher_ = std::thread([this, every] {
    std::unique_lock<std::mutex> wait(watchMutex_);
    while (!watchWake_.wait_for(wait, every, [this] { return !watching_; })) {
      wait.unlock();
      try {
        checkFiles();
      } catch (const std::exception& e) {
        spdlog::error("mappings: reload check failed: {}", e.what());
      }
      wait.lock();
    }
  });
}

void MappingService::stopWatching() {
  {
    std::lock_guard<std::mutex> lock(watchMutex_);
    if (!watching_) return;
    watching_ = false;
  }
  watchWake_.notify_all();
  watcher_.join();
}

MappingService::State* MappingService::find(const std::string& connector) {
  for (auto& s : states_) {
    if (s.target.connector == connector) return &s;
  }
  return nullptr;
}

const MappingService::State* MappingService::find(const std::string& connector) const {
  for (const auto& s : states_) {
    if (s.target.connector == connector) return &s;
  }
  return nullptr;
}

}  // namespace crmsync
