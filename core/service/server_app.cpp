#include "service/server_app.h"

#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "service/cli.h"
#include "service/config.h"
#include "service/logging.h"
#include "service/service.h"

namespace crmsync {

void ServerApp::defineOptions(Poco::Util::OptionSet& options) {
  ServerApplication::defineOptions(options);
  options.addOption(Poco::Util::Option("config", "c", "configuration file (JSON)")
                        .required(false)
                        .repeatable(false)
                        .argument("FILE"));
}

void ServerApp::handleOption(const std::string& name, const std::string& value) {
  ServerApplication::handleOption(name, value);
  if (name == "config") configPath_ = value;
}

int ServerApp::main(const ArgVec&) {
  if (configPath_.empty()) configPath_ = defaultConfigPath();
  Config config;
  try {
    config = loadConfig(configPath_);
    checkConnectorSection(config, registry_);
    setupLogging(config);
  } catch (const std::exception& e) {
    std::cerr << "crmsync: cannot start: " << e.what() << '\n';
    return kExitConfig;
  }
  Service service(config, registry_);
  try {
    service.start();
  } catch (const ConfigError& e) {
    spdlog::critical("cannot start: {}", e.what());
    spdlog::default_logger()->flush();
    return kExitConfig;
  } catch (const std::exception& e) {
    spdlog::critical("cannot start: {}", e.what());
    spdlog::default_logger()->flush();
    return kExitFailure;
  }
  waitForTerminationRequest();
  service.stop();
  return kExitOk;
}

}  // namespace crmsync
