#pragma once
// POST/GET /webhooks/<channel>: the ingest stage. Verifies the signature over the raw bytes, parses
// (pure), normalises identifiers, and answers 200 only after the body and its events are committed.
// No CRM call on this path. A signed body that cannot be parsed is quarantined and still answered 200
// (otherwise the provider redelivers it for days). Safe from every server thread.

#include <string>

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include "crmsync/channel.h"
#include "crmsync/clock.h"
#include "pipeline/ingest_committer.h"
#include "service/metrics.h"

namespace crmsync::http {

class WebhookHandler {
 public:
  WebhookHandler(const Channel& channel, IngestCommitter& committer, Metrics& metrics, std::string defaultRegion,
                 std::size_t maxBodyBytes, const Clock& clock);

  void handleGet(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
  void handlePost(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);

 private:
  InboxRequest toInboxRequest(std::string body);
  void count(const InboxReceipt& receipt, std::size_t ignored, const std::string& parseError);

  const Channel& channel_;
  IngestCommitter& committer_;
  Metrics& metrics_;
  std::string defaultRegion_;
  std::size_t maxBodyBytes_;
  const Clock& clock_;
};

}  // namespace crmsync::http
