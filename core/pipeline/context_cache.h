#pragma once
// Enrich stage: the CRM context (open deals, owner) of a record, fetched through the connector and kept
// for a while so a burst of messages from one client costs one context call. A failed fetch is not an
// error for the write: the event is mapped without context. Thread-safe.

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "crmsync/clock.h"
#include "crmsync/crm_connector.h"

namespace crmsync {

class ContextCache {
 public:
  ContextCache(CrmConnector& connector, const Clock& clock, std::int64_t ttlMs = 60'000)
      : connector_(connector), clock_(clock), ttlMs_(ttlMs) {}

  std::optional<CrmContext> get(const CrmRecordRef& record);

 private:
  CrmConnector& connector_;
  const Clock& clock_;
  std::int64_t ttlMs_;
  std::mutex mutex_;
  std::map<std::string, CrmContext> entries_;  // "<object>/<id>" -> context (fetchedAtMs set)
};

}  // namespace crmsync
