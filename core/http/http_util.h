#pragma once
// Small helpers shared by the HTTP handlers: body reading with a limit, JSON/text answers, the admin
// bearer check. Stateless; safe from any thread.

#include <optional>
#include <string>

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <nlohmann/json.hpp>

#include "crmsync/channel.h"

namespace crmsync::http {

// The body, or nullopt when it is larger than maxBytes (the caller answers 413).
std::optional<std::string> readBody(Poco::Net::HTTPServerRequest& request, std::size_t maxBytes);

// Method, path, decoded query, lower-case headers and body, as a channel wants them.
InboundRequest toInbound(Poco::Net::HTTPServerRequest& request, std::string body);

void sendText(Poco::Net::HTTPServerResponse& response, int status, const std::string& text,
              const std::string& contentType = "text/plain; charset=utf-8");
void sendJson(Poco::Net::HTTPServerResponse& response, int status, const nlohmann::json& body);
// {"error": {"code": code, "message": message}}
void sendError(Poco::Net::HTTPServerResponse& response, int status, const std::string& code, const std::string& message);

// True when the request carries "Authorization: Bearer <token>" (constant-time compare).
bool hasBearer(const Poco::Net::HTTPServerRequest& request, const std::string& token);

bool constantTimeEquals(const std::string& a, const std::string& b);

}  // namespace crmsync::http
