#pragma once
// POST/GET /webhooks/<channel>: the ingest stage. Verifies the signature over the raw bytes, parses
// (pure), normalises identifiers, and answers 200 only after the body and its events are committed.
// No CRM call on this path. A signed body that cannot be parsed is quarantined and still answered 200
// (otherwise the provider redelivers it for days). Safe from every server thread.
//
// Hostile input: a body over maxBodyBytes is answered 413 (by its Content-Length, before it is read; a
// chunked one as soon as it grows past the limit), a body not complete within bodyTimeout 408; both
// close the connection, since the rest of the body was not read. Any body, however deeply nested or
// badly encoded, is only parsed after its signature checks out; a signed one that does not parse goes
// to quarantine (200). A store failure (e.g. the disk is full) is answered 503 with Retry-After.

#include <chrono>
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
                 std::size_t maxBodyBytes, const Clock& clock,
                 std::chrono::milliseconds bodyTimeout = std::chrono::milliseconds(0));

  void handleGet(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
  void handlePost(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);

 private:
  InboxRequest toInboxRequest(std::string body);
  void count(const InboxReceipt& receipt, std::size_t ignored, const std::string& parseError);
  void reject(Poco::Net::HTTPServerResponse& response, int status, const std::string& reason,
              const std::string& message);

  const Channel& channel_;
  IngestCommitter& committer_;
  Metrics& metrics_;
  std::string defaultRegion_;
  std::size_t maxBodyBytes_;
  const Clock& clock_;
  std::chrono::milliseconds bodyTimeout_;
};

}  // namespace crmsync::http
