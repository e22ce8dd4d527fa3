#include "mapping/transforms.h"

#include <algorithm>
#include <utility>

#include "mapping/text_util.h"
#include "mapping/transform_args.h"
#include "mapping/transform_ops.h"

namespace crmsync::mapping {
namespace {

using Json = nlohmann::json;
using Run = std::function<Json(const Json&)>;

ValueType typeOf(const Json& value) {
  if (value.is_string()) return ValueType::kString;
  if (value.is_number()) return ValueType::kNumber;
  if (value.is_boolean()) return ValueType::kBool;
  return ValueType::kAny;
}

// Most transforms leave a missing value missing; only default and lookup act on null.
Run skipNull(std::function<Json(const Json&)> run) {
  return [run = std::move(run)](const Json& value) { return value.is_null() ? value : run(value); };
}

// Reports a type mismatch unless `flow` may carry one of `accepted`.
bool accepts(TransformArgs& args, const Flow& flow, std::initializer_list<ValueType> accepted, const char* needs,
             ErrorSink& sink) {
  if (flow.type == ValueType::kAny) return true;
  for (ValueType type : accepted) {
    if (type == flow.type) return true;
  }
  sink.add(args.pointer(), "type mismatch: transform '" + args.op() + "' needs " + needs + ", but " + flow.origin +
                               " gives " + toString(flow.type));
  return false;
}

std::optional<Run> compileTruncate(TransformArgs& args, Flow& flow, ErrorSink& sink) {
  args.allowOnly({"max", "ellipsis", "unit"});
  bool typeOk = accepts(args, flow, {ValueType::kString}, "text", sink);
  auto max = args.positive("max", true);
  std::string ellipsis = args.text("ellipsis", false, false).value_or("");
  auto unitName = args.choice("unit", false, {"characters", "utf16", "bytes"}).value_or("characters");
  ops::LengthUnit unit = unitName == "bytes"   ? ops::LengthUnit::kBytes
                         : unitName == "utf16" ? ops::LengthUnit::kUtf16
                                               : ops::LengthUnit::kCharacters;
  if (max && ops::lengthOf(ellipsis, unit) >= static_cast<std::size_t>(*max)) {
    args.fail("ellipsis", "must be shorter than 'max' (" + std::to_string(*max) + ")");
  }
  if (!args.ok() || !typeOk || !max) return std::nullopt;
  flow.type = ValueType::kString;
  auto limit = static_cast<std::size_t>(*max);
  return skipNull([limit, ellipsis, unit](const Json& v) { return ops::truncate(valueText(v), limit, ellipsis, unit); });
}

bool isUtc(const std::string& zone) { return zone == "UTC" || zone == "Etc/UTC"; }

std::optional<Run> compileDatetime(TransformArgs& args, Flow& flow, ErrorSink& sink) {
  args.allowOnly({"tz", "format"});
  bool typeOk = accepts(args, flow, {ValueType::kNumber}, "a number (unix seconds)", sink);
  auto format = args.text("format", true);
  bool fixedFormat = format && (*format == "iso8601" || *format == "unix_ms");
  if (format && !fixedFormat && format->find('%') == std::string::npos) {
    args.fail("format", "must be \"iso8601\", \"unix_ms\" or a strftime pattern such as \"%Y-%m-%d %H:%M\", not \"" +
                            *format + "\"");
  }
  auto zoneName = args.text("tz", format && !fixedFormat);
  cctz::time_zone zone = cctz::utc_time_zone();
  if (zoneName && (!ops::plausibleZoneName(*zoneName) || !cctz::load_time_zone(*zoneName, &zone))) {
    args.fail("tz", "is not a known time zone: '" + *zoneName + "' (use an IANA name such as \"Europe/Moscow\" or \"UTC\")");
  }
  if (!args.ok() || !typeOk || !format) return std::nullopt;
  flow.type = *format == "unix_ms" ? ValueType::kNumber : ValueType::kString;
  bool utc = !zoneName || isUtc(*zoneName);
  return skipNull([zone, format = *format, utc](const Json& v) -> Json {
    auto seconds = ops::unixSeconds(v);
    return seconds ? ops::formatTime(*seconds, format, zone, utc) : Json();
  });
}

std::optional<Run> compilePhone(TransformArgs& args, Flow& flow, ErrorSink& sink) {
  args.allowOnly({"format"});
  bool typeOk = accepts(args, flow, {ValueType::kString}, "a phone number as text", sink);
  auto format = args.choice("format", true, {"e164", "national", "international", "digits"});
  if (!args.ok() || !typeOk || !format) return std::nullopt;
  flow.type = ValueType::kString;
  return skipNull([format = *format](const Json& v) { return ops::formatPhone(valueText(v), format); });
}

ValueType tableType(const LookupTable& table, const std::optional<Json>& fallback) {
  std::optional<ValueType> type;
  auto merge = [&type](const Json& value) {
    if (value.is_null()) return;
    ValueType t = typeOf(value);
    type = !type || *type == t ? t : ValueType::kAny;
  };
  for (const auto& entry : table) merge(entry.second);
  if (fallback) merge(*fallback);
  return type.value_or(ValueType::kAny);
}

std::optional<Run> compileLookup(TransformArgs& args, Flow& flow, const LookupTables& lookups, ErrorSink& sink) {
  args.allowOnly({"table", "default"});
  bool typeOk = accepts(args, flow, {ValueType::kString, ValueType::kNumber, ValueType::kBool}, "a key", sink);
  auto name = args.text("table", true);
  auto fallback = args.scalar("default", false, true);
  auto table = name ? lookups.find(*name) : lookups.end();
  if (name && table == lookups.end()) {
    std::vector<std::string> names;
    for (const auto& entry : lookups) names.push_back(entry.first);
    std::string list;
    for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
    args.fail("table", "names an unknown lookup table '" + *name + "'" + didYouMean(*name, names) +
                           (list.empty() ? "; the document has no \"lookups\"" : "; tables: " + list));
  }
  if (!args.ok() || !typeOk || table == lookups.end()) return std::nullopt;
  flow.type = tableType(*table->second, fallback);
  return [entries = table->second, fallback = fallback.value_or(Json())](const Json& v) -> Json {
    if (v.is_null()) return fallback;
    auto hit = entries->find(valueText(v));
    return hit == entries->end() ? fallback : hit->second;
  };
}

std::optional<Run> compileDefault(TransformArgs& args, Flow& flow) {
  args.allowOnly({"value"});
  auto value = args.scalar("value", true, false);
  if (!args.ok() || !value) return std::nullopt;
  flow.type = flow.type == typeOf(*value) ? flow.type : ValueType::kAny;
  return [value = *value](const Json& v) {
    return v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty()) ? value : v;
  };
}

std::optional<Run> compileText(TransformArgs& args, Flow& flow, ErrorSink& sink) {
  bool isPrefix = args.op() == "prefix";
  if (isPrefix) {
    args.allowOnly({"value"});
  } else {
    args.allowOnly({});
  }
  bool typeOk = isPrefix ? accepts(args, flow, {ValueType::kString, ValueType::kNumber}, "text or a number", sink)
                         : accepts(args, flow, {ValueType::kString}, "text", sink);
  auto prefix = isPrefix ? args.text("value", true) : std::optional<std::string>("");
  if (!args.ok() || !typeOk || !prefix) return std::nullopt;
  flow.type = ValueType::kString;
  if (isPrefix) {
    return skipNull([prefix = *prefix](const Json& v) -> Json {
      std::string text = valueText(v);
      return text.empty() ? text : prefix + text;
    });
  }
  bool upper = args.op() == "upper";
  return skipNull([upper](const Json& v) { return ops::changeCase(valueText(v), upper); });
}

std::optional<Run> compileNumber(TransformArgs& args, Flow& flow, ErrorSink& sink) {
  args.allowOnly({});
  bool typeOk = accepts(args, flow, {ValueType::kString, ValueType::kNumber}, "text or a number", sink);
  if (!args.ok() || !typeOk) return std::nullopt;
  flow.type = ValueType::kNumber;
  return skipNull([](const Json& v) -> Json {
    if (v.is_number()) return v;
    return v.is_string() ? ops::toNumber(v.get<std::string>()) : Json();
  });
}

std::optional<Run> compileOp(TransformArgs& args, Flow& flow, const LookupTables& lookups, ErrorSink& sink) {
  const std::string& op = args.op();
  if (op == "truncate") return compileTruncate(args, flow, sink);
  if (op == "datetime") return compileDatetime(args, flow, sink);
  if (op == "phone") return compilePhone(args, flow, sink);
  if (op == "lookup") return compileLookup(args, flow, lookups, sink);
  if (op == "default") return compileDefault(args, flow);
  if (op == "number") return compileNumber(args, flow, sink);
  return compileText(args, flow, sink);  // upper, lower, prefix
}

}  // namespace

