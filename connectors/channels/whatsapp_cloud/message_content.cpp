#include "channels/whatsapp_cloud/message_content.h"

#include <array>
#include <string_view>
#include <unordered_map>

namespace crmsync::channels::whatsapp {
namespace {

constexpr std::array<std::string_view, 16> kKnownContentKeys = {
    "text",        "image",  "video",    "audio", "document", "sticker", "location", "contacts",
    "interactive", "button", "reaction", "order", "system",   "edit",    "revoke",   "unsupported"};

// The named members of `source` that are present, copied into a new object.
Json pick(const Json& source, std::initializer_list<const char*> keys) {
  Json out = Json::object();
  for (const char* key : keys) {
    if (const Json* value = member(source, key)) out[key] = *value;
  }
  return out;
}

std::string scalarText(const Json* value) {
  if (value == nullptr) return {};
  if (value->is_string()) return value->get<std::string>();
  if (value->is_number()) return value->dump();
  return {};
}

void joinTo(std::string& out, const std::string& part, const char* separator) {
  if (part.empty()) return;
  if (!out.empty()) out += separator;
  out += part;
}

void mapText(const Json& message, const std::string& /*type*/, Event& event) {
  if (const Json* text = member(message, "text")) event.text = stringOr(*text, "body");
}

void mapMedia(const Json& message, const std::string& type, Event& event) {
  const Json* content = member(message, type);
  if (content == nullptr || !content->is_object()) return;
  event.media.push_back({stringOr(*content, "id"), stringOr(*content, "mime_type"), stringOr(*content, "sha256"),
                         stringOr(*content, "url"), stringOr(*content, "filename")});
  event.text = stringOr(*content, "caption");
  if (const Json* voice = member(*content, "voice"); voice != nullptr && voice->is_boolean()) {
    event.details["voice"] = *voice;
  }
  if (const Json* animated = member(*content, "animated"); animated != nullptr && animated->is_boolean()) {
    event.details["animated"] = *animated;
  }
}

void mapLocation(const Json& message, const std::string& /*type*/, Event& event) {
  const Json* location = member(message, "location");
  if (location == nullptr || !location->is_object()) return;
  event.details["location"] = pick(*location, {"latitude", "longitude", "name", "address", "url"});
  std::string label;
  joinTo(label, stringOr(*location, "name"), ", ");
  joinTo(label, stringOr(*location, "address"), ", ");
  std::string coordinates = scalarText(member(*location, "latitude"));
  joinTo(coordinates, scalarText(member(*location, "longitude")), ", ");
  event.text = label.empty() || coordinates.empty() ? label + coordinates : label + " (" + coordinates + ")";
}

std::string contactCardText(const Json& card) {
  std::string name;
  if (const Json* names = member(card, "name")) {
    name = stringOr(*names, "formatted_name");
    if (name.empty()) {
      joinTo(name, stringOr(*names, "first_name"), " ");
      joinTo(name, stringOr(*names, "last_name"), " ");
    }
  }
  std::string phones;
  if (const Json* list = member(card, "phones"); list != nullptr && list->is_array()) {
    for (const Json& phone : *list) joinTo(phones, stringOr(phone, "phone"), ", ");
  }
  if (phones.empty()) return name;
  return name.empty() ? phones : name + " (" + phones + ")";
}

void mapContacts(const Json& message, const std::string& /*type*/, Event& event) {
  const Json* cards = member(message, "contacts");
  if (cards == nullptr || !cards->is_array()) return;
  event.details["contacts"] = *cards;
  for (const Json& card : *cards) joinTo(event.text, contactCardText(card), "; ");
}

void mapInteractive(const Json& message, const std::string& /*type*/, Event& event) {
  const Json* interactive = member(message, "interactive");
  if (interactive == nullptr || !interactive->is_object()) return;
  std::string kind = stringOr(*interactive, "type");
  Json details = Json::object();
  details["type"] = kind;
  if (const Json* reply = member(*interactive, kind); reply != nullptr && reply->is_object()) {
    for (const auto& [key, value] : reply->items()) details[key] = value;
  }
  event.details["interactive"] = details;
  event.text = stringOr(details, "title");
  if (event.text.empty()) event.text = stringOr(details, "body");
  if (event.text.empty()) event.text = stringOr(details, "response");  // call_permission_reply
}

void mapButton(const Json& message, const std::string& /*type*/, Event& event) {
  const Json* button = member(message, "button");
  if (button == nullptr || !button->is_object()) return;
  event.text = stringOr(*button, "text");
  event.details["button"] = pick(*button, {"payload", "text"});
}

void mapReaction(const Json& message, const std::string& /*type*/, Event& event) {
  const Json* reaction = member(message, "reaction");
  if (reaction == nullptr || !reaction->is_object()) return;
  std::string emoji = stringOr(*reaction, "emoji");
  event.details["reaction"] = {
      {"message_id", stringOr(*reaction, "message_id")}, {"emoji", emoji}, {"removed", emoji.empty()}};
  event.text = emoji;
}

void mapOrder(const Json& message, const std::string& /*type*/, Event& event) {
  const Json* order = member(message, "order");
  if (order == nullptr || !order->is_object()) return;
  event.details["order"] = pick(*order, {"catalog_id", "product_items", "text"});
  event.text = stringOr(*order, "text");
}

void mapSystem(const Json& message, const std::string& /*type*/, Event& event) {
  const Json* system = member(message, "system");
  if (system == nullptr || !system->is_object()) return;
  event.text = stringOr(*system, "body");
  Json details = pick(*system, {"type", "customer"});
  std::string newWaId = stringOr(*system, "wa_id");
  if (newWaId.empty()) newWaId = stringOr(*system, "new_wa_id");  // older payloads
  if (!newWaId.empty()) details["wa_id"] = newWaId;
  if (const Json* identity = member(message, "identity")) details["identity"] = *identity;
  event.details["system"] = details;
}

void mapUnsupported(const Json& message, const std::string& /*type*/, Event& event) {
  if (const Json* unsupported = member(message, "unsupported")) event.details["unsupported"] = *unsupported;
}

void mapEdit(const Json& message, const std::string& /*type*/, Event& event) {
  const Json* edit = member(message, "edit");
  if (edit == nullptr || !edit->is_object()) return;
  Json details = pick(*edit, {"original_message_id"});
  if (const Json* nested = member(*edit, "message"); nested != nullptr && nested->is_object()) {
    std::string nestedType = messageType(*nested);
    details["type"] = nestedType;
    if (nestedType != "edit") mapContent(*nested, nestedType, event);
  }
  event.details["edit"] = details;
}

void mapRevoke(const Json& message, const std::string& /*type*/, Event& event) {
  if (const Json* revoke = member(message, "revoke")) event.details["revoke"] = pick(*revoke, {"original_message_id"});
}

using ContentMapper = void (*)(const Json&, const std::string&, Event&);

const std::unordered_map<std::string, ContentMapper>& contentMappers() {
  static const std::unordered_map<std::string, ContentMapper> mappers = {{"text", mapText},
                                                                         {"image", mapMedia},
                                                                         {"video", mapMedia},
                                                                         {"audio", mapMedia},
                                                                         {"document", mapMedia},
                                                                         {"sticker", mapMedia},
                                                                         {"location", mapLocation},
                                                                         {"contacts", mapContacts},
                                                                         {"interactive", mapInteractive},
                                                                         {"button", mapButton},
                                                                         {"reaction", mapReaction},
                                                                         {"order", mapOrder},
                                                                         {"system", mapSystem},
                                                                         {"unsupported", mapUnsupported},
                                                                         {"edit", mapEdit},
                                                                         {"revoke", mapRevoke}};
  return mappers;
}

}  // namespace

std::string messageType(const Json& message) {
  std::string type = stringOr(message, "type");
  if (type == "unknown") return "unsupported";
  if (!type.empty()) return type;
  for (std::string_view key : kKnownContentKeys) {
    if (member(message, key) != nullptr) return std::string(key);
  }
  return "unsupported";
}

void mapContent(const Json& message, const std::string& type, Event& event) {
  const auto& mappers = contentMappers();
  auto it = mappers.find(type);
  if (it != mappers.end()) {
    it->second(message, type, event);
  } else if (const Json* raw = member(message, type)) {
    event.details[type] = *raw;
  }
}

}  // namespace crmsync::channels::whatsapp
