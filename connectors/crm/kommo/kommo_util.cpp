#include "crm/kommo/kommo_util.h"

#include "crmsync/phone.h"


namespace crmsync::connectors::kommo {

using nlohmann::json;

std::string pagedTarget(const std::string& target, int page) {
  const char sep = target.find('?') == std::string::npos ? '?' : '&';
  return target + sep + "limit=" + std::to_string(kMaxPageLimit) + "&page=" + std::to_string(page);
}

std::string filterKey(const std::string& name, bool array) {
  return "filter%5B" + name + "%5D" + (array ? "%5B%5D" : "");
}

bool isAllDigits(const std::string& text) { return !text.empty() && phone::digitsOf(text).size() == text.size(); }

std::string textOf(const json& value) {
  if (value.is_null()) return {};
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  if (value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
  if (value.is_number_float()) {
    double d = value.get<double>();
    if (d == static_cast<double>(static_cast<std::int64_t>(d))) return std::to_string(static_cast<std::int64_t>(d));
  }
  return value.dump();
}

std::optional<std::int64_t> integerOf(const json& value) {
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number_unsigned()) return static_cast<std::int64_t>(value.get<std::uint64_t>());
  if (value.is_string() && isAllDigits(value.get<std::string>()) && value.get<std::string>().size() < 19) {
    return std::stoll(value.get<std::string>());
  }
  return std::nullopt;
}

std::string memberText(const json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  if (it == object.end() || it->is_object() || it->is_array()) return {};
  return textOf(*it);
}

bool hasNextPage(const json& page) {
  if (!page.is_object()) return false;
  auto links = page.find("_links");
  return links != page.end() && links->is_object() && links->contains("next");
}

const json& embedded(const json& page, const char* name) {
  static const json kEmpty = json::array();
  if (!page.is_object()) return kEmpty;
  auto e = page.find("_embedded");
  if (e == page.end() || !e->is_object()) return kEmpty;
  auto it = e->find(name);
  return (it != e->end() && it->is_array()) ? *it : kEmpty;
}

}  // namespace crmsync::connectors::kommo
