#include "http/http_util.h"

#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <istream>

namespace crmsync::http {

std::optional<std::string> readBody(Poco::Net::HTTPServerRequest& request, std::size_t maxBytes) {
  if (request.hasContentLength() && request.getContentLength64() > static_cast<std::int64_t>(maxBytes)) {
    return std::nullopt;
  }
  std::string body;
  std::istream& in = request.stream();
  char buffer[16384];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    body.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (body.size() > maxBytes) return std::nullopt;
  }
  return body;
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

bool constantTimeEquals(const std::string& a, const std::string& b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i % (b.empty() ? 1 : b.size())]);
  return diff == 0 && !b.empty();
}

bool hasBearer(const Poco::Net::HTTPServerRequest& request, const std::string& token) {
  const std::string header = request.get("Authorization", "");
  const std::string prefix = "Bearer ";
  if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0) return false;
  return constantTimeEquals(header.substr(prefix.size()), token);
}

}  // namespace crmsync::http
