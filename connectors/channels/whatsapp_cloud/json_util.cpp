#include "channels/whatsapp_cloud/json_util.h"

#include <charconv>
#include <limits>

namespace crmsync::channels::whatsapp {

const Json* member(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string stringOr(const Json& object, std::string_view key) {
  const Json* value = member(object, key);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string{};
}

bool flag(const Json& object, std::string_view key) {
  const Json* value = member(object, key);
  return value != nullptr && value->is_boolean() && value->get<bool>();
}

std::string childPointer(const std::string& pointer, std::string_view token) {
  std::string out = pointer + "/";
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string childPointer(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

std::string errorAt(const std::string& pointer, const std::string& reason) { return pointer + ": " + reason; }

std::optional<std::int64_t> unixSeconds(const Json& value) {
  if (value.is_number_unsigned()) {
    auto raw = value.get<std::uint64_t>();
    if (raw > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(raw);
  }
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (!value.is_string()) return std::nullopt;
  const auto& text = value.get_ref<const std::string&>();
  if (text.empty()) return std::nullopt;
  std::int64_t out = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  if (ec != std::errc{} || ptr != end) return std::nullopt;
  return out;
}

std::optional<std::string> readTimestamp(const Json& object, const std::string& pointer, std::int64_t& out) {
  out = 0;
  const Json* value = member(object, "timestamp");
  if (value == nullptr) return std::nullopt;
  auto seconds = unixSeconds(*value);
  if (!seconds) return errorAt(pointer, "'timestamp' is not a unix time");
  out = *seconds;
  return std::nullopt;
}

std::optional<std::string> readRequiredString(const Json& object, std::string_view key, const std::string& pointer,
                                              std::string& out) {
  const Json* value = member(object, key);
  std::string name = "'" + std::string(key) + "'";
  if (value == nullptr) return errorAt(pointer, "missing " + name);
  if (!value->is_string()) return errorAt(pointer, name + " is not a string");
  out = value->get<std::string>();
  if (out.empty()) return errorAt(pointer, name + " is empty");
  return std::nullopt;
}

std::optional<std::string> readOptionalString(const Json& object, std::string_view key, const std::string& pointer,
                                              std::string& out) {
  out.clear();
  const Json* value = member(object, key);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (!value->is_string()) return errorAt(pointer, "'" + std::string(key) + "' is not a string");
  out = value->get<std::string>();
  return std::nullopt;
}

}  // namespace crmsync::channels::whatsapp
