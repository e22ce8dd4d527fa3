#pragma once
// Transforms of mapping documents: compiled once from their JSON ({"op": "truncate", "max": 255}), with
// every argument and the input type checked, then applied in order to a field's value. A compiled
// Transform is immutable and thread-safe.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mapping/error_sink.h"
#include "mapping/source_fields.h"

namespace crmsync::mapping {

using LookupTable = std::map<std::string, nlohmann::json>;
using LookupTables = std::map<std::string, std::shared_ptr<const LookupTable>>;

struct Transform {
  std::string op;
  std::function<nlohmann::json(const nlohmann::json&)> run;  // null in, null out (except default, lookup)
};

// What flows into the next transform at compile time: its type and where it comes from, for messages
// such as "'message.text' gives text".
struct Flow {
  ValueType type = ValueType::kAny;
  std::string origin;
};

// Every transform op, in documentation order.
const std::vector<std::string>& transformOps();

// Compiles `spec` found at `pointer`. Reports problems to `sink` (unknown op, unknown/missing/bad
// argument, unknown lookup table, type mismatch with `flow`) and returns nullopt then. Updates `flow` to
// what the transform produces.
std::optional<Transform> compileTransform(const nlohmann::ordered_json& spec, const std::string& pointer,
                                          const LookupTables& lookups, Flow& flow, ErrorSink& sink);

nlohmann::json applyTransforms(const std::vector<Transform>& transforms, nlohmann::json value);

}  // namespace crmsync::mapping
