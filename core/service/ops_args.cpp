#include "service/ops_args.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace crmsync {

namespace {

bool allDigits(const std::string &text) {
  return !text.empty() && text.size() <= 18 &&
         std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isdigit(c) != 0; });
}

} // namespace

std::optional<std::string> OpsArgs::option(const std::string &name) {
  const std::string prefix = name + "=";
  for (std::size_t i = 0; i < args_.size(); ++i) {
    if (args_[i] == name) {
      if (i + 1 >= args_.size())
        throw UsageError(name + " needs a value");
      std::string value = args_[i + 1];
      args_.erase(args_.begin() + static_cast<long>(i),
                  args_.begin() + static_cast<long>(i) + 2);
      return value;
    }
    if (args_[i].rfind(prefix, 0) == 0) {
      std::string value = args_[i].substr(prefix.size());
      args_.erase(args_.begin() + static_cast<long>(i));
      return value;
    }
  }
  return std::nullopt;
}

bool OpsArgs::flag(const std::string &name) {
  auto it = std::find(args_.begin(), args_.end(), name);
  if (it == args_.end())
    return false;
  args_.erase(it);
  return true;
}

std::optional<std::int64_t> OpsArgs::number(const std::string &name) {
  std::optional<std::string> value = option(name);
  if (!value)
    return std::nullopt;
  if (!allDigits(*value))
    throw UsageError(name + " must be a non-negative integer, not '" + *value +
                     "'");
  return std::stoll(*value);
}

const std::vector<std::string> &OpsArgs::positional() const {
  for (const auto &a : args_) {
    if (a.rfind("--", 0) == 0)
      throw UsageError("unknown option " + a);
  }
  return args_;
}

std::int64_t parseId(const std::string &text, const std::string &what) {
  if (!allDigits(text) || std::stoll(text) == 0)
    throw UsageError(what + " must be a positive integer, not '" + text + "'");
  return std::stoll(text);
}

std::string actorFrom(OpsArgs &args) {
  if (std::optional<std::string> actor = args.option("--actor");
      actor && !actor->empty())
    return *actor;
  const char *user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : "unknown";
}

std::int64_t parseTimeMs(const std::string &text) {
  if (allDigits(text))
    return std::stoll(text);
  int tzd = 0;
  Poco::DateTime parsed;
  // Poco's ISO 8601 parser also takes lone dates; RFC 3339 needs the time and
  // the zone.
  const bool hasZone =
      !text.empty() && (text.back() == 'Z' || text.back() == 'z' ||
                        text.find('+', 10) != std::string::npos ||
                        text.find('-', 10) != std::string::npos);
  if (text.size() < 20 || text[10] != 'T' || !hasZone ||
      !Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT,
                                      text, parsed, tzd)) {
    throw UsageError(
        "'" + text +
        "' is neither RFC 3339 (2026-11-21T10:00:00Z) nor epoch milliseconds");
  }
  parsed.makeUTC(tzd);
  return parsed.timestamp().epochMicroseconds() / 1000;
}

std::string formatTimeMs(std::int64_t ms) {
  Poco::Timestamp ts(static_cast<Poco::Timestamp::TimeVal>(ms) * 1000);
  return Poco::DateTimeFormatter::format(ts, "%Y-%m-%dT%H:%M:%S.%iZ");
}

} // namespace crmsync
