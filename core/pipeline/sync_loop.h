#pragma once
// The sync loop: workers take due events from the store in per-person order (one shard each), resolve
// the person and CRM record, write the activity with the event's idempotency key, and record the
// outcome: written, retrying (backoff with jitter, Retry-After honoured) or dead (with the reason).
// Nothing leaves the queue without a state that says where it is.
// Thread-safety: start/stop/wake from any thread; runOnce(shard) from one thread per shard at a time.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "crmsync/clock.h"
#include "crmsync/crm_connector.h"
#include "crmsync/store.h"
#include "pipeline/context_cache.h"
#include "pipeline/resolver.h"
#include "pipeline/retry_policy.h"
#include "service/metrics.h"

namespace crmsync {

class SyncLoop {
 public:
  SyncLoop(Store& store, CrmConnector& connector, Resolver& resolver, RetryPolicy policy, Metrics& metrics,
           const Clock& clock, int shards, DocumentSource documents = nullptr);
  ~SyncLoop();
  SyncLoop(const SyncLoop&) = delete;
  SyncLoop& operator=(const SyncLoop&) = delete;

  void start();
  // Finishes the batch in hand, then returns. Unfinished events stay queued in the store.
  void stop();
  // New events were committed: check now rather than at the next poll.
  void wake();

  // One round for one shard: claims due events, processes them, records outcomes. Returns how many
  // events it handled. Public so tests can drive the loop without threads.
  int runOnce(int shard);
  bool paused() const;

  // How long the connector stays paused after the CRM refused the credentials.
  static constexpr std::int64_t kAuthPauseMs = 60'000;

 private:
  void work(int shard);
  void fail(const StoredEvent& event, const Outcome& outcome);
  void pauseForAuth(const StoredEvent& event, const Outcome& outcome);
  Activity activityFor(const StoredEvent& event, const Resolution& resolution);

  Store& store_;
  CrmConnector& connector_;
  Resolver& resolver_;
  RetryPolicy policy_;
  Metrics& metrics_;
  const Clock& clock_;
  int shards_;
  int batch_;
  DocumentSource documents_;
  ContextCache contexts_;
  // While the CRM refuses our credentials, nothing is sent (until this time); events wait, not die.
  std::atomic<std::int64_t> pausedUntilMs_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::uint64_t generation_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
  std::mutex randomMutex_;
  std::mt19937_64 random_{std::random_device{}()};
};

}  // namespace crmsync
