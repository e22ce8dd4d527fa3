#pragma once
// Field mappings: what lands where in a CRM. One JSON document per connector (mappings/<connector>.json,
// JSON Schema in mappings/schema.json) says, for each kind of write, the target object and, per target
// field, where its value comes from (a canonical source field, a template or a constant), the transforms
// applied in order, and the write policy. Connectors take every field choice from these documents.
//
// A MappingDocument is compiled once (all checks happen then) and is immutable afterwards: share it
// between threads freely through std::shared_ptr<const MappingDocument>.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace crmsync::mapping {

// The kinds of write a document describes. Names in documents: "contact_create", "contact_update",
// "message_activity", "status_update", "context_read".
enum class WriteKind { kContactCreate, kContactUpdate, kMessageActivity, kStatusUpdate, kContextRead };
std::string toString(WriteKind kind);

// overwrite: always write; only_if_empty: write only when the CRM field is empty (never wipe what a
// lawyer typed); never: read-only for crmsync (kept in the document to say so explicitly).
enum class WritePolicy { kOverwrite, kOnlyIfEmpty, kNever };
std::string toString(WritePolicy policy);

struct FieldWrite {
  std::string field;     // the CRM's field name, e.g. "hs_communication_body"
  nlohmann::json value;  // string, number, bool or null after transforms
  WritePolicy policy = WritePolicy::kOverwrite;
};

struct MappedWrite {
  std::string object;              // the CRM object, e.g. "communications", "activity", "contact"
  std::vector<FieldWrite> fields;  // in document order; fields with policy never are left out
  // The value of a field by name, or null.
  const nlohmann::json& value(const std::string& field) const;
};

// One problem in a document. `pointer` is a JSON pointer into the document ("/writes/message_activity/
// fields/body/template"); for template syntax errors `line`/`column` are 1-based positions inside the
// template text; for JSON syntax errors they are positions in the file.
struct MappingError {
  std::string file;
  std::string pointer;
  std::string message;
  int line = 0;
  int column = 0;
  std::string toString() const;  // "file:/pointer: message (line L, column C)"
};

class MappingDocument {
 public:
  // Parses and checks `text`; returns the compiled document, or nullptr with every error found appended
  // to `errors` (unknown source field, unknown transform, bad transform arguments, type mismatch, missing
  // required target field, template syntax with line/column, unknown lookup table, JSON syntax).
  // `required` lists, per write kind name, the target fields the connector cannot do without (from the
  // connector's capabilities); a document that lacks one of them is refused.
  static std::shared_ptr<const MappingDocument> compile(
      const std::string& text, const std::string& file, std::vector<MappingError>& errors,
      const std::map<std::string, std::vector<std::string>>& required = {});

  const std::string& connector() const { return connector_; }
  const nlohmann::json& source() const { return source_; }  // the document as written

  // The write of `kind` for these canonical sources (see sources.h), or nullopt when the document does
  // not describe that kind. Never throws: a value that cannot be produced (missing source, unparseable
  // date) becomes null, then the field's `default` transform applies if any.
  std::optional<MappedWrite> apply(WriteKind kind, const nlohmann::json& sources) const;

  // The fields to read from the CRM for context (context_read), by CRM field name -> canonical name.
  std::vector<std::pair<std::string, std::string>> contextFields() const;

  struct Impl;
  explicit MappingDocument(std::unique_ptr<Impl> impl);
  ~MappingDocument();

 private:
  std::string connector_;
  nlohmann::json source_;
  std::unique_ptr<Impl> impl_;
};

// Every canonical source field name a document may use ("message.text", "person.phone", ...), with a
// one-line description, for validation, docs and the editor's completion.
const std::vector<std::pair<std::string, std::string>>& sourceFields();

}  // namespace crmsync::mapping
