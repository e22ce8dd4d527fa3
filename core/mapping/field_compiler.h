#pragma once
// Compiles one target field of a write ({"source": ..., "transforms": [...], "policy": ...}) or one
// context_read field ({"as": "context.deal.title"}), reporting every problem with its pointer.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "mapping/compiled.h"
#include "mapping/error_sink.h"
#include "mapping/transforms.h"

namespace crmsync::mapping {

std::optional<CompiledField> compileField(const std::string& name, const nlohmann::ordered_json& spec,
                                          const std::string& pointer, const LookupTables& lookups, ErrorSink& sink);

std::optional<CompiledField> compileContextField(const std::string& name, const nlohmann::ordered_json& spec,
                                                 const std::string& pointer, ErrorSink& sink);

// Reports every key of `object` not in `allowed` ("unknown key 'x' in <where> (did you mean ...)").
void reportUnknownKeys(const nlohmann::ordered_json& object, const std::vector<std::string>& allowed,
                       const std::string& pointer, const std::string& where, ErrorSink& sink);

}  // namespace crmsync::mapping
