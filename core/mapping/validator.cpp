#include "mapping/validator.h"

#include <utility>

#include "mapping/field_compiler.h"
#include "mapping/source_fields.h"
#include "mapping/text_util.h"

namespace crmsync::mapping {
namespace {

using OrderedJson = nlohmann::ordered_json;

std::vector<std::string> writeKindNames() {
  std::vector<std::string> names;
  for (const auto& kind : writeKinds()) names.push_back(kind.second);
  return names;
}

std::string kindList() {
  std::string list;
  for (const std::string& name : writeKindNames()) list += (list.empty() ? "" : ", ") + name;
  return list;
}

std::optional<WriteKind> writeKindNamed(const std::string& name) {
  for (const auto& kind : writeKinds()) {
    if (kind.second == name) return kind.first;
  }
  return std::nullopt;
}

std::string compileConnector(const OrderedJson& doc, ErrorSink& sink) {
  auto it = doc.find("connector");
  if (it == doc.end()) {
    sink.add("", "missing \"connector\": the name of the CRM connector this document is for, e.g. \"local\"");
    return "";
  }
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    sink.add("/connector", "\"connector\" must be a connector name as non-empty text, e.g. \"local\"");
    return "";
  }
  return it->get<std::string>();
}

LookupTables compileLookups(const OrderedJson& doc, ErrorSink& sink) {
  LookupTables tables;
  auto it = doc.find("lookups");
  if (it == doc.end()) return tables;
  if (!it->is_object()) {
    sink.add("/lookups", "\"lookups\" must be an object of tables, e.g. {\"owner_by_number\": {\"+155...\": \"u1\"}}");
    return tables;
  }
  for (const auto& table : it->items()) {
    std::string pointer = pointerAppend("/lookups", table.key());
    if (!table.value().is_object()) {
      sink.add(pointer, "lookup table '" + table.key() + "' must be an object of key -> value");
      continue;
    }
    auto entries = std::make_shared<LookupTable>();
    for (const auto& entry : table.value().items()) {
      if (entry.value().is_structured()) {
        sink.add(pointerAppend(pointer, entry.key()), "a lookup value must be a text, number, true/false or null");
        continue;
      }
      (*entries)[entry.key()] = nlohmann::json::parse(entry.value().dump());
    }
    tables[table.key()] = std::move(entries);
  }
  return tables;
}

// Checked on the document as written, so a missing field is reported even when other fields have errors.
void checkRequired(const OrderedJson& write, const std::vector<std::string>& required, const std::string& pointer,
                   ErrorSink& sink) {
  auto fields = write.is_object() ? write.find("fields") : write.end();
  if (fields == write.end() || !fields->is_object()) return;  // reported by compileWrite
  for (const std::string& name : required) {
    auto field = fields->find(name);
    if (field == fields->end()) {
      sink.add(pointer, "missing required target field '" + name + "' (the connector cannot write without it)");
    } else if (field->is_object() && field->contains("policy") && (*field)["policy"] == "never") {
      sink.add(pointerAppend(pointer, name) + "/policy",
               "required target field '" + name + "' cannot have policy \"never\"");
    }
  }
}

std::optional<CompiledWrite> compileWrite(WriteKind kind, const std::string& kindName, const OrderedJson& spec,
                                          const LookupTables& lookups, ErrorSink& sink) {
  std::string pointer = "/writes/" + kindName;
  if (!spec.is_object()) {
    sink.add(pointer, "a write must be an object with \"object\" and \"fields\"");
    return std::nullopt;
  }
  std::size_t before = sink.count();
  reportUnknownKeys(spec, {"object", "fields"}, pointer, "write '" + kindName + "'", sink);
  CompiledWrite write;
  auto object = spec.find("object");
  if (object == spec.end() || !object->is_string() || object->get_ref<const std::string&>().empty()) {
    sink.add(object == spec.end() ? pointer : pointer + "/object",
             "\"object\" must name the CRM object as non-empty text, e.g. \"contact\"");
  } else {
    write.object = object->get<std::string>();
  }
  auto fields = spec.find("fields");
  if (fields == spec.end() || !fields->is_object()) {
    sink.add(fields == spec.end() ? pointer : pointer + "/fields",
             "\"fields\" must be an object of CRM field name -> field");
    return std::nullopt;
  }
  for (const auto& item : fields->items()) {
    std::string fieldPointer = pointerAppend(pointer + "/fields", item.key());
    auto field = kind == WriteKind::kContextRead
                     ? compileContextField(item.key(), item.value(), fieldPointer, sink)
                     : compileField(item.key(), item.value(), fieldPointer, lookups, sink);
    if (field) write.fields.push_back(std::move(*field));
  }
  if (sink.count() != before) return std::nullopt;
  return write;
}

void compileWrites(const OrderedJson& doc, const LookupTables& lookups,
                   const std::map<std::string, std::vector<std::string>>& required, MappingDocument::Impl& impl,
                   ErrorSink& sink) {
  auto writes = doc.find("writes");
  if (writes == doc.end()) return;
  if (!writes->is_object()) {
    sink.add("/writes", "\"writes\" must be an object of write kind -> write");
    return;
  }
  for (const auto& item : writes->items()) {
    auto kind = writeKindNamed(item.key());
    if (!kind) {
      sink.add(pointerAppend("/writes", item.key()), "unknown write kind '" + item.key() + "'" +
                                                         didYouMean(item.key(), writeKindNames()) +
                                                         "; kinds are: " + kindList());
      continue;
    }
    auto write = compileWrite(*kind, item.key(), item.value(), lookups, sink);
    auto needs = required.find(item.key());
    if (needs != required.end()) checkRequired(item.value(), needs->second, "/writes/" + item.key() + "/fields", sink);
    if (write) impl.writes[*kind] = std::move(*write);
  }
}

}  // namespace

std::unique_ptr<MappingDocument::Impl> compileDocument(const OrderedJson& doc,
                                                       const std::map<std::string, std::vector<std::string>>& required,
                                                       ErrorSink& sink) {
  if (!doc.is_object()) {
    sink.add("", "a mapping document must be a JSON object with \"connector\" and \"writes\"");
    return nullptr;
  }
  std::size_t before = sink.count();
  reportUnknownKeys(doc, {"$schema", "connector", "description", "lookups", "writes"}, "", "the document", sink);
  auto impl = std::make_unique<MappingDocument::Impl>();
  impl->connector = compileConnector(doc, sink);
  auto description = doc.find("description");
  if (description != doc.end() && !description->is_string()) sink.add("/description", "\"description\" must be text");
  LookupTables lookups = compileLookups(doc, sink);
  compileWrites(doc, lookups, required, *impl, sink);
  if (sink.count() != before) return nullptr;
  return impl;
}

}  // namespace crmsync::mapping
