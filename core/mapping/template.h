#pragma once
// Text templates of mapping documents: "{{path}}" inserts a source field (nothing when null),
// "{{#if path}}...{{else}}...{{/if}}" chooses (else optional, nesting allowed; true = not null, not empty,
// not false, not 0), "{{! comment }}" is dropped. Values are inserted as they are (no escaping): the
// connector encodes for its CRM. Immutable after parse(); render() is thread-safe.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace crmsync::mapping {

struct TemplateError {
  std::string message;
  int line = 0;    // 1-based, inside the template text
  int column = 0;  // 1-based, in characters
};

class Template {
 public:
  // The parsed template, or nullopt with every problem found appended to `errors`: syntax (unclosed tag,
  // unclosed or stray if/else), unknown source fields.
  static std::optional<Template> parse(const std::string& text, std::vector<TemplateError>& errors);

  // The text for these canonical sources (sources.h). Never throws.
  std::string render(const nlohmann::json& sources) const;

  struct Node {
    enum class Kind { kText, kField, kIf } kind = Kind::kText;
    std::string text;                // kText: the text; kField, kIf: the source path
    std::vector<Node> then, otherwise;  // kIf only
  };

 private:
  std::vector<Node> nodes_;
};

}  // namespace crmsync::mapping
