#include <utility>

#include "crmsync/mapping.h"
#include "mapping/compiled.h"
#include "mapping/json_parse.h"
#include "mapping/sources.h"
#include "mapping/validator.h"

namespace crmsync::mapping {
namespace {

using Json = nlohmann::json;

Json produce(const CompiledField& field, const Json& sources) {
  switch (field.kind) {
    case CompiledField::Kind::kSource: return sourceValue(sources, field.path);
    case CompiledField::Kind::kTemplate: return field.text->render(sources);
    case CompiledField::Kind::kValue: return field.constant;
  }
  return nullptr;
}

}  // namespace

const std::vector<std::pair<WriteKind, std::string>>& writeKinds() {
  static const std::vector<std::pair<WriteKind, std::string>> kinds = {
      {WriteKind::kContactCreate, "contact_create"},
      {WriteKind::kContactUpdate, "contact_update"},
      {WriteKind::kMessageActivity, "message_activity"},
      {WriteKind::kStatusUpdate, "status_update"},
      {WriteKind::kContextRead, "context_read"}};
  return kinds;
}

std::string toString(WriteKind kind) {
  for (const auto& entry : writeKinds()) {
    if (entry.first == kind) return entry.second;
  }
  return "unknown";
}

std::string toString(WritePolicy policy) {
  switch (policy) {
    case WritePolicy::kOverwrite: return "overwrite";
    case WritePolicy::kOnlyIfEmpty: return "only_if_empty";
    case WritePolicy::kNever: return "never";
  }
  return "overwrite";
}

const Json& MappedWrite::value(const std::string& field) const {
  static const Json kNull;
  for (const FieldWrite& write : fields) {
    if (write.field == field) return write.value;
  }
  return kNull;
}

std::string MappingError::toString() const {
  std::string out = file;
  if (!pointer.empty()) out += (out.empty() ? "" : ":") + pointer;
  out += (out.empty() ? "" : ": ") + message;
  if (line > 0) out += " (line " + std::to_string(line) + ", column " + std::to_string(column) + ")";
  return out;
}

std::shared_ptr<const MappingDocument> MappingDocument::compile(
    const std::string& text, const std::string& file, std::vector<MappingError>& errors,
    const std::map<std::string, std::vector<std::string>>& required) {
  ErrorSink sink(file, errors);
  auto doc = parseDocumentText(text, sink);
  if (!doc) return nullptr;
  auto impl = compileDocument(*doc, required, sink);
  if (!impl) return nullptr;
  impl->source = Json::parse(text);
  return std::make_shared<const MappingDocument>(std::move(impl));
}

MappingDocument::MappingDocument(std::unique_ptr<Impl> impl)
    : connector_(impl->connector), source_(impl->source), impl_(std::move(impl)) {}

MappingDocument::~MappingDocument() = default;

std::optional<MappedWrite> MappingDocument::apply(WriteKind kind, const Json& sources) const {
  auto found = impl_->writes.find(kind);
  if (found == impl_->writes.end()) return std::nullopt;
  const CompiledWrite& write = found->second;
  MappedWrite out;
  out.object = write.object;
  for (const CompiledField& field : write.fields) {
    if (field.policy == WritePolicy::kNever) continue;
    Json value;
    try {
      value = applyTransforms(field.transforms, produce(field, sources));
    } catch (const std::exception&) {
      value = nullptr;  // a value that cannot be produced is missing, never an exception on the message path
    }
    out.fields.push_back(FieldWrite{field.name, std::move(value), field.policy});
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> MappingDocument::contextFields() const {
  std::vector<std::pair<std::string, std::string>> out;
  auto found = impl_->writes.find(WriteKind::kContextRead);
  if (found == impl_->writes.end()) return out;
  for (const CompiledField& field : found->second.fields) out.emplace_back(field.name, field.path);
  return out;
}

}  // namespace crmsync::mapping
