#include "register_all.h"

#include <iostream>

#include "channels/whatsapp_cloud/whatsapp_channel.h"
#include "crm/local/csv_import.h"
#include "crm/bitrix24/bitrix24_factory.h"
#include "crm/hubspot/hubspot_connector.h"
#include "crm/hubspot/hubspot_properties.h"
#include "crm/kommo/kommo_connector.h"
#include "crm/local/local_connector.h"
#include "crm/pipedrive/pipedrive_connector.h"
#include "http/budgeted_http_client.h"
#include "service/config.h"

namespace crmsync {

namespace {

int localCommand(const std::vector<std::string>& args, const Config& config) {
  if (args.size() != 2 || args[0] != "import-contacts") {
    std::cerr << "usage: crmsync local import-contacts FILE.csv [--config FILE]\n";
    return 2;
  }
  if (config.crmConnector != "local") {
    std::cerr << "crmsync local: crm.connector is '" << config.crmConnector << "', not 'local'\n";
    return 78;
  }
  connectors::local::LocalConnectorFactory factory;
  static SystemClock clock;
  ConnectorEnvironment env{config.defaultRegion, config.file.parent_path().string(), &clock,
                           makeHttpClientFactory(clock, nullptr, config.crmConnector)};
  auto connector = factory.create(config.crmSection, env);
  auto& local = dynamic_cast<connectors::local::LocalConnector&>(*connector);
  auto report = connectors::local::importContactsCsv(local, args[1]);
  for (const auto& error : report.errors) std::cerr << error << '\n';
  std::cout << "imported " << report.contactsImported << " contact(s) and " << report.dealsImported
            << " deal(s), skipped " << report.rowsSkipped << " row(s)\n";
  return report.errors.empty() ? 0 : 1;
}

int hubspotCommand(const std::vector<std::string>& args, const Config& config) {
  if (args.size() != 1 || args[0] != "create-properties") {
    std::cerr << "usage: crmsync hubspot create-properties [--config FILE]\n";
    return 2;
  }
  if (config.crmConnector != "hubspot") {
    std::cerr << "crmsync hubspot: crm.connector is '" << config.crmConnector << "', not 'hubspot'\n";
    return 78;
  }
  static SystemClock clock;
  ConnectorEnvironment env{config.defaultRegion, config.file.parent_path().string(), &clock,
                           makeHttpClientFactory(clock, nullptr, config.crmConnector)};
  return connectors::hubspot::runCreateProperties(config.crmSection, env, std::cout);
}

}  // namespace

void registerAll(Registry& registry) {
  registry.addConnector(std::make_unique<connectors::local::LocalConnectorFactory>());
  registry.addConnector(std::make_unique<connectors::hubspot::HubspotConnectorFactory>());
  registry.addConnector(std::make_unique<connectors::bitrix24::Bitrix24ConnectorFactory>());
  registry.addConnector(std::make_unique<connectors::kommo::KommoConnectorFactory>());
  registry.addConnector(std::make_unique<connectors::pipedrive::PipedriveConnectorFactory>());
  registry.addChannel("whatsapp", [](const Config& config) -> std::unique_ptr<Channel> {
    return std::make_unique<channels::whatsapp::WhatsappChannel>(config.whatsappAppSecret, config.whatsappVerifyToken);
  });
  registry.addCommand("local", "local import-contacts FILE.csv [--config FILE]\n"
                               "                                      seed the embedded CRM from a CSV file",
                      localCommand);
  registry.addCommand("hubspot", "hubspot create-properties [--config FILE]\n"
                                 "                                      create the HubSpot custom properties crmsync needs",
                      hubspotCommand);
}

}  // namespace crmsync