const std::vector<std::string>& transformOps() {
  static const std::vector<std::string> ops = {"truncate", "datetime", "phone", "lookup", "default",
                                               "upper",    "lower",    "prefix", "number"};
  return ops;
}

std::optional<Transform> compileTransform(const nlohmann::ordered_json& spec, const std::string& pointer,
                                          const LookupTables& lookups, Flow& flow, ErrorSink& sink) {
  if (!spec.is_object()) {
    sink.add(pointer, "a transform must be an object such as {\"op\": \"truncate\", \"max\": 255}, not " + spec.dump());
    return std::nullopt;
  }
  auto op = spec.find("op");
  if (op == spec.end() || !op->is_string()) {
    sink.add(op == spec.end() ? pointer : pointerAppend(pointer, "op"), "a transform needs \"op\" (its name as text)");
    return std::nullopt;
  }
  std::string name = op->get<std::string>();
  const auto& known = transformOps();
  if (std::find(known.begin(), known.end(), name) == known.end()) {
    std::string list;
    for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
    sink.add(pointerAppend(pointer, "op"),
             "unknown transform '" + name + "'" + didYouMean(name, known) + "; transforms are: " + list);
    return std::nullopt;
  }
  TransformArgs args(spec, name, pointer, sink);
  auto run = compileOp(args, flow, lookups, sink);
  if (!run) return std::nullopt;
  flow.origin = "transform '" + name + "'";
  return Transform{name, std::move(*run)};
}

Json applyTransforms(const std::vector<Transform>& transforms, Json value) {
  for (const Transform& transform : transforms) value = transform.run(value);
  return value;
}

}  // namespace crmsync::mapping
