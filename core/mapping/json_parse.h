#pragma once
// Parses the text of a mapping document, reporting JSON syntax errors with their line and column in the
// file, and duplicate keys (which JSON parsers silently collapse to the last one) with their pointer.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "mapping/error_sink.h"

namespace crmsync::mapping {

// The document in its written key order, or nullopt when it is not valid JSON or repeats a key.
std::optional<nlohmann::ordered_json> parseDocumentText(const std::string& text, ErrorSink& sink);

}  // namespace crmsync::mapping
