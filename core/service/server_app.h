#pragma once
// `crmsync serve`: the Poco ServerApplication shell. Runs in the foreground; `--daemon` on Unix;
// `/registerService`, `/unregisterService` on Windows (handled by Poco). SIGTERM/SIGINT (or the
// service manager's stop) end waitForTerminationRequest and the service shuts down cleanly.

#include <string>

#include <Poco/Util/ServerApplication.h>

#include "service/registry.h"

namespace crmsync {

class ServerApp final : public Poco::Util::ServerApplication {
 public:
  explicit ServerApp(const Registry& registry) : registry_(registry) {}

 protected:
  void defineOptions(Poco::Util::OptionSet& options) override;
  void handleOption(const std::string& name, const std::string& value) override;
  int main(const ArgVec& args) override;

 private:
  const Registry& registry_;
  std::string configPath_;
};

}  // namespace crmsync
