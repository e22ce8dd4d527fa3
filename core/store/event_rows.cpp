#include "store/event_rows.h"

#include <stdexcept>

#include "crmsync/model_json.h"

namespace crmsync {

namespace {
struct StateName {
  EventState state;
  const char* name;
};
// These names are stored in events.state; never rename one.
constexpr StateName kStateNames[] = {
    {EventState::kReceived, "received"}, {EventState::kResolved, "resolved"}, {EventState::kWritten, "written"},
    {EventState::kRetrying, "retrying"}, {EventState::kDead, "dead"},     {EventState::kDropped, "dropped"},
};
}  // namespace

std::string toString(EventState state) {
  for (const auto& sn : kStateNames) {
    if (sn.state == state) return sn.name;
  }
  return "unknown";
}

EventState eventStateFromString(const std::string& text) {
  for (const auto& sn : kStateNames) {
    if (text == sn.name) return sn.state;
  }
  throw std::invalid_argument("unknown event state '" + text + "'");
}

namespace store_detail {

std::string routeKeyOf(const Event& event) {
  for (const auto& id : event.counterpart) {
    if (id.kind == IdentifierKind::kPhone) return id.key();
  }
  if (!event.counterpart.empty()) return event.counterpart.front().key();
  return "none";
}

std::uint32_t fnv1a32(std::string_view text) {
  std::uint32_t hash = 2166136261u;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 16777619u;
  }
  return hash;
}

const char* const kEventColumns =
    "e.id, e.inbox_id, e.event_json, e.route_key, e.state, e.attempts, e.next_attempt_at_ms, e.last_error, "
    "e.person_id, e.crm_record_id, e.crm_activity_id, e.received_at_ms, e.updated_at_ms";

StoredEvent readStoredEvent(const SQLite::Statement& row) {
  StoredEvent out;
  out.id = row.getColumn(0).getInt64();
  out.inboxId = row.getColumn(1).getInt64();
  out.event = nlohmann::json::parse(row.getColumn(2).getString()).get<Event>();
  out.routeKey = row.getColumn(3).getString();
  out.state = eventStateFromString(row.getColumn(4).getString());
  out.attempts = row.getColumn(5).getInt();
  out.nextAttemptAtMs = row.getColumn(6).getInt64();
  out.lastError = row.getColumn(7).getString();
  if (!row.getColumn(8).isNull()) out.personId = row.getColumn(8).getInt64();
  out.crmRecordId = row.getColumn(9).getString();
  out.crmActivityId = row.getColumn(10).getString();
  out.receivedAtMs = row.getColumn(11).getInt64();
  out.updatedAtMs = row.getColumn(12).getInt64();
  return out;
}

std::string columnBytes(const SQLite::Column& column) {
  // sqlite3 rule: fetch the pointer first, then the size.
  const void* data = column.getBlob();
  const int size = column.getBytes();
  if (data == nullptr || size <= 0) return {};
  return std::string(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

}  // namespace store_detail
}  // namespace crmsync
