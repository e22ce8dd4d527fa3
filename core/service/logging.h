#pragma once
// spdlog set-up: console and a rotating file. Phone numbers and other client identifiers are masked in
// every message crmsync logs (see maskedId); secrets are never passed to the logger at all.

#include <filesystem>
#include <string>

#include "crmsync/model.h"

namespace crmsync {

struct Config;

// Installs the default logger. Throws ConfigError("log.file", ...) when the file cannot be opened.
void setupLogging(const Config& config);
// Console only, for CLI commands.
void setupConsoleLogging(const std::string& level);

// "phone:+7916*****67" / "whatsapp_bsuid:US.13*****18": enough to correlate, not enough to identify.
std::string maskedId(const Identifier& id);

}  // namespace crmsync
