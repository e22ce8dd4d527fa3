// SqliteStore::reconcile: events by channel and state, and the messages the
// channel reported that never reached the CRM. Read by `crmsync reconcile`, an
// occasional admin command: it scans the events table.
#include <SQLiteCpp/Statement.h>

#include <string>

#include "store/sqlite_connections.h"
#include "store/sqlite_store.h"

namespace crmsync {

namespace {

constexpr const char *kChannel = "json_extract(e.event_json, '$.channel')";

std::vector<StateTally> tallies(SQLite::Database &db) {
  SQLite::Statement q(
      db, std::string("SELECT ") + kChannel +
              ", e.state, COUNT(*) FROM events e GROUP BY 1, 2 ORDER BY 1, 2");
  std::vector<StateTally> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getString(),
                   eventStateFromString(q.getColumn(1).getString()),
                   q.getColumn(2).getInt64()});
  }
  return out;
}

// A provider message id with statuses but no message event: the message itself
// never arrived (e.g. sent from the phone app, or its webhook was lost).
// Written statuses do not count: they carry no text.
constexpr const char *kStatusOnly =
    "FROM events e WHERE e.kind = 'status' AND NOT EXISTS "
    "(SELECT 1 FROM events m WHERE m.provider_id = e.provider_id AND m.kind = "
    "'message') "
    "AND e.id = (SELECT MIN(f.id) FROM events f WHERE f.provider_id = "
    "e.provider_id)";
// A message event that is not (yet) in the CRM: queued, retrying, dead or
// dropped.
constexpr const char *kNotWritten =
    "FROM events e WHERE e.kind = 'message' AND e.state <> 'written'";

void listProblems(SQLite::Database &db, const char *from, const char *problem,
                  int limit, std::vector<UnwrittenMessage> &out) {
  SQLite::Statement q(db, std::string("SELECT e.provider_id, ") + kChannel +
                              ", e.id, e.state " + from +
                              " ORDER BY e.id LIMIT ?");
  q.bind(1, limit);
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                   problem, q.getColumn(2).getInt64(),
                   q.getColumn(3).getString()});
  }
}

std::int64_t countOf(SQLite::Database &db, const char *from) {
  return db.execAndGet(std::string("SELECT COUNT(*) ") + from).getInt64();
}

} // namespace

ReconcileReport SqliteStore::reconcile(int limit) {
  return impl_->read("reconcile", [&](SQLite::Database &db) {
    ReconcileReport report;
    report.tallies = tallies(db);
    report.statusOnly = countOf(db, kStatusOnly);
    report.notWritten = countOf(db, kNotWritten);
    if (limit > 0) {
      listProblems(db, kStatusOnly, "status_only", limit, report.unwritten);
      listProblems(db, kNotWritten, "not_written", limit, report.unwritten);
    }
    return report;
  });
}

} // namespace crmsync
