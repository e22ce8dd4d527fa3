#include "http/http_util.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <istream>

#include "crmsync/secure_compare.h"

namespace crmsync::http {

std::optional<std::string> readBody(Poco::Net::HTTPServerRequest& request, std::size_t maxBytes) {
  BodyRead read = readBodyWithin(request, maxBytes, std::chrono::milliseconds(0));
  if (read.status != BodyRead::Status::kOk) return std::nullopt;
  return std::move(read.body);
}

// Reads through the stream buffer, one socket read per step, so the deadline is checked between reads
// (istream::read would block until its whole buffer is full, however slowly the bytes come).
BodyRead readBodyWithin(Poco::Net::HTTPServerRequest& request, std::size_t maxBytes,
                        std::chrono::milliseconds timeout) {
  BodyRead out;
  if (request.hasContentLength() && request.getContentLength64() > static_cast<std::int64_t>(maxBytes)) {
    out.status = BodyRead::Status::kTooLarge;
    return out;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::streambuf* in = request.stream().rdbuf();
  char buffer[16384];
  try {
    while (in->sgetc() != std::char_traits<char>::eof()) {
      std::streamsize got = in->sgetn(buffer, std::min<std::streamsize>(in->in_avail(), sizeof buffer));
      out.body.append(buffer, static_cast<std::size_t>(got));
      if (out.body.size() > maxBytes) {
        out.status = BodyRead::Status::kTooLarge;
        return out;
      }
      if (timeout.count() > 0 && std::chrono::steady_clock::now() > deadline) {
        out.status = BodyRead::Status::kTimedOut;
        return out;
      }
    }
  } catch (const Poco::TimeoutException&) {
    out.status = BodyRead::Status::kTimedOut;  // one read waited longer than http.timeout_ms
  }
  return out;
}

InboundRequest toInbound(Poco::Net::HTTPServerRequest& request, std::string body) {
  InboundRequest in;
  in.method = request.getMethod();
  Poco::URI uri(request.getURI());
  in.path = uri.getPath();
  for (const auto& [k, v] : uri.getQueryParameters()) in.query[k] = v;
  for (const auto& [k, v] : request) {
    std::string name = k;
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    in.headers[name] = v;
  }
  in.body = std::move(body);
  return in;
}

void sendText(Poco::Net::HTTPServerResponse& response, int status, const std::string& text,
              const std::string& contentType) {
  response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  response.setContentType(contentType);
  response.setContentLength64(static_cast<Poco::Int64>(text.size()));
  response.send() << text;
}

void sendJson(Poco::Net::HTTPServerResponse& response, int status, const nlohmann::json& body) {
  sendText(response, status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void sendError(Poco::Net::HTTPServerResponse& response, int status, const std::string& code, const std::string& message) {
  sendJson(response, status, {{"error", {{"code", code}, {"message", message}}}});
}

bool hasBearer(const Poco::Net::HTTPServerRequest& request, const std::string& token) {
  const std::string header = request.get("Authorization", "");
  const std::string prefix = "Bearer ";
  if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0) return false;
  return !token.empty() && crmsync::constantTimeEquals(header.substr(prefix.size()), token);
}

}  // namespace crmsync::http
