#include <ctime>
#include <string>

#include "crmsync/http_client.h"

namespace crmsync {

std::int64_t retryAfterMs(const HttpResponse& response, std::int64_t nowMs) {
  std::string value = response.header("retry-after");
  if (value.empty()) return 0;
  if (value.find_first_not_of("0123456789") == std::string::npos && value.size() < 10) {
    return std::stoll(value) * 1000;
  }
  std::tm tm{};
  if (strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm) == nullptr) return 0;
  std::int64_t atMs = static_cast<std::int64_t>(timegm(&tm)) * 1000;
  return atMs > nowMs ? atMs - nowMs : 0;
}

Outcome classifyHttp(const HttpResponse& response, const std::string& crmName, const std::string& crmMessage,
                     std::int64_t nowMs) {
  const int status = response.status;
  if (status >= 200 && status < 300) return Outcome::ok();
  std::string reason = crmName + " HTTP " + std::to_string(status) + (crmMessage.empty() ? "" : ": " + crmMessage);
  if (status == 401 || status == 403) return Outcome::authFailed(reason);
  if (status == 408 || status == 429 || status >= 500) {
    return Outcome::retryable(reason, std::chrono::milliseconds(retryAfterMs(response, nowMs)));
  }
  return Outcome::permanent(reason);
}

}  // namespace crmsync
