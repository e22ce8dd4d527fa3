#pragma once
// Group commit for the webhook path: request threads hand over what they received and block until it
// is durable; one committer thread writes everything that arrived meanwhile in a single transaction.
// Thread-safe: submit() from any number of threads; start/stop from the owner.

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

#include "crmsync/store.h"

namespace crmsync {

class IngestCommitter {
 public:
  // onCommitted runs on the committer thread after each successful commit (wakes the sync workers).
  IngestCommitter(Store& store, std::function<void()> onCommitted, std::size_t maxBatch = 512);
  ~IngestCommitter();
  IngestCommitter(const IngestCommitter&) = delete;
  IngestCommitter& operator=(const IngestCommitter&) = delete;

  void start();
  // Commits what is pending, then stops. Later submits throw StoreError.
  void stop();

  // Returns once the request is committed. Throws StoreError when the store refused it (the caller
  // answers 503 so the sender retries).
  InboxReceipt submit(InboxRequest request);

 private:
  struct Pending {
    InboxRequest request;
    std::promise<InboxReceipt> done;
  };
  void run();
  void commit(std::deque<Pending>& batch);

  Store& store_;
  std::function<void()> onCommitted_;
  std::size_t maxBatch_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> pending_;
  bool stopping_ = false;
  bool running_ = false;
  std::thread thread_;
};

}  // namespace crmsync
