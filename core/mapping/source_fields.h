#pragma once
// The table of canonical source fields (names, value types, descriptions) behind mapping::sourceFields(),
// with the lookups the validator needs. Pure data; thread-safe (built once, read-only afterwards).

#include <string>
#include <vector>

namespace crmsync::mapping {

// The type a value has at compile time, as far as it is knowable. kAny: could be anything (a lookup table
// with mixed values, a default of another type). Every source field may also be null (missing).
enum class ValueType { kString, kNumber, kBool, kAny };
std::string toString(ValueType type);  // "text", "number", "true/false", "any"

struct SourceField {
  std::string name;  // "message.text"
  ValueType type;
  std::string description;
};

// Every canonical field, in documentation order.
const std::vector<SourceField>& sourceFieldTable();
// The field called `name`, or nullptr.
const SourceField* findSourceField(const std::string& name);
// " (did you mean 'message.text'?)" for a near miss among `candidates`, else "".
std::string didYouMean(const std::string& name, const std::vector<std::string>& candidates);
// didYouMean over every source field name (or only those starting with `prefix`).
std::string didYouMeanSource(const std::string& name, const std::string& prefix = "");

}  // namespace crmsync::mapping
