#include "pipeline/ingest_committer.h"

namespace crmsync {

IngestCommitter::IngestCommitter(Store& store, std::function<void()> onCommitted, std::size_t maxBatch)
    : store_(store), onCommitted_(std::move(onCommitted)), maxBatch_(maxBatch) {}

IngestCommitter::~IngestCommitter() { stop(); }

void IngestCommitter::start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (running_) return;
  stopping_ = false;
  running_ = true;
  thread_ = std::thread([this] { run(); });
}

void IngestCommitter::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!running_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  std::lock_guard<std::mutex> lock(mutex_);
  running_ = false;
}

InboxReceipt IngestCommitter::submit(InboxRequest request) {
  std::future<InboxReceipt> result;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!running_ || stopping_) throw StoreError("ingest: the service is shutting down");
    pending_.push_back(Pending{std::move(request), {}});
    result = pending_.back().done.get_future();
  }
  wake_.notify_one();
  return result.get();
}

void IngestCommitter::run() {
  for (;;) {
    std::deque<Pending> batch;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) return;  // stopping and drained
      while (!pending_.empty() && batch.size() < maxBatch_) {
        batch.push_back(std::move(pending_.front()));
        pending_.pop_front();
      }
    }
    commit(batch);
  }
}

void IngestCommitter::commit(std::deque<Pending>& batch) {
  std::vector<InboxRequest> requests;
  requests.reserve(batch.size());
  for (auto& p : batch) requests.push_back(std::move(p.request));
  try {
    std::vector<InboxReceipt> receipts = store_.ingest(requests);
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done.set_value(receipts.at(i));
  } catch (...) {
    for (auto& p : batch) p.done.set_exception(std::current_exception());
    return;
  }
  if (onCommitted_) onCommitted_();
}

}  // namespace crmsync
