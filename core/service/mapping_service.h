#pragma once
// The mapping documents in force, one per connector, with their history.
// - On start, the newest stored version is in force; a file in mappings.dir whose content was never
//   imported (new install, or edited while crmsync was down) is imported as a new version if valid.
// - Hot reload: checkFiles() (called by a watcher thread every mappings.reload_ms) imports a changed file;
//   an invalid one is refused with every error logged and audited, and the last good version stays.
// - save() / rollback() (API) validate, store a new version with author, time and diff, and activate it.
// The next event uses the new document; no restart. Thread-safe: active() from any thread.

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "crmsync/clock.h"
#include "crmsync/mapping.h"
#include "crmsync/store.h"
#include "service/metrics.h"

namespace crmsync {

class MappingService {
 public:
  struct Target {
    std::string connector;
    std::filesystem::path file;  // mappings.dir/<connector>.json (may not exist)
    std::map<std::string, std::vector<std::string>> required;
  };
  struct SaveResult {
    bool ok = false;
    int version = 0;
    std::vector<mapping::MappingError> errors;
  };

  MappingService(Store& store, std::vector<Target> targets, Metrics& metrics, const Clock& clock);
  ~MappingService();

  // Activates the newest valid document of every target (importing files as described above). Throws
  // ConfigError("mappings.dir", ...) when a target has neither a stored version nor a valid file.
  void load();
  void startWatching(std::chrono::milliseconds every);
  void stopWatching();

  // The document in force for `connector`, or nullptr if it has none.
  std::shared_ptr<const mapping::MappingDocument> active(const std::string& connector) const;
  int activeVersion(const std::string& connector) const;
  std::vector<std::string> connectors() const;
  bool knows(const std::string& connector) const;

  std::vector<mapping::MappingError> validate(const std::string& connector, const std::string& text) const;
  std::shared_ptr<const mapping::MappingDocument> compile(const std::string& connector, const std::string& text,
                                                          std::vector<mapping::MappingError>& errors) const;
  SaveResult save(const std::string& connector, const std::string& text, const std::string& author);
  SaveResult rollback(const std::string& connector, int version, const std::string& author);
  // Imports changed files now. Returns how many new versions were activated.
  int checkFiles();

 private:
  struct State {
    Target target;
    std::shared_ptr<const mapping::MappingDocument> document;
    int version = 0;
    std::string fileHash;  // content hash of the file as last seen
  };
  SaveResult activate(State& state, const std::string& text, const std::string& author, const std::string& origin);
  bool importFile(State& state, bool atStart);
  State* find(const std::string& connector);
  const State* find(const std::string& connector) const;

  Store& store_;
  Metrics& metrics_;
  const Clock& clock_;
  mutable std::mutex mutex_;
  std::vector<State> states_;
  std::mutex watchMutex_;
  std::condition_variable watchWake_;
  bool watching_ = false;
  std::thread watcher_;
};

}  // namespace crmsync
