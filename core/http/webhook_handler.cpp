#include "http/webhook_handler.h"

#include <chrono>

#include <spdlog/spdlog.h>

#include "crmsync/phone.h"
#include "http/http_util.h"

namespace crmsync::http {

WebhookHandler::WebhookHandler(const Channel& channel, IngestCommitter& committer, Metrics& metrics,
                               std::string defaultRegion, std::size_t maxBodyBytes, const Clock& clock,
                               std::chrono::milliseconds bodyTimeout)
    : channel_(channel),
      committer_(committer),
      metrics_(metrics),
      defaultRegion_(std::move(defaultRegion)),
      maxBodyBytes_(maxBodyBytes),
      clock_(clock),
      bodyTimeout_(bodyTimeout) {}

void WebhookHandler::handleGet(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
  HandshakeAnswer answer = channel_.handshake(toInbound(request, {}));
  if (answer.status != 200) spdlog::warn("webhook {}: subscription handshake refused", channel_.name());
  sendText(response, answer.status, answer.body);
}

void WebhookHandler::handlePost(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
  const std::string label = "channel=\"" + channel_.name() + "\"";
  auto started = std::chrono::steady_clock::now();
  BodyRead read = readBodyWithin(request, maxBodyBytes_, bodyTimeout_);
  if (read.status == BodyRead::Status::kTooLarge) {
    reject(response, 413, "too_large", "body larger than http.max_body_bytes (" + std::to_string(maxBodyBytes_) + ")");
    return;
  }
  if (read.status == BodyRead::Status::kTimedOut) {
    spdlog::warn("webhook {}: body from {} not complete within http.body_timeout_ms ({} ms); connection closed",
                 channel_.name(), request.clientAddress().host().toString(), bodyTimeout_.count());
    reject(response, 408, "timeout", "body not received within http.body_timeout_ms (" +
                                          std::to_string(bodyTimeout_.count()) + " ms)");
    return;
  }
  // The body (up to 3 MB) is moved, never copied: into the request to verify, then into the inbox row.
  InboundRequest inbound = toInbound(request, std::move(read.body));
  VerifyResult verified = channel_.verify(inbound);
  if (!verified.ok) {
    metrics_.counter("crmsync_webhooks_rejected_total", "Webhook requests refused", label + ",reason=\"signature\"").inc();
    spdlog::warn("webhook {}: refused from {}: {}", channel_.name(), request.clientAddress().host().toString(),
                 verified.reason);
    sendError(response, 401, "signature", verified.reason);
    return;
  }
  InboxRequest inbox = toInboxRequest(std::move(inbound.body));
  const std::size_t ignored = inbox.ignored.size();
  const std::string parseError = inbox.parseError;
  InboxReceipt receipt;
  try {
    receipt = committer_.submit(std::move(inbox));
  } catch (const std::exception& e) {
    // Not durable, so not acknowledged: the provider retries later.
    metrics_.counter("crmsync_webhooks_rejected_total", "Webhook requests refused", label + ",reason=\"store\"").inc();
    spdlog::error("webhook {}: could not store the body, answering 503: {}", channel_.name(), e.what());
    response.set("Retry-After", "30");
    sendError(response, 503, "store_unavailable", "the body could not be stored; retry later");
    return;
  }
  count(receipt, ignored, parseError);
  metrics_.observeSeconds("crmsync_stage_seconds", "ingest",
                          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  sendJson(response, 200, {{"accepted", receipt.accepted}, {"duplicates", receipt.duplicates},
                           {"quarantined", receipt.quarantined}});
}

InboxRequest WebhookHandler::toInboxRequest(std::string body) {
  InboxRequest inbox;
  inbox.channel = channel_.name();
  inbox.rawBody = std::move(body);
  inbox.receivedAtMs = clock_.nowMs();
  ParseResult parsed = channel_.parse(inbox.rawBody);
  if (!parsed.ok) {
    inbox.parseError = parsed.error;
    return inbox;
  }
  for (auto& event : parsed.events) phone::normaliseIdentifiers(event, defaultRegion_);
  inbox.events = std::move(parsed.events);
  inbox.ignored = std::move(parsed.ignored);
  return inbox;
}

// The unread rest of the body would be taken for the next request: answer, then close the connection.
void WebhookHandler::reject(Poco::Net::HTTPServerResponse& response, int status, const std::string& reason,
                            const std::string& message) {
  const std::string label = "channel=\"" + channel_.name() + "\",reason=\"" + reason + "\"";
  metrics_.counter("crmsync_webhooks_rejected_total", "Webhook requests refused", label).inc();
  response.setKeepAlive(false);
  sendError(response, status, reason, message);
}

void WebhookHandler::count(const InboxReceipt& receipt, std::size_t ignored, const std::string& parseError) {
  const std::string label = "channel=\"" + channel_.name() + "\"";
  metrics_.counter("crmsync_webhooks_received_total", "Signed webhook bodies stored", label).inc();
  if (receipt.quarantined) {
    metrics_.counter("crmsync_quarantined_total", "Signed bodies that could not be parsed, kept in quarantine", label).inc();
    spdlog::error("webhook {}: body {} quarantined: {}", channel_.name(), receipt.inboxId, parseError);
    return;
  }
  metrics_.counter("crmsync_events_parsed_total", "Events parsed from webhook bodies", label).inc(receipt.accepted + receipt.duplicates);
  metrics_.counter("crmsync_events_duplicate_total", "Redelivered events recognised and not processed again", label)
      .inc(receipt.duplicates);
  metrics_.counter("crmsync_ignored_changes_total", "Webhook changes crmsync does not sync (account, template, call updates)",
                   label).inc(static_cast<std::int64_t>(ignored));
}

}  // namespace crmsync::http
