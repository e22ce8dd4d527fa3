// SqliteStore::ingest: the webhook path. Group commit: a whole vector of requests is one transaction,
// so one fsync covers many webhooks.
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "crmsync/model_json.h"
#include "store/event_rows.h"
#include "store/sqlite_connections.h"
#include "store/sqlite_store.h"

namespace crmsync {

namespace {

// Everything about an event that can be computed without the database, done before taking the write
// lock so that concurrent webhooks serialise only on SQLite itself.
struct EncodedEvent {
  std::string dedupeKey;
  std::string providerId;
  std::string kind;
  std::string routeKey;
  std::uint32_t routeHash = 0;
  std::string json;
  std::int64_t occurredAt = 0;
};

struct EncodedRequest {
  std::vector<EncodedEvent> events;
  std::string ignoredJson;
};

// SQLite's own limit on one value (SQLITE_MAX_LENGTH); checked here because the bind takes an int.
constexpr std::size_t kMaxBodyBytes = 1'000'000'000;

EncodedRequest encode(const InboxRequest& request) {
  if (request.rawBody.size() > kMaxBodyBytes) {
    throw StoreError("ingest: body of " + std::to_string(request.rawBody.size()) + " bytes is too large");
  }
  EncodedRequest out;
  out.ignoredJson = nlohmann::json(request.ignored).dump();
  if (!request.parseError.empty()) return out;
  out.events.reserve(request.events.size());
  for (const Event& event : request.events) {
    EncodedEvent e;
    e.dedupeKey = event.dedupeKey();
    e.providerId = event.providerId;
    e.kind = toString(event.kind);
    e.routeKey = store_detail::routeKeyOf(event);
    e.routeHash = store_detail::fnv1a32(e.routeKey);
    // Invalid UTF-8 (which a channel should never produce) becomes U+FFFD rather than failing the whole
    // batch; the raw body in the inbox keeps the original bytes.
    e.json = nlohmann::json(event).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    e.occurredAt = event.timestamp;
    out.events.push_back(std::move(e));
  }
  return out;
}

}  // namespace

std::vector<InboxReceipt> SqliteStore::ingest(const std::vector<InboxRequest>& requests) {
  if (requests.empty()) return {};
  std::vector<EncodedRequest> encoded;
  encoded.reserve(requests.size());
  for (const auto& request : requests) encoded.push_back(encode(request));

  return impl_->write("ingest", [&](SQLite::Database& db) {
    SQLite::Statement insertInbox(db,
                                  "INSERT INTO inbox (channel, received_at_ms, raw_body, ignored_json, quarantined) "
                                  "VALUES (?, ?, ?, ?, ?)");
    SQLite::Statement insertQuarantine(db,
                                       "INSERT INTO quarantine (inbox_id, channel, reason, received_at_ms) "
                                       "VALUES (?, ?, ?, ?)");
    // A new event heads its route's queue iff the route has no unfinished event (see schema.cpp). The
    // dedupe key makes a redelivery, from an earlier call or earlier in this batch, a no-op.
    SQLite::Statement insertEvent(db,
                                  "INSERT INTO events (inbox_id, dedupe_key, provider_id, kind, route_key, route_hash, "
                                  "event_json, state, queue_head, attempts, next_attempt_at_ms, last_error, "
                                  "occurred_at, received_at_ms, updated_at_ms) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'received', "
                                  "NOT EXISTS (SELECT 1 FROM events p WHERE p.route_key = ?5 "
                                  "AND p.state IN ('received', 'resolved', 'retrying')), "
                                  "0, ?8, '', ?9, ?8, ?8) "
                                  "ON CONFLICT (dedupe_key) DO NOTHING");
    SQLite::Statement finishInbox(db, "UPDATE inbox SET accepted = ?, duplicates = ? WHERE id = ?");

    std::vector<InboxReceipt> receipts;
    receipts.reserve(requests.size());
    for (std::size_t i = 0; i < requests.size(); ++i) {
      const InboxRequest& request = requests[i];
      const EncodedRequest& enc = encoded[i];
      InboxReceipt receipt;
      receipt.quarantined = !request.parseError.empty();

      insertInbox.reset();
      insertInbox.bind(1, request.channel);
      insertInbox.bind(2, request.receivedAtMs);
      insertInbox.bind(3, static_cast<const void*>(request.rawBody.data()), static_cast<int>(request.rawBody.size()));
      insertInbox.bind(4, enc.ignoredJson);
      insertInbox.bind(5, receipt.quarantined ? 1 : 0);
      insertInbox.exec();
      receipt.inboxId = db.getLastInsertRowid();

      if (receipt.quarantined) {
        insertQuarantine.reset();
        insertQuarantine.bind(1, receipt.inboxId);
        insertQuarantine.bind(2, request.channel);
        insertQuarantine.bind(3, request.parseError);
        insertQuarantine.bind(4, request.receivedAtMs);
        insertQuarantine.exec();
        receipts.push_back(receipt);
        continue;
      }

      for (const EncodedEvent& e : enc.events) {
        insertEvent.reset();
        insertEvent.bind(1, receipt.inboxId);
        insertEvent.bind(2, e.dedupeKey);
        insertEvent.bind(3, e.providerId);
        insertEvent.bind(4, e.kind);
        insertEvent.bind(5, e.routeKey);
        insertEvent.bind(6, static_cast<std::int64_t>(e.routeHash));
        insertEvent.bind(7, e.json);
        insertEvent.bind(8, request.receivedAtMs);
        insertEvent.bind(9, e.occurredAt);
        if (insertEvent.exec() == 1) {
          ++receipt.accepted;
        } else {
          ++receipt.duplicates;
        }
      }
      if (receipt.accepted != 0 || receipt.duplicates != 0) {
        finishInbox.reset();
        finishInbox.bind(1, receipt.accepted);
        finishInbox.bind(2, receipt.duplicates);
        finishInbox.bind(3, receipt.inboxId);
        finishInbox.exec();
      }
      receipts.push_back(receipt);
    }
    return receipts;
  });
}

}  // namespace crmsync
