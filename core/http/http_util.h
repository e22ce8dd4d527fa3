#pragma once
// Small helpers shared by the HTTP handlers: body reading with a limit, JSON/text answers, the admin
// bearer check. Stateless; safe from any thread.

#include <chrono>
#include <optional>
#include <string>

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <nlohmann/json.hpp>

#include "crmsync/channel.h"

namespace crmsync::http {

// The body, or nullopt when it is larger than maxBytes (the caller answers 413).
std::optional<std::string> readBody(Poco::Net::HTTPServerRequest& request, std::size_t maxBytes);

// Reading a body against a size limit and a total time limit (a trickling client is cut off once
// `timeout` has passed; each read waits at most the socket's own timeout, http.timeout_ms). A declared
// Content-Length over the limit is refused before a byte of the body is read; a chunked body as soon as
// it grows past it. timeout 0 = no total limit. Throws Poco::Exception when the client goes away.
struct BodyRead {
  enum class Status { kOk, kTooLarge, kTimedOut };
  Status status = Status::kOk;
  std::string body;
};
BodyRead readBodyWithin(Poco::Net::HTTPServerRequest& request, std::size_t maxBytes,
                        std::chrono::milliseconds timeout);

// Method, path, decoded query, lower-case headers and body, as a channel wants them.
InboundRequest toInbound(Poco::Net::HTTPServerRequest& request, std::string body);

void sendText(Poco::Net::HTTPServerResponse& response, int status, const std::string& text,
              const std::string& contentType = "text/plain; charset=utf-8");
void sendJson(Poco::Net::HTTPServerResponse& response, int status, const nlohmann::json& body);
// {"error": {"code": code, "message": message}}
void sendError(Poco::Net::HTTPServerResponse& response, int status, const std::string& code, const std::string& message);

// True when the request carries "Authorization: Bearer <token>" and token is not empty (compared with
// crmsync::constantTimeEquals, crmsync/secure_compare.h).
bool hasBearer(const Poco::Net::HTTPServerRequest& request, const std::string& token);

}  // namespace crmsync::http
