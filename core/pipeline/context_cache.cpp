#include "pipeline/context_cache.h"

#include <spdlog/spdlog.h>

namespace crmsync {

std::optional<CrmContext> ContextCache::get(const CrmRecordRef& record) {
  const std::string key = record.objectType + "/" + record.id;
  const std::int64_t now = clock_.nowMs();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end() && now - it->second.fetchedAtMs < ttlMs_) return it->second;
  }
  Result<CrmContext> fetched = connector_.context(record);
  if (!fetched.isOk()) {
    spdlog::debug("enrich: no context for {} {}: {}", record.objectType, record.id, fetched.outcome.reason);
    return std::nullopt;
  }
  fetched.value.fetchedAtMs = now;
  std::lock_guard<std::mutex> lock(mutex_);
  if (entries_.size() > 10000) entries_.clear();  // bounded; refetching is cheap compared with a leak
  entries_[key] = fetched.value;
  return fetched.value;
}

}  // namespace crmsync
