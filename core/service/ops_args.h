#pragma once
// Argument handling shared by the operations commands (dlq, replay, reconcile,
// identity): named options taken out of the argument list, the acting admin,
// and times given as RFC 3339 or epoch milliseconds. Errors are UsageError (the
// command prints its usage and exits 2).

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace crmsync {

class UsageError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class OpsArgs {
public:
  explicit OpsArgs(std::vector<std::string> args) : args_(std::move(args)) {}

  // Removes "--name VALUE" (or "--name=VALUE") and returns VALUE; nullopt if
  // absent. A missing VALUE is a UsageError.
  std::optional<std::string> option(const std::string &name);
  // Removes "--name" and says whether it was there.
  bool flag(const std::string &name);
  // option() as a number; UsageError naming the option if it is not one.
  std::optional<std::int64_t> number(const std::string &name);
  // What is left once every option was taken: UsageError if an unknown
  // "--option" remains.
  const std::vector<std::string> &positional() const;

private:
  std::vector<std::string> args_;
};

// Event or person ids given on the command line; UsageError for anything that
// is not a positive integer.
std::int64_t parseId(const std::string &text, const std::string &what);

// "--actor NAME", else $USER, else "unknown": who did it, for the audit log.
std::string actorFrom(OpsArgs &args);

// Epoch milliseconds (all digits) or RFC 3339 ("2026-11-21T10:00:00Z",
// "...+01:00", fractions allowed). UsageError otherwise.
std::int64_t parseTimeMs(const std::string &text);

// Milliseconds since the epoch as RFC 3339 UTC with milliseconds, for output.
std::string formatTimeMs(std::int64_t ms);

} // namespace crmsync
