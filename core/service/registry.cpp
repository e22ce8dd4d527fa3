#include "service/registry.h"

#include <stdexcept>

#include "crmsync/config_error.h"

namespace crmsync {

void Registry::addConnector(std::unique_ptr<CrmConnectorFactory> factory) {
  std::string name = factory->name();
  if (!connectors_.emplace(name, std::move(factory)).second) {
    throw std::logic_error("connector '" + name + "' registered twice");
  }
}

void Registry::addChannel(const std::string& name, ChannelBuilder builder) {
  if (!channels_.emplace(name, std::move(builder)).second) throw std::logic_error("channel '" + name + "' registered twice");
}

void Registry::addCommand(const std::string& name, const std::string& usage, CommandFn fn) {
  if (!commands_.emplace(name, std::make_pair(usage, std::move(fn))).second) {
    throw std::logic_error("command '" + name + "' registered twice");
  }
}

const CrmConnectorFactory& Registry::connector(const std::string& name) const {
  auto it = connectors_.find(name);
  if (it != connectors_.end()) return *it->second;
  std::string known;
  for (const auto& [n, f] : connectors_) known += (known.empty() ? "" : ", ") + n;
  throw ConfigError("crm.connector", "unknown connector '" + name + "' (known: " + known + ")");
}

std::vector<std::string> Registry::connectorNames() const {
  std::vector<std::string> out;
  for (const auto& [name, factory] : connectors_) out.push_back(name);
  return out;
}

const CommandFn* Registry::command(const std::string& name) const {
  auto it = commands_.find(name);
  return it == commands_.end() ? nullptr : &it->second.second;
}

std::vector<std::string> Registry::commandUsages() const {
  std::vector<std::string> out;
  for (const auto& [name, entry] : commands_) out.push_back(entry.first);
  return out;
}

}  // namespace crmsync
