#include "service/logging.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "crmsync/config_error.h"
#include "crmsync/phone.h"
#include "service/config.h"

namespace crmsync {

void setupLogging(const Config& config) {
  std::vector<spdlog::sink_ptr> sinks;
  sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  std::filesystem::path file = config.logFile;
  if (file.empty()) file = config.storePath.parent_path() / "crmsync.log";
  try {
    sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(file.string(), config.logMaxBytes,
                                                                           static_cast<std::size_t>(config.logMaxFiles)));
  } catch (const spdlog::spdlog_ex& e) {
    throw ConfigError("log.file", std::string("cannot open ") + file.string() + ": " + e.what());
  }
  auto logger = std::make_shared<spdlog::logger>("crmsync", sinks.begin(), sinks.end());
  logger->set_level(spdlog::level::from_str(config.logLevel));
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ [%t] %v");
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(2));
}

void setupConsoleLogging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("crmsync-cli");
  logger->set_level(spdlog::level::from_str(level));
  logger->set_pattern("%^%l%$: %v");
  spdlog::set_default_logger(logger);
}

std::string maskedId(const Identifier& id) {
  return toString(id.kind) + ":" + phone::mask(id.value);
}

}  // namespace crmsync
