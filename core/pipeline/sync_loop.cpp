#include "pipeline/sync_loop.h"

#include <algorithm>
#include <chrono>

#include <spdlog/spdlog.h>

#include "pipeline/mapped_writes.h"

namespace crmsync {

namespace {
// Idle workers look again this often even without a wake-up, so retries whose time has come run.
constexpr auto kIdlePoll = std::chrono::milliseconds(200);

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

SyncLoop::SyncLoop(Store& store, CrmConnector& connector, Resolver& resolver, RetryPolicy policy, Metrics& metrics,
                   const Clock& clock, int shards, DocumentSource documents)
    : store_(store),
      connector_(connector),
      resolver_(resolver),
      policy_(policy),
      metrics_(metrics),
      clock_(clock),
      shards_(std::max(1, shards)),
      batch_(std::clamp(connector.capabilities().maxWriteBatch, 1, 100)),
      documents_(std::move(documents)),
      contexts_(connector, clock) {}

SyncLoop::~SyncLoop() { stop(); }

void SyncLoop::start() {
  std::lock_guard<std::mutex> lock(mutex_);
  stopping_ = false;
  for (int shard = 0; shard < shards_; ++shard) threads_.emplace_back([this, shard] { work(shard); });
}

void SyncLoop::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void SyncLoop::wake() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++generation_;
  }
  wake_.notify_all();
}

void SyncLoop::work(int shard) {
  for (;;) {
    std::uint64_t seen;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
      seen = generation_;
    }
    int handled = 0;
    try {
      handled = runOnce(shard);
    } catch (const std::exception& e) {
      // The store failed (disk full, I/O). Events stay queued; try again after the idle pause.
      spdlog::error("sync: shard {} paused: {}", shard, e.what());
    }
    if (handled > 0) continue;
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_for(lock, kIdlePoll, [&] { return stopping_ || generation_ != seen; });
  }
}

bool SyncLoop::paused() const { return clock_.nowMs() < pausedUntilMs_.load(); }

int SyncLoop::runOnce(int shard) {
  if (paused()) return 0;
  std::vector<StoredEvent> due = store_.claimDue(shard, shards_, clock_.nowMs(), batch_);
  std::vector<Activity> activities;
  std::vector<const StoredEvent*> writing;
  std::vector<ResolvedMark> resolved;
  auto resolveStart = std::chrono::steady_clock::now();
  for (const auto& e : due) {
    Result<Resolution> r = resolver_.resolve(e.event);
    if (!r.isOk()) {
      fail(e, r.outcome);
      continue;
    }
    resolved.push_back({e.id, r.value.personId, r.value.record.id});
    activities.push_back(activityFor(e, r.value));
    writing.push_back(&e);
  }
  store_.markResolved(resolved, clock_.nowMs());
  if (!due.empty()) metrics_.observeSeconds("crmsync_stage_seconds", "resolve", secondsSince(resolveStart));
  if (activities.empty()) return static_cast<int>(due.size());

  auto deliverStart = std::chrono::steady_clock::now();
  auto written = connector_.write(activities);
  metrics_.observeSeconds("crmsync_stage_seconds", "deliver", secondsSince(deliverStart));
  std::vector<WrittenMark> done;
  for (std::size_t i = 0; i < writing.size(); ++i) {
    const Outcome& outcome = written.isOk() && i < written.value.size() ? written.value[i].outcome : written.outcome;
    if (written.isOk() && i >= written.value.size()) {
      fail(*writing[i], Outcome::retryable("connector returned fewer results than activities"));
    } else if (outcome.isOk()) {
      done.push_back({writing[i]->id, written.value[i].activityId});
    } else {
      fail(*writing[i], outcome);
    }
  }
  store_.markWritten(done, clock_.nowMs());
  if (!done.empty()) {
    metrics_.counter("crmsync_events_delivered_total", "Events written to the CRM timeline").inc(static_cast<std::int64_t>(done.size()));
    pausedUntilMs_ = 0;
  }
  return static_cast<int>(due.size());
}

// Enrich and map: the record's CRM context (cached) and the mapping document in force decide the fields.
Activity SyncLoop::activityFor(const StoredEvent& e, const Resolution& resolution) {
  auto document = documents_ ? documents_() : nullptr;
  std::optional<Person> person = store_.person(resolution.personId);
  std::optional<CrmContext> context = contexts_.get(resolution.record);
  return mapActivity(e.event, person ? &*person : nullptr, context ? &*context : nullptr, resolution.record, document.get());
}

void SyncLoop::pauseForAuth(const StoredEvent& event, const Outcome& outcome) {
  const std::int64_t until = clock_.nowMs() + kAuthPauseMs;
  pausedUntilMs_ = until;
  store_.markRetry(event.id, until, outcome.reason, clock_.nowMs());
  const std::string label = "connector=\"" + connector_.name() + "\"";
  metrics_.counter("crmsync_connector_auth_failures_total", "CRM refused the credentials (401/403); connector paused", label).inc();
  spdlog::critical("sync: {} refused the credentials; connector paused for {} s (fix the token): {}", connector_.name(),
                   kAuthPauseMs / 1000, outcome.reason);
}

void SyncLoop::fail(const StoredEvent& event, const Outcome& outcome) {
  if (outcome.kind == Outcome::Kind::kAuthFailed) {
    pauseForAuth(event, outcome);
    return;
  }
  int attempts = event.attempts + 1;
  if (outcome.kind == Outcome::Kind::kRetryable && !policy_.exhausted(attempts)) {
    double unit;
    {
      std::lock_guard<std::mutex> lock(randomMutex_);
      unit = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
    }
    std::int64_t delay = policy_.delayMs(attempts, outcome, unit);
    store_.markRetry(event.id, clock_.nowMs() + delay, outcome.reason, clock_.nowMs());
    metrics_.counter("crmsync_events_retried_total", "Event attempts that failed and will be retried").inc();
    spdlog::warn("sync: event {} attempt {} failed, retry in {} ms: {}", event.id, attempts, delay, outcome.reason);
    return;
  }
  std::string reason = outcome.kind == Outcome::Kind::kRetryable
                           ? "gave up after " + std::to_string(attempts) + " attempts: " + outcome.reason
                           : outcome.reason;
  store_.markDead(event.id, reason, clock_.nowMs());
  metrics_.counter("crmsync_events_dead_total", "Events moved to the dead-letter table").inc();
  spdlog::error("sync: event {} (message {}) dead-lettered: {}", event.id, event.event.providerId, reason);
}

}  // namespace crmsync
