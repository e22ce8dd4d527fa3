#pragma once
// The compiled form of a mapping document (MappingDocument::Impl): everything checked, ready to apply.
// Immutable after compile; shared freely between threads.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "crmsync/mapping.h"
#include "mapping/template.h"
#include "mapping/transforms.h"

namespace crmsync::mapping {

struct CompiledField {
  enum class Kind { kSource, kTemplate, kValue };
  std::string name;  // the CRM's field name
  Kind kind = Kind::kSource;
  std::string path;                  // kSource: the canonical field
  std::optional<Template> text;      // kTemplate
  nlohmann::json constant;           // kValue
  std::vector<Transform> transforms;
  WritePolicy policy = WritePolicy::kOverwrite;
};

struct CompiledWrite {
  std::string object;
  std::vector<CompiledField> fields;  // document order
};

// Every write kind with its name in documents, in documentation order.
const std::vector<std::pair<WriteKind, std::string>>& writeKinds();

}  // namespace crmsync::mapping

struct crmsync::mapping::MappingDocument::Impl {
  std::string connector;
  nlohmann::json source;
  std::map<WriteKind, CompiledWrite> writes;
};
