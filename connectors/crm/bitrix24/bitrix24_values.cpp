#include "crm/bitrix24/bitrix24_values.h"

#include <cctype>
#include <cstdio>
#include <ctime>

namespace crmsync::connectors::bitrix24 {

using nlohmann::json;

std::string textOf(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  if (value.is_number()) return value.dump();
  return {};
}

json fieldValue(const json& value) {
  if (value.is_boolean()) return value.get<bool>() ? "Y" : "N";
  return value;
}

bool isFieldName(const std::string& name) {
  if (name.empty() || std::isupper(static_cast<unsigned char>(name[0])) == 0) return false;
  for (unsigned char c : name) {
    if (std::isupper(c) == 0 && std::isdigit(c) == 0 && c != '_') return false;
  }
  return true;
}

bool isEmptyValue(const json& value) {
  if (value.is_null()) return true;
  if (value.is_string()) return value.get<std::string>().empty();
  if (value.is_array()) {
    for (const json& item : value) {
      if (!item.is_object() || !isEmptyValue(item.value("VALUE", json()))) return false;
    }
    return true;
  }
  return false;
}

std::int64_t parseTimeMs(const std::string& text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute, &second, &consumed) !=
      6) {
    return 0;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  std::int64_t seconds = static_cast<std::int64_t>(timegm(&tm));
  std::string zone = text.substr(static_cast<std::size_t>(consumed));
  int offsetHours = 0, offsetMinutes = 0;
  if (zone.size() >= 6 && (zone[0] == '+' || zone[0] == '-') &&
      std::sscanf(zone.c_str() + 1, "%2d:%2d", &offsetHours, &offsetMinutes) == 2) {
    const int offset = (offsetHours * 60 + offsetMinutes) * 60;
    seconds -= zone[0] == '+' ? offset : -offset;
  }
  return seconds * 1000;
}

std::string formatTime(std::int64_t unixSeconds) {
  std::time_t t = static_cast<std::time_t>(unixSeconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
  return buffer;
}

}  // namespace crmsync::connectors::bitrix24
