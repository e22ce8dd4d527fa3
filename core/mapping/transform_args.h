#pragma once
// Reads and checks the arguments of one transform object, reporting each problem with the argument's
// name and pointer. Used only while compiling.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mapping/error_sink.h"

namespace crmsync::mapping {

class TransformArgs {
 public:
  TransformArgs(const nlohmann::ordered_json& spec, std::string op, std::string pointer, ErrorSink& sink);

  // Reports every key of the transform other than "op" and `names`.
  void allowOnly(std::initializer_list<const char*> names);
  std::optional<std::string> text(const char* name, bool required, bool nonEmpty = true);
  std::optional<std::int64_t> positive(const char* name, bool required);
  std::optional<std::string> choice(const char* name, bool required, const std::vector<std::string>& values);
  // A string, number or boolean (or null when `allowNull`).
  std::optional<nlohmann::json> scalar(const char* name, bool required, bool allowNull);
  bool has(const char* name) const { return spec_.contains(name); }

  // Reports a problem with argument `name` (its pointer, "'name' of transform 'op' <message>").
  void fail(const char* name, const std::string& message);
  bool ok() const { return ok_; }
  const std::string& pointer() const { return pointer_; }
  const std::string& op() const { return op_; }

 private:
  const nlohmann::ordered_json* find(const char* name, bool required, const std::string& expectation);

  const nlohmann::ordered_json& spec_;
  std::string op_;
  std::string pointer_;
  ErrorSink& sink_;
  bool ok_ = true;
};

}  // namespace crmsync::mapping
