#include "http/poco_http_client.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

#include "crmsync/config_error.h"

namespace crmsync {

namespace {

Poco::Net::Context::Ptr tlsContext() {
  static std::once_flag once;
  static Poco::Net::Context::Ptr context;
  std::call_once(once, [] {
    Poco::Net::initializeSSL();
    context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "/etc/ssl/certs",
                                     Poco::Net::Context::VERIFY_RELAXED, 9, true);
  });
  return context;
}

std::unique_ptr<Poco::Net::HTTPClientSession> session(const std::string& scheme, const std::string& host,
                                                      unsigned short port) {
  if (scheme == "https") return std::make_unique<Poco::Net::HTTPSClientSession>(host, port, tlsContext());
  return std::make_unique<Poco::Net::HTTPClientSession>(host, port);
}

}  // namespace

PocoHttpClient::PocoHttpClient(const std::string& baseUrl, int timeoutMs) : timeoutMs_(timeoutMs) {
  try {
    Poco::URI uri(baseUrl);
    scheme_ = uri.getScheme();
    host_ = uri.getHost();
    port_ = uri.getPort();
    prefix_ = uri.getPath();
    while (!prefix_.empty() && prefix_.back() == '/') prefix_.pop_back();
  } catch (const Poco::Exception& e) {
    throw ConfigError("base_url", "cannot parse '" + baseUrl + "': " + e.displayText());
  }
  if ((scheme_ != "http" && scheme_ != "https") || host_.empty()) {
    throw ConfigError("base_url", "must be an http:// or https:// URL, not '" + baseUrl + "'");
  }
}

Result<HttpResponse> PocoHttpClient::send(const HttpRequest& request) {
  try {
    auto s = session(scheme_, host_, port_);
    s->setTimeout(Poco::Timespan(static_cast<long>(timeoutMs_) * 1000));
    Poco::Net::HTTPRequest req(request.method, prefix_ + request.target, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [k, v] : request.headers) req.set(k, v);
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT" || request.method == "PATCH") {
      req.setContentLength64(static_cast<Poco::Int64>(request.body.size()));
      s->sendRequest(req) << request.body;
    } else {
      s->sendRequest(req);
    }
    Poco::Net::HTTPResponse resp;
    std::istream& in = s->receiveResponse(resp);
    HttpResponse out;
    out.status = static_cast<int>(resp.getStatus());
    for (const auto& [k, v] : resp) {
      std::string name = k;
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      out.headers[name] = v;
    }
    Poco::StreamCopier::copyToString(in, out.body);
    return Result<HttpResponse>::ok(std::move(out));
  } catch (const Poco::Exception& e) {
    return Result<HttpResponse>::fail(Outcome::retryable("network: " + e.displayText()));
  } catch (const std::exception& e) {
    return Result<HttpResponse>::fail(Outcome::retryable(std::string("network: ") + e.what()));
  }
}

}  // namespace crmsync
