// Kommo's answer shapes: problem+json errors, validation-errors, HAL list pages, query parameters.

#include <chrono>

#include "fakes/kommo/fake_kommo_account.h"

namespace crmsync::test::kommo {

using nlohmann::json;

namespace {

const char* titleOf(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Error";
  }
}

std::optional<int> positive(const std::optional<std::string>& text) {
  if (!text || text->empty() || text->size() > 9 || text->find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  int v = std::stoi(*text);
  return v > 0 ? std::optional<int>(v) : std::nullopt;
}

}  // namespace

std::int64_t nowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

FakeAnswer problem(int status, const std::string& detail) {
  FakeAnswer a;
  a.status = status;
  a.contentType = "application/problem+json";
  a.body = {{"title", titleOf(status)},
            {"type", "https://httpstatus.es/" + std::to_string(status)},
            {"status", status},
            {"detail", detail}};
  return a;
}

FakeAnswer validationFailed(const ItemErrors& errors) {
  FakeAnswer a = problem(400, "Request validation failed");
  json items = json::array();
  for (const auto& [requestId, list] : errors) {
    json e = json::array();
    for (const FieldError& f : list) e.push_back({{"code", f.code}, {"path", f.path}, {"detail", f.detail}});
    items.push_back({{"request_id", requestId}, {"errors", e}});
  }
  a.body["validation-errors"] = items;
  return a;
}

std::vector<std::string> params(const FakeRequest& request, const std::string& key) {
  std::vector<std::string> out;
  for (const auto& [k, v] : request.query) {
    if (k == key || k == key + "[]") out.push_back(v);
  }
  return out;
}

std::optional<std::string> param(const FakeRequest& request, const std::string& key) {
  for (const auto& [k, v] : request.query) {
    if (k == key) return v;
  }
  return std::nullopt;
}

FakeAnswer listPage(const FakeRequest& request, const char* name, const std::vector<json>& items, int pageCap) {
  std::optional<std::string> limitText = param(request, "limit");
  std::optional<std::string> pageText = param(request, "page");
  std::optional<int> limit = limitText ? positive(limitText) : std::optional<int>(50);
  std::optional<int> page = pageText ? positive(pageText) : std::optional<int>(1);
  if (!limit || *limit > 250) {
    return validationFailed({{"0", {{"LessThanOrEqual", "limit", "This value should be less than or equal to 250."}}}});
  }
  if (!page) return validationFailed({{"0", {{"GreaterThanOrEqual", "page", "This value should be greater than 0."}}}});
  const std::size_t size = static_cast<std::size_t>(std::min(*limit, pageCap));
  const std::size_t first = static_cast<std::size_t>(*page - 1) * size;
  if (first >= items.size()) return FakeAnswer{204, nullptr, "", "", {}};
  json out = json::array();
  for (std::size_t i = first; i < items.size() && i < first + size; ++i) out.push_back(items[i]);
  const std::string self = request.path + "?page=" + std::to_string(*page) + "&limit=" + std::to_string(size);
  json links = {{"self", {{"href", self}}}};
  if (first + size < items.size()) {
    links["next"] = {{"href", request.path + "?page=" + std::to_string(*page + 1) + "&limit=" + std::to_string(size)}};
  }
  if (*page > 1) links["prev"] = {{"href", request.path + "?page=" + std::to_string(*page - 1) + "&limit=" + std::to_string(size)}};
  FakeAnswer a;
  a.body = {{"_page", *page}, {"_links", links}, {"_embedded", {{name, out}}}};
  return a;
}

}  // namespace crmsync::test::kommo
