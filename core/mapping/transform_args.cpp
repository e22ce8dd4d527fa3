#include "mapping/transform_args.h"

#include <utility>

#include "mapping/source_fields.h"
#include "mapping/text_util.h"

namespace crmsync::mapping {

TransformArgs::TransformArgs(const nlohmann::ordered_json& spec, std::string op, std::string pointer, ErrorSink& sink)
    : spec_(spec), op_(std::move(op)), pointer_(std::move(pointer)), sink_(sink) {}

void TransformArgs::allowOnly(std::initializer_list<const char*> names) {
  std::vector<std::string> allowed(names.begin(), names.end());
  for (const auto& item : spec_.items()) {
    if (item.key() == "op") continue;
    bool known = false;
    for (const std::string& name : allowed) known = known || name == item.key();
    if (known) continue;
    std::string list;
    for (const std::string& name : allowed) list += (list.empty() ? "" : ", ") + name;
    sink_.add(pointerAppend(pointer_, item.key()),
              "unknown argument '" + item.key() + "' for transform '" + op_ + "'" + didYouMean(item.key(), allowed) +
                  (list.empty() ? " (it takes no arguments)" : " (arguments: " + list + ")"));
    ok_ = false;
  }
}

void TransformArgs::fail(const char* name, const std::string& message) {
  sink_.add(pointerAppend(pointer_, name), "'" + std::string(name) + "' of transform '" + op_ + "' " + message);
  ok_ = false;
}

const nlohmann::ordered_json* TransformArgs::find(const char* name, bool required, const std::string& expectation) {
  auto it = spec_.find(name);
  if (it != spec_.end()) return &*it;
  if (required) {
    sink_.add(pointer_, "transform '" + op_ + "' needs '" + name + "' (" + expectation + ")");
    ok_ = false;
  }
  return nullptr;
}

std::optional<std::string> TransformArgs::text(const char* name, bool required, bool nonEmpty) {
  const auto* value = find(name, required, "a text");
  if (value == nullptr) return std::nullopt;
  if (!value->is_string() || (nonEmpty && value->get_ref<const std::string&>().empty())) {
    fail(name, nonEmpty ? "must be a non-empty text" : "must be a text");
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<std::int64_t> TransformArgs::positive(const char* name, bool required) {
  const auto* value = find(name, required, "a positive whole number");
  if (value == nullptr) return std::nullopt;
  if (!value->is_number_integer() || value->get<std::int64_t>() <= 0 || value->get<std::int64_t>() > 100000000) {
    fail(name, "must be a positive whole number, not " + value->dump());
    return std::nullopt;
  }
  return value->get<std::int64_t>();
}

std::optional<std::string> TransformArgs::choice(const char* name, bool required,
                                                 const std::vector<std::string>& values) {
  std::string list;
  for (const std::string& v : values) list += (list.empty() ? "\"" : ", \"") + v + "\"";
  const auto* value = find(name, required, "one of " + list);
  if (value == nullptr) return std::nullopt;
  if (value->is_string()) {
    for (const std::string& v : values) {
      if (v == value->get_ref<const std::string&>()) return v;
    }
  }
  fail(name, "must be one of " + list + ", not " + value->dump());
  return std::nullopt;
}

std::optional<nlohmann::json> TransformArgs::scalar(const char* name, bool required, bool allowNull) {
  const auto* value = find(name, required, "a text, number or true/false");
  if (value == nullptr) return std::nullopt;
  if (value->is_structured() || (!allowNull && value->is_null())) {
    fail(name, std::string("must be a text, number") + (allowNull ? ", true/false or null" : " or true/false") +
                   ", not " + value->dump());
    return std::nullopt;
  }
  return nlohmann::json::parse(value->dump());
}

}  // namespace crmsync::mapping
