#include "channels/whatsapp_cloud/payload_parser.h"

#include <exception>
#include <optional>
#include <utility>

#include "channels/whatsapp_cloud/json_util.h"
#include "channels/whatsapp_cloud/message_mapper.h"
#include "channels/whatsapp_cloud/status_mapper.h"
#include "channels/whatsapp_cloud/value_context.h"

namespace crmsync::channels::whatsapp {
namespace {

using Error = std::optional<std::string>;

constexpr const char* kObjectName = "whatsapp_business_account";
constexpr const char* kNotConversation = "not a conversation event";

struct TooDeep {};

// Parses `body`, refusing nesting deeper than kMaxDepth before the tree is built any deeper.
Error parseJson(const std::string& body, Json& out) {
  Json::parser_callback_t guard = [](int depth, Json::parse_event_t event, Json& /*parsed*/) {
    bool opens = event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start;
    if (opens && depth >= kMaxDepth) throw TooDeep{};
    return true;
  };
  try {
    out = Json::parse(body, guard);
  } catch (const Json::parse_error& e) {
    return "not JSON (byte " + std::to_string(e.byte) + "): " + e.what();
  } catch (const TooDeep&) {
    return "JSON nested deeper than " + std::to_string(kMaxDepth) + " levels";
  }
  return std::nullopt;
}

// The array member `key` of `value`, nullptr when missing or null; an error when of another type.
Error arrayMember(const Json& value, const char* key, const std::string& pointer, const Json*& out) {
  out = member(value, key);
  if (out == nullptr || out->is_null()) {
    out = nullptr;
    return std::nullopt;
  }
  if (!out->is_array()) return errorAt(pointer, std::string("'") + key + "' is not an array");
  return std::nullopt;
}

std::string errorsOnlyReason(const ValueContext& context) {
  if (context.errors == nullptr) return "no messages or statuses";
  const Json& first = context.errors->front();
  std::string code = member(first, "code") != nullptr ? member(first, "code")->dump() : "?";
  return "errors only, no messages or statuses (" + code + ": " + stringOr(first, "title") + ")";
}

Error appendMessages(const ValueContext& context, const Json* list, const std::string& pointer, Direction direction,
                     ParseResult& out) {
  if (list == nullptr) return std::nullopt;
  for (std::size_t i = 0; i < list->size(); ++i) {
    Event event;
    if (auto error = mapMessage(context, (*list)[i], childPointer(pointer, i), direction, event)) return error;
    out.events.push_back(std::move(event));
  }
  return std::nullopt;
}

Error appendStatuses(const ValueContext& context, const Json* list, const std::string& pointer, ParseResult& out) {
  if (list == nullptr) return std::nullopt;
  for (std::size_t i = 0; i < list->size(); ++i) {
    Event event;
    if (auto error = mapStatus(context, (*list)[i], childPointer(pointer, i), event)) return error;
    out.events.push_back(std::move(event));
  }
  return std::nullopt;
}

Error walkMessagesValue(const Json& value, const std::string& pointer, ParseResult& out) {
  const Json* messages = nullptr;
  const Json* statuses = nullptr;
  if (auto error = arrayMember(value, "messages", pointer, messages)) return error;
  if (auto error = arrayMember(value, "statuses", pointer, statuses)) return error;
  ValueContext context = ValueContext::from(value);
  if ((messages == nullptr || messages->empty()) && (statuses == nullptr || statuses->empty())) {
    out.ignored.push_back({"messages", errorsOnlyReason(context)});
    return std::nullopt;
  }
  if (auto error = appendMessages(context, messages, childPointer(pointer, "messages"), Direction::kInbound, out)) {
    return error;
  }
  return appendStatuses(context, statuses, childPointer(pointer, "statuses"), out);
}

Error walkEchoesValue(const Json& value, const std::string& pointer, ParseResult& out) {
  const Json* echoes = nullptr;
  if (auto error = arrayMember(value, "message_echoes", pointer, echoes)) return error;
  if (echoes == nullptr || echoes->empty()) {
    out.ignored.push_back({"smb_message_echoes", "no message echoes"});
    return std::nullopt;
  }
  ValueContext context = ValueContext::from(value);
  return appendMessages(context, echoes, childPointer(pointer, "message_echoes"), Direction::kOutbound, out);
}

Error walkChange(const Json& change, const std::string& pointer, ParseResult& out) {
  if (!change.is_object()) return errorAt(pointer, "not an object");
  std::string field;
  if (auto error = readRequiredString(change, "field", pointer, field)) return error;
  bool messages = field == "messages";
  if (!messages && field != "smb_message_echoes") {
    out.ignored.push_back({field, kNotConversation});
    return std::nullopt;
  }
  const Json* value = member(change, "value");
  if (value == nullptr) return errorAt(pointer, "missing 'value'");
  if (!value->is_object()) return errorAt(pointer, "'value' is not an object");
  std::string valuePointer = childPointer(pointer, "value");
  return messages ? walkMessagesValue(*value, valuePointer, out) : walkEchoesValue(*value, valuePointer, out);
}

Error walkEntry(const Json& entry, const std::string& pointer, ParseResult& out) {
  if (!entry.is_object()) return errorAt(pointer, "not an object");
  const Json* changes = nullptr;
  if (auto error = arrayMember(entry, "changes", pointer, changes)) return error;
  if (changes == nullptr) return std::nullopt;
  for (std::size_t i = 0; i < changes->size(); ++i) {
    if (auto error = walkChange((*changes)[i], childPointer(childPointer(pointer, "changes"), i), out)) return error;
  }
  return std::nullopt;
}

Error walkDocument(const Json& document, ParseResult& out) {
  if (!document.is_object()) return std::string("top level is not a JSON object but ") + document.type_name();
  const Json* object = member(document, "object");
  if (object == nullptr) return errorAt("/object", std::string("missing, expected '") + kObjectName + "'");
  if (!object->is_string() || object->get<std::string>() != kObjectName) {
    return errorAt("/object", std::string("expected '") + kObjectName + "', got " + object->dump());
  }
  const Json* entries = member(document, "entry");
  if (entries == nullptr) return errorAt("/entry", "missing");
  if (!entries->is_array()) return errorAt("/entry", "not an array");
  for (std::size_t i = 0; i < entries->size(); ++i) {
    if (auto error = walkEntry((*entries)[i], childPointer("/entry", i), out)) return error;
  }
  return std::nullopt;
}

ParseResult failure(std::string error) {
  ParseResult result;
  result.error = std::move(error);
  return result;
}

}  // namespace

ParseResult parsePayload(const std::string& body) {
  try {
    Json document;
    if (auto error = parseJson(body, document)) return failure(std::move(*error));
    ParseResult result;
    if (auto error = walkDocument(document, result)) return failure(std::move(*error));
    result.ok = true;
    return result;
  } catch (const std::exception& e) {
    // Not expected (every access above is type-checked); keeps parse() total, e.g. under memory pressure.
    return failure(std::string("internal error: ") + e.what());
  }
}

}  // namespace crmsync::channels::whatsapp
