#include "http/connection_guard.h"

#include <spdlog/spdlog.h>
#include <sys/socket.h>

namespace crmsync::http {

namespace {

// How often the watchdog looks at the deadlines: the precision of the cut-off, not a synchronisation.
constexpr std::chrono::milliseconds kTick{100};

// 408 for a client that never finished its first request; an idle keep-alive connection is just closed.
const std::string& timeoutAnswer() {
  static const std::string body =
      R"({"error":{"code":"timeout","message":"request headers not received within http.header_timeout_ms"}})";
  static const std::string answer =
      "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
      "Content-Type: application/json\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  return answer;
}

std::string key(const Poco::Net::SocketAddress& peer) { return peer.toString(); }

}  // namespace

ConnectionGuard::ConnectionGuard(std::chrono::milliseconds headerTimeout) : headerTimeout_(headerTimeout) {}

ConnectionGuard::~ConnectionGuard() { stop(); }

void ConnectionGuard::start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { watch(); });
}

void ConnectionGuard::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ConnectionGuard::opened(const Poco::Net::StreamSocket& socket) {
  try {
    std::string peer = key(socket.peerAddress());
    std::lock_guard<std::mutex> lock(mutex_);
    entries_[peer] = Entry{socket, Clock::now() + headerTimeout_, false};
  } catch (const Poco::Exception&) {
    // Already disconnected: the connection ends on its own at the first read.
  }
}

void ConnectionGuard::closed(const Poco::Net::StreamSocket& socket) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->second.socket == socket) {
      entries_.erase(it);
      return;
    }
  }
}

void ConnectionGuard::handlerEntered(const Poco::Net::SocketAddress& peer) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(key(peer));
  if (it != entries_.end()) it->second.deadline.reset();
}

void ConnectionGuard::handlerLeft(const Poco::Net::SocketAddress& peer) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(key(peer));
  if (it == entries_.end()) return;
  it->second.deadline = Clock::now() + headerTimeout_;
  it->second.served = true;
}

void ConnectionGuard::closeIdle() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [peer, entry] : entries_) {
    if (!entry.deadline) continue;
    entry.deadline.reset();
    try {
      entry.socket.shutdown();
    } catch (const Poco::Exception&) {
    }
  }
}

std::int64_t ConnectionGuard::cutOffCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return cutOff_;
}

void ConnectionGuard::watch() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, kTick, [this] { return stopping_; });
    const Clock::time_point now = Clock::now();
    for (auto& [peer, entry] : entries_) {
      if (entry.deadline && *entry.deadline <= now) cutOff(peer, entry);
    }
  }
}

// The connection's thread is blocked reading headers, so nothing else writes to the socket: answer 408
// (first request only), then shut the socket down, which ends that read.
void ConnectionGuard::cutOff(const std::string& peer, Entry& entry) {
  entry.deadline.reset();
  ++cutOff_;
  spdlog::warn("http: connection from {} cut off: request headers not complete within {} ms (http.header_timeout_ms)",
               peer, headerTimeout_.count());
  try {
    const std::string& answer = timeoutAnswer();
    if (!entry.served) entry.socket.sendBytes(answer.data(), static_cast<int>(answer.size()), MSG_DONTWAIT);
  } catch (const Poco::Exception&) {
    // The client is gone or not reading: shutting down is all that is left.
  }
  try {
    entry.socket.shutdown();
  } catch (const Poco::Exception&) {
  }
}

}  // namespace crmsync::http
