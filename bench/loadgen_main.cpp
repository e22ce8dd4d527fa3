// crmsync_bench_loadgen: POSTs signed WhatsApp Cloud webhooks over N keep-alive connections and prints
// one JSON line: {"sent","ok","errors","seconds","rps","p50_ms","p99_ms","max_ms","start_ms","end_ms"}.
//
//   crmsync_bench_loadgen --port P [--host 127.0.0.1] [--path /webhooks/whatsapp] [--secret S]
//                         [--connections 32] (--duration SECONDS | --count N) [--senders 500]
//                         [--statuses PERCENT] [--seed N] [--run-id TEXT] [--round-robin 1]
//
// Every request carries a fresh message id ("wamid.bench.<run>.<conn>.<seq>"), so nothing is a redelivery.
// --round-robin 1 takes the senders in turn (a warm-up that reaches every sender once) instead of at random.
// With --statuses, that share of bodies are delivery statuses for earlier ids of the same connection.
// A non-200 answer or a transport error counts as an error (the first few are printed to stderr).
// Exit code: 0 when every request got 200, 1 otherwise, 2 on bad arguments.

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/bench_payloads.h"
#include "common/latency_stats.h"
#include "common/signing.h"

namespace {

using namespace crmsync::bench;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string path = "/webhooks/whatsapp";
  std::string secret = "bench-app-secret";
  int connections = 32;
  double durationS = 0;
  long count = 0;
  std::size_t senders = 500;
  int statusPercent = 0;
  std::uint64_t seed = 1;
  std::string runId = "r";
  bool roundRobin = false;  // senders in turn instead of at random (each gets one message per round)
};

Options parseArgs(int argc, char** argv) {
  std::map<std::string, std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string key = argv[i];
    if (key.rfind("--", 0) != 0 || i + 1 >= argc) throw std::invalid_argument("expected --name value, got '" + key + "'");
    args[key.substr(2)] = argv[++i];
  }
  Options o;
  for (const auto& [key, value] : args) {
    if (key == "host") o.host = value;
    else if (key == "port") o.port = std::stoi(value);
    else if (key == "path") o.path = value;
    else if (key == "secret") o.secret = value;
    else if (key == "connections") o.connections = std::stoi(value);
    else if (key == "duration") o.durationS = std::stod(value);
    else if (key == "count") o.count = std::stol(value);
    else if (key == "senders") o.senders = std::stoul(value);
    else if (key == "statuses") o.statusPercent = std::stoi(value);
    else if (key == "seed") o.seed = std::stoull(value);
    else if (key == "run-id") o.runId = value;
    else if (key == "round-robin") o.roundRobin = value == "1";
    else throw std::invalid_argument("unknown option --" + key);
  }
  if (o.port <= 0) throw std::invalid_argument("--port is required");
  if ((o.durationS > 0) == (o.count > 0)) throw std::invalid_argument("give exactly one of --duration and --count");
  if (o.connections < 1 || o.senders < 1) throw std::invalid_argument("--connections and --senders must be >= 1");
  return o;
}

struct Shared {
  const Options& options;
  const std::vector<Sender>& senders;
  Clock::time_point deadline;
  std::atomic<long> remaining{0};
  std::atomic<long> ok{0};
  std::atomic<long> errors{0};
  std::atomic<std::size_t> nextSender{0};
  std::mutex reportMutex;
};

// Takes the next request slot; false when the run is over.
bool nextSlot(Shared& shared) {
  if (shared.options.count > 0) return shared.remaining.fetch_sub(1) > 0;
  return Clock::now() < shared.deadline;
}

void reportError(Shared& shared, const std::string& what) {
  long n = shared.errors.fetch_add(1);
  if (n < 5) {
    std::lock_guard<std::mutex> lock(shared.reportMutex);
    std::cerr << "loadgen: " << what << "\n";
  }
}

std::string nextBody(Shared& shared, int conn, long seq, std::mt19937_64& rng) {
  std::size_t index = shared.options.roundRobin ? shared.nextSender.fetch_add(1) : rng();
  const Sender& sender = shared.senders[index % shared.senders.size()];
  std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
  std::string prefix = "wamid.bench." + shared.options.runId + "." + std::to_string(conn) + ".";
  if (seq > 0 && static_cast<int>(rng() % 100) < shared.options.statusPercent) {
    static const char* kStatuses[] = {"sent", "delivered", "read"};
    return statusBody(sender, prefix + std::to_string(rng() % seq), now, kStatuses[rng() % 3]);
  }
  return textMessageBody(sender, prefix + std::to_string(seq), now, sampleText(rng()));
}

// One connection: sends until the run is over, returns latency samples in microseconds.
std::vector<std::int64_t> runConnection(Shared& shared, int conn) {
  const Options& o = shared.options;
  Poco::Net::HTTPClientSession session(o.host, static_cast<Poco::UInt16>(o.port));
  session.setKeepAlive(true);
  session.setTimeout(Poco::Timespan(30, 0));
  std::mt19937_64 rng(o.seed * 1000003 + static_cast<std::uint64_t>(conn));
  std::vector<std::int64_t> samples;
  for (long seq = 0; nextSlot(shared); ++seq) {
    std::string body = nextBody(shared, conn, seq, rng);
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, o.path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    request.set("X-Hub-Signature-256", hubSignature(body, o.secret));
    request.setKeepAlive(true);
    auto start = Clock::now();
    try {
      session.sendRequest(request) << body;
      Poco::Net::HTTPResponse response;
      std::istream& in = session.receiveResponse(response);
      std::string answer;
      Poco::StreamCopier::copyToString(in, answer);
      samples.push_back(std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count());
      if (response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK) {
        shared.ok.fetch_add(1);
      } else {
        reportError(shared, "HTTP " + std::to_string(response.getStatus()) + ": " + answer.substr(0, 200));
      }
    } catch (const std::exception& e) {
      reportError(shared, std::string("transport: ") + e.what());
      session.reset();
    }
  }
  return samples;
}

std::int64_t epochMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  try {
    options = parseArgs(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "crmsync_bench_loadgen: " << e.what() << "\n";
    return 2;
  }
  std::vector<Sender> senders = makeSenders(options.senders, options.seed);
  Shared shared{options, senders, {}, {}, {}, {}, {}, {}};
  shared.remaining = options.count;
  std::int64_t startMs = epochMs();
  auto start = Clock::now();
  shared.deadline = start + std::chrono::microseconds(static_cast<std::int64_t>(options.durationS * 1e6));
  std::vector<std::vector<std::int64_t>> perConnection(static_cast<std::size_t>(options.connections));
  std::vector<std::thread> threads;
  for (int c = 0; c < options.connections; ++c) {
    threads.emplace_back([&, c] { perConnection[static_cast<std::size_t>(c)] = runConnection(shared, c); });
  }
  for (std::thread& t : threads) t.join();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<std::int64_t> all;
  for (auto& samples : perConnection) all.insert(all.end(), samples.begin(), samples.end());
  LatencySummary s = summarise(all);
  long sent = shared.ok.load() + shared.errors.load();
  std::printf(
      "{\"sent\":%ld,\"ok\":%ld,\"errors\":%ld,\"seconds\":%.3f,\"rps\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,"
      "\"max_ms\":%.3f,\"start_ms\":%lld,\"end_ms\":%lld}\n",
      sent, shared.ok.load(), shared.errors.load(), seconds, static_cast<double>(shared.ok.load()) / seconds, s.p50Ms,
      s.p99Ms, s.maxMs, static_cast<long long>(startMs), static_cast<long long>(epochMs()));
  return shared.errors.load() == 0 ? 0 : 1;
}
