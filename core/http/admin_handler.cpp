#include "http/admin_handler.h"

#include <Poco/URI.h>

#include "http/admin_assets.h"
#include "http/http_util.h"

namespace crmsync::http {

namespace {

std::string contentType(const std::string& name) {
  auto ends = [&](const char* ext) {
    std::string e(ext);
    return name.size() >= e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  return "application/octet-stream";
}

void serve(const std::string& name, Poco::Net::HTTPServerResponse& response) {
  const auto& assets = adminAssets();
  auto it = assets.find(name);
  if (it == assets.end()) {
    sendError(response, 404, "not_found", "no such file");
    return;
  }
  response.set("Cache-Control", "no-cache");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'");
  sendText(response, 200, it->second, contentType(name));
}

}  // namespace

void addAdminRoutes(Router& router) {
  router.add("GET", "/admin", [](auto&, auto& response) { serve("index.html", response); });
  router.add("GET", "/admin/", [](auto& request, auto& response) {
    std::string name = Poco::URI(request.getURI()).getPath().substr(7);
    serve(name.empty() ? "index.html" : name, response);
  });
}

}  // namespace crmsync::http
