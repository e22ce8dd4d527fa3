#pragma once
// The three-way outcome of every call on the message path (connectors, channels). Connectors only
// classify; retry policy, backoff, budgets and dead-lettering live once, in core.

#include <chrono>
#include <string>
#include <utility>

namespace crmsync {

struct Outcome {
  // kAuthFailed: the CRM refused the credentials (401/403). Core pauses the connector and raises an
  // alert instead of dead-lettering; the event is retried once someone fixes the token.
  enum class Kind { kOk, kRetryable, kPermanent, kAuthFailed };
  Kind kind = Kind::kOk;
  std::string reason;                           // for people: names the CRM's own message where there is one
  std::chrono::milliseconds retryAfter{0};      // Retryable only: the earliest moment to try again (0 = policy)

  static Outcome ok() { return {}; }
  static Outcome retryable(std::string why, std::chrono::milliseconds after = std::chrono::milliseconds{0}) {
    return {Kind::kRetryable, std::move(why), after};
  }
  static Outcome permanent(std::string why) { return {Kind::kPermanent, std::move(why), {}}; }
  static Outcome authFailed(std::string why) { return {Kind::kAuthFailed, std::move(why), {}}; }
  bool isOk() const { return kind == Kind::kOk; }
};

// A value or the reason there is none.
template <typename T>
struct Result {
  Outcome outcome;
  T value{};

  static Result ok(T v) { return {Outcome::ok(), std::move(v)}; }
  static Result fail(Outcome o) { return {std::move(o), T{}}; }
  bool isOk() const { return outcome.isOk(); }
};

}  // namespace crmsync
