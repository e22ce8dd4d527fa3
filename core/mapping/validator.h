#pragma once
// Checks a parsed mapping document and compiles it. Every problem is reported to the sink with its JSON
// pointer; nothing stops at the first one.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mapping/compiled.h"
#include "mapping/error_sink.h"

namespace crmsync::mapping {

// The compiled document, or nullptr when anything was reported. `doc` keeps the document's key order.
std::unique_ptr<MappingDocument::Impl> compileDocument(const nlohmann::ordered_json& doc,
                                                       const std::map<std::string, std::vector<std::string>>& required,
                                                       ErrorSink& sink);

}  // namespace crmsync::mapping
