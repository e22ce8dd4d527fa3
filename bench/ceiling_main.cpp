// crmsync_bench_ceiling: the benchmark's ceiling. A plain Poco HTTPServer with crmsync's http.threads,
// queue length and keep-alive, whose handler reads each request body and answers 200 "{}": what this
// machine's HTTP stack can do with no work behind it.
//
//   crmsync_bench_ceiling --threads 16 --port-file FILE      (binds 127.0.0.1:0, runs until SIGTERM/SIGINT)

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>

#include <csignal>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

namespace {

class OkHandler : public Poco::Net::HTTPRequestHandler {
 public:
  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    std::string body;
    Poco::StreamCopier::copyToString(request.stream(), body);
    response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    response.setContentType("application/json");
    response.setContentLength(2);
    response.send() << "{}";
  }
};

class OkFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new OkHandler;
  }
};

}  // namespace

int main(int argc, char** argv) {
  int threads = 16;
  std::string portFile;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--threads") == 0) threads = std::stoi(argv[i + 1]);
    else if (std::strcmp(argv[i], "--port-file") == 0) portFile = argv[i + 1];
  }
  if (portFile.empty() || threads < 1) {
    std::cerr << "usage: crmsync_bench_ceiling --threads N --port-file FILE\n";
    return 2;
  }
  // Block the stop signals before any thread starts, so only sigwait below receives them.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGTERM);
  sigaddset(&stopSignals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(threads);
  params->setMaxQueued(256);
  params->setKeepAlive(true);
  params->setTimeout(Poco::Timespan(30, 0));
  // crmsync's defaults (http.threads, http.max_queued, keep-alive), so mostly the handler differs.
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0), 128);
  Poco::Net::HTTPServer server(new OkFactory, socket, params);
  server.start();
  {
    std::ofstream out(portFile + ".tmp");
    out << socket.address().port() << "\n";
  }
  std::rename((portFile + ".tmp").c_str(), portFile.c_str());
  int signal = 0;
  sigwait(&stopSignals, &signal);
  server.stopAll(true);
  return 0;
}
