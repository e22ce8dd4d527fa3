#pragma once
// Cuts off slow-loris clients: a connection must deliver a request's headers within `headerTimeout` of
// becoming ready for one (accepted, or its previous answer sent). Poco's own socket timeout is per read,
// so a client trickling one byte at a time would otherwise hold a server thread for as long as it likes.
// A watchdog thread answers such a connection 408 and shuts its socket down; the body has its own total
// limit, enforced by the handler while it reads (see http_util.h readBodyWithin).
//
// Connections are known by their peer address (unique while they are open). Every member may be called
// from any thread; start/stop from one thread.

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace crmsync::http {

class ConnectionGuard {
 public:
  explicit ConnectionGuard(std::chrono::milliseconds headerTimeout);
  ~ConnectionGuard();
  ConnectionGuard(const ConnectionGuard&) = delete;
  ConnectionGuard& operator=(const ConnectionGuard&) = delete;

  void start();
  void stop();

  // By a connection's thread: before it serves the first request, and when it ends.
  void opened(const Poco::Net::StreamSocket& socket);
  void closed(const Poco::Net::StreamSocket& socket);
  // By the router: a request's headers are in (no header deadline while it is handled) / it was answered.
  void handlerEntered(const Poco::Net::SocketAddress& peer);
  void handlerLeft(const Poco::Net::SocketAddress& peer);

  // Shutting down: connections waiting for a request are closed now; those in a handler finish first.
  void closeIdle();

  std::int64_t cutOffCount() const;

 private:
  using Clock = std::chrono::steady_clock;
  struct Entry {
    Poco::Net::StreamSocket socket;
    std::optional<Clock::time_point> deadline;
    bool served = false;  // answered a request already: now an idle keep-alive connection
  };
  void watch();
  void cutOff(const std::string& peer, Entry& entry);

  const std::chrono::milliseconds headerTimeout_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::string, Entry> entries_;
  std::int64_t cutOff_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace crmsync::http
