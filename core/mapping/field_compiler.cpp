#include "mapping/field_compiler.h"

#include <utility>
#include <vector>

#include "mapping/source_fields.h"
#include "mapping/template.h"
#include "mapping/text_util.h"

namespace crmsync::mapping {
namespace {

using OrderedJson = nlohmann::ordered_json;

std::string joinList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// Which of source/template/value the field uses; reports none or several.
std::optional<CompiledField::Kind> originKind(const OrderedJson& spec, const std::string& pointer, ErrorSink& sink) {
  std::vector<std::string> present;
  for (const char* key : {"source", "template", "value"}) {
    if (spec.contains(key)) present.emplace_back(key);
  }
  if (present.size() == 1) {
    return present[0] == "source"     ? CompiledField::Kind::kSource
           : present[0] == "template" ? CompiledField::Kind::kTemplate
                                      : CompiledField::Kind::kValue;
  }
  sink.add(pointer, present.empty() ? "the field needs one of \"source\", \"template\" or \"value\""
                                    : "the field has both '" + present[0] + "' and '" + present[1] +
                                          "'; use exactly one of \"source\", \"template\" or \"value\"");
  return std::nullopt;
}

bool compileSource(const OrderedJson& value, const std::string& pointer, CompiledField& field, Flow& flow,
                   ErrorSink& sink) {
  if (!value.is_string()) {
    sink.add(pointer, "\"source\" must be a source field name as text, e.g. \"message.text\"");
    return false;
  }
  field.path = value.get<std::string>();
  const SourceField* known = findSourceField(field.path);
  if (known == nullptr) {
    sink.add(pointer, "unknown source field '" + field.path + "'" + didYouMeanSource(field.path) +
                          " (see docs/mappings.md for the list)");
    return false;
  }
  flow = {known->type, "source '" + field.path + "'"};
  return true;
}

bool compileTemplate(const OrderedJson& value, const std::string& pointer, CompiledField& field, Flow& flow,
                     ErrorSink& sink) {
  if (!value.is_string()) {
    sink.add(pointer, "\"template\" must be text, e.g. \"WhatsApp: {{message.text}}\"");
    return false;
  }
  std::vector<TemplateError> errors;
  field.text = Template::parse(value.get<std::string>(), errors);
  for (const TemplateError& error : errors) sink.add(pointer, "template: " + error.message, error.line, error.column);
  flow = {ValueType::kString, "the template"};
  return field.text.has_value();
}

bool compileValue(const OrderedJson& value, const std::string& pointer, CompiledField& field, Flow& flow,
                  ErrorSink& sink) {
  if (value.is_structured()) {
    sink.add(pointer, "\"value\" must be a text, number, true/false or null, not " + value.dump());
    return false;
  }
  field.constant = nlohmann::json::parse(value.dump());
  ValueType type = value.is_string() ? ValueType::kString
                   : value.is_number() ? ValueType::kNumber
                   : value.is_boolean() ? ValueType::kBool
                                        : ValueType::kAny;
  // A constant may be digits meant as a timestamp or a number: let the transforms decide.
  if (type == ValueType::kString && !value.get_ref<const std::string&>().empty() &&
      value.get_ref<const std::string&>().find_first_not_of("0123456789") == std::string::npos) {
    type = ValueType::kAny;
  }
  flow = {type, "the value"};
  return true;
}

bool compileTransforms(const OrderedJson& spec, const std::string& pointer, const LookupTables& lookups,
                       CompiledField& field, Flow flow, ErrorSink& sink) {
  if (!spec.is_array()) {
    sink.add(pointer, "\"transforms\" must be a list of transforms, e.g. [{\"op\": \"truncate\", \"max\": 255}]");
    return false;
  }
  bool ok = true;
  for (std::size_t i = 0; i < spec.size(); ++i) {
    auto transform = compileTransform(spec[i], pointer + "/" + std::to_string(i), lookups, flow, sink);
    if (transform) {
      field.transforms.push_back(std::move(*transform));
    } else {
      ok = false;
      flow = {ValueType::kAny, ""};  // do not pile type errors on top of the one reported
    }
  }
  return ok;
}

bool compilePolicy(const OrderedJson& spec, const std::string& pointer, CompiledField& field, ErrorSink& sink) {
  std::string name = spec.is_string() ? spec.get<std::string>() : "";
  if (name == "overwrite" || name == "only_if_empty" || name == "never") {
    field.policy = name == "overwrite"       ? WritePolicy::kOverwrite
                   : name == "only_if_empty" ? WritePolicy::kOnlyIfEmpty
                                             : WritePolicy::kNever;
    return true;
  }
  sink.add(pointer, "\"policy\" must be \"overwrite\", \"only_if_empty\" or \"never\", not " + spec.dump() +
                        didYouMean(name, {"overwrite", "only_if_empty", "never"}));
  return false;
}

}  // namespace

void reportUnknownKeys(const OrderedJson& object, const std::vector<std::string>& allowed, const std::string& pointer,
                       const std::string& where, ErrorSink& sink) {
  for (const auto& item : object.items()) {
    bool known = false;
    for (const std::string& key : allowed) known = known || key == item.key();
    if (known) continue;
    sink.add(pointerAppend(pointer, item.key()), "unknown key '" + item.key() + "' in " + where +
                                                     didYouMean(item.key(), allowed) + "; allowed: " + joinList(allowed));
  }
}

std::optional<CompiledField> compileField(const std::string& name, const OrderedJson& spec, const std::string& pointer,
                                          const LookupTables& lookups, ErrorSink& sink) {
  if (!spec.is_object()) {
    sink.add(pointer, "a field must be an object such as {\"source\": \"message.text\"}, not " + spec.dump());
    return std::nullopt;
  }
  std::size_t before = sink.count();
  reportUnknownKeys(spec, {"source", "template", "value", "transforms", "policy"}, pointer, "field '" + name + "'",
                    sink);
  CompiledField field;
  field.name = name;
  Flow flow;
  if (auto kind = originKind(spec, pointer, sink)) {
    field.kind = *kind;
    if (*kind == CompiledField::Kind::kSource) compileSource(spec["source"], pointer + "/source", field, flow, sink);
    if (*kind == CompiledField::Kind::kTemplate) {
      compileTemplate(spec["template"], pointer + "/template", field, flow, sink);
    }
    if (*kind == CompiledField::Kind::kValue) compileValue(spec["value"], pointer + "/value", field, flow, sink);
  }
  if (spec.contains("transforms")) {
    compileTransforms(spec["transforms"], pointer + "/transforms", lookups, field, flow, sink);
  }
  if (spec.contains("policy")) compilePolicy(spec["policy"], pointer + "/policy", field, sink);
  if (sink.count() != before) return std::nullopt;
  return field;
}

std::optional<CompiledField> compileContextField(const std::string& name, const OrderedJson& spec,
                                                 const std::string& pointer, ErrorSink& sink) {
  if (!spec.is_object() || !spec.contains("as")) {
    sink.add(pointer, "a context_read field must be an object such as {\"as\": \"context.deal.title\"}");
    return std::nullopt;
  }
  std::size_t before = sink.count();
  reportUnknownKeys(spec, {"as"}, pointer, "context_read field '" + name + "'", sink);
  const OrderedJson& as = spec["as"];
  std::string path = as.is_string() ? as.get<std::string>() : as.dump();
  if (path.compare(0, 8, "context.") != 0 || findSourceField(path) == nullptr) {
    sink.add(pointer + "/as", "'" + path + "' is not a context field" + didYouMeanSource(path, "context.") +
                                  "; context_read reads into context.* fields");
  }
  if (sink.count() != before) return std::nullopt;
  CompiledField field;
  field.name = name;
  field.path = path;
  return field;
}

}  // namespace crmsync::mapping
