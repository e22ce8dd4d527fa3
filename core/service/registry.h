#pragma once
// Everything pluggable, registered explicitly by name in one place (connectors/register_all.cpp):
// CRM connector factories, channels, and connector-specific CLI commands. Duplicate names are refused;
// unknown names are configuration errors that list what is known. Filled before start; read-only after.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "crmsync/channel.h"
#include "crmsync/crm_connector.h"

namespace crmsync {

struct Config;

using ChannelBuilder = std::function<std::unique_ptr<Channel>(const Config&)>;
// A subcommand such as `crmsync local import-contacts FILE`: args after the command name.
using CommandFn = std::function<int(const std::vector<std::string>& args, const Config& config)>;

class Registry {
 public:
  void addConnector(std::unique_ptr<CrmConnectorFactory> factory);
  void addChannel(const std::string& name, ChannelBuilder builder);
  void addCommand(const std::string& name, const std::string& usage, CommandFn fn);

  // Throws ConfigError("crm.connector", "unknown connector 'x' (known: local, ...)").
  const CrmConnectorFactory& connector(const std::string& name) const;
  std::vector<std::string> connectorNames() const;
  const std::map<std::string, ChannelBuilder>& channels() const { return channels_; }
  const CommandFn* command(const std::string& name) const;
  std::vector<std::string> commandUsages() const;

 private:
  std::map<std::string, std::unique_ptr<CrmConnectorFactory>> connectors_;
  std::map<std::string, ChannelBuilder> channels_;
  std::map<std::string, std::pair<std::string, CommandFn>> commands_;
};

}  // namespace crmsync
