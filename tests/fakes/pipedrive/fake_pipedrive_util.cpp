#include "fakes/pipedrive/fake_pipedrive_util.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/DigestStream.h>
#include <Poco/SHA1Engine.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <sstream>

namespace crmsync::test::pipedrive {

using nlohmann::json;

std::string digitsOf(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out;
}

std::string lowerCase(const std::string& text) {
  std::string out = text;
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

namespace {
std::string formatTime(std::int64_t ms, const char* format) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}
}  // namespace

std::string isoTime(std::int64_t ms) { return formatTime(ms, "%Y-%m-%dT%H:%M:%SZ"); }
std::string v1Time(std::int64_t ms) { return formatTime(ms, "%Y-%m-%d %H:%M:%S"); }

std::optional<std::int64_t> parseV1Time(const std::string& text, bool dateOnly) {
  std::tm tm{};
  const char* format = dateOnly ? "%Y-%m-%d" : "%Y-%m-%d %H:%M:%S";
  const char* end = strptime(text.c_str(), format, &tm);
  if (end == nullptr || *end != '\0' || text.size() != (dateOnly ? 10u : 19u)) return std::nullopt;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000;
}

std::string encodeCursor(std::size_t offset) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder << "offset:" << offset;
  encoder.close();
  return out.str();
}

std::optional<std::size_t> decodeCursor(const std::string& cursor) {
  try {
    std::istringstream in(cursor);
    Poco::Base64Decoder decoder(in);
    std::string text((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
    if (text.rfind("offset:", 0) != 0) return std::nullopt;
    std::optional<long long> n = wholeNumber(text.substr(7));
    if (!n) return std::nullopt;
    return static_cast<std::size_t>(*n);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<FakeReply> unknownParameter(const FakeRequest& request, std::initializer_list<const char*> allowed) {
  for (const auto& [name, value] : request.query) {
    bool known = std::any_of(allowed.begin(), allowed.end(), [&param = name](const char* a) { return param == a; });
    if (!known) return pipedriveError(400, "Validation failed: unknown query parameter '" + name + "'");
  }
  return std::nullopt;
}

std::optional<long long> wholeNumber(const std::string& text) {
  if (text.empty() || text.size() > 18 || !std::all_of(text.begin(), text.end(), ::isdigit)) return std::nullopt;
  return std::stoll(text);
}

std::string fieldHash(const std::string& seed) {
  Poco::SHA1Engine sha1;
  sha1.update(seed);
  return Poco::DigestEngine::digestToHex(sha1.digest());
}

std::string sanitizeHtml(const std::string& html) {
  std::string out = html;
  for (std::size_t at = out.find("<!--"); at != std::string::npos; at = out.find("<!--", at)) {
    std::size_t end = out.find("-->", at);
    out.erase(at, end == std::string::npos ? std::string::npos : end + 3 - at);
  }
  for (std::size_t at = lowerCase(out).find("<script"); at != std::string::npos; at = lowerCase(out).find("<script")) {
    std::size_t end = lowerCase(out).find("</script>", at);
    out.erase(at, end == std::string::npos ? std::string::npos : end + 9 - at);
  }
  return out;
}

json v1Pagination(std::size_t start, std::size_t limit, std::size_t total) {
  json p = {{"start", start}, {"limit", limit}, {"more_items_in_collection", start + limit < total}};
  if (start + limit < total) p["next_start"] = start + limit;
  return {{"pagination", p}};
}

}  // namespace crmsync::test::pipedrive
