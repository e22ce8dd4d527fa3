#pragma once
// The crm.bitrix24 config section, checked without touching the network:
//   "webhook_url" (required, a secret): the inbound webhook, https://<portal>/rest/<user id>/<code>/
//   "base_url"    (optional): scheme://host[:port] to send to instead of the webhook's own (a proxy, a test
//                 server); the webhook's /rest/<user id>/<code> path is kept. Default: the webhook's host.
//   "timeout_ms"  (optional, 1..600000, default 30000): connect/read timeout per request.
//   "entity_types" (optional, default ["CONTACT"]): what find() searches, "CONTACT" and/or "LEAD".
// Problems throw ConfigError naming "crm.bitrix24.<key>"; the webhook URL's value is never part of a
// message (its path holds the code that is the secret).

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace crmsync::connectors::bitrix24 {

struct Bitrix24Config {
  std::string origin;       // scheme://host[:port] requests go to
  std::string webhookPath;  // /rest/<user id>/<code>  (secret)
  std::string userId;       // the webhook's user: the default responsible person of what crmsync writes
  int timeoutMs = 30000;
  std::vector<std::string> entityTypes{"CONTACT"};

  std::string baseUrl() const { return origin + webhookPath; }  // secret: never log it
};

// Throws ConfigError.
Bitrix24Config parseConfig(const nlohmann::json& section);

}  // namespace crmsync::connectors::bitrix24
