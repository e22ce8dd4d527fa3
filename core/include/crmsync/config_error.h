#pragma once
// A configuration problem, thrown at start-up and by `check-config`. It names the key (dotted path,
// e.g. "crm.local.path") and the reason, so an operator can fix the file without reading code.

#include <stdexcept>
#include <string>

namespace crmsync {

class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string key, std::string reason)
      : std::runtime_error(key + ": " + reason), key_(std::move(key)), reason_(std::move(reason)) {}
  const std::string& key() const { return key_; }
  const std::string& reason() const { return reason_; }

 private:
  std::string key_;
  std::string reason_;
};

}  // namespace crmsync
