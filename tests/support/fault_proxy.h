#pragma once
// A fault-injecting HTTP proxy for the fault suite: listens on 127.0.0.1 (port 0), forwards every request
// to an unmodified fake CRM and, on demand, misbehaves the way a real CRM or network does:
//   - down(): the port stops listening (connection refused) until up();
//   - answer503(n) / answer429(n, retryAfterSeconds): the next n requests get that answer instead of
//     being forwarded (429 with Retry-After);
//   - setLatency(ms): every forwarded request is held that long first (a slow CRM).
// It records every request: arrival time, the answer, and for each 429 the moment it was sent and the
// time it named, so a test can check that nothing arrived before a Retry-After had passed.
// Thread-safe: every member may be called from any thread while it runs.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace crmsync::test {

class FaultProxy {
 public:
  struct Record {
    std::int64_t arrivedMs = 0;    // steady clock
    std::int64_t answeredMs = 0;   // when the answer left the proxy
    int status = 0;                // what the client got (0: the upstream could not be reached)
    std::int64_t notBeforeMs = 0;  // 429 only: arrival + Retry-After
    std::string path;
  };

  FaultProxy(std::string upstreamHost, int upstreamPort);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  int port() const;
  std::string baseUrl() const;  // http://127.0.0.1:<port>

  void down();  // refuse connections (the listening socket is closed)
  void up();    // listen again on the same port
  void answer503(int times);
  void answer429(int times, int retryAfterSeconds);
  void setLatency(std::chrono::milliseconds latency);

  std::vector<Record> records() const;
  int inFlight() const;        // requests being held or forwarded right now
  int forwardedCount() const;  // requests that reached the upstream

  static std::int64_t nowMs();  // the clock the records use

  struct State;

 private:
  void listen();
  std::shared_ptr<State> state_;
  int port_ = 0;
};

}  // namespace crmsync::test
