#include "mapping/sources.h"

#include <utility>
#include <vector>

#include "crmsync/phone.h"

namespace crmsync::mapping {
namespace {

using Json = nlohmann::json;

Json text(const std::string& value) { return value.empty() ? Json() : Json(value); }

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (item.empty()) continue;
    if (!out.empty()) out += ",";
    out += item;
  }
  return out;
}

Json messageFields(const Event& event) {
  Json m = {{"id", text(event.providerId)},
            {"kind", toString(event.kind)},
            {"direction", toString(event.direction)}};
  bool isMessage = event.kind == EventKind::kMessage;
  std::vector<std::string> mediaIds;
  for (const Media& media : event.media) mediaIds.push_back(media.id);
  const Media* first = event.media.empty() ? nullptr : &event.media.front();
  m["type"] = isMessage ? text(event.type) : Json();
  m["text"] = isMessage ? text(event.text) : Json();
  m["has_media"] = isMessage ? Json(!event.media.empty()) : Json();
  m["media_count"] = isMessage ? Json(event.media.size()) : Json();
  m["media_ids"] = isMessage ? text(joined(mediaIds)) : Json();
  m["mime_type"] = isMessage && first ? text(first->mimeType) : Json();
  m["filename"] = isMessage && first ? text(first->filename) : Json();
  m["timestamp"] = isMessage && event.timestamp != 0 ? Json(event.timestamp) : Json();
  m["reply_to"] = isMessage ? text(event.replyTo) : Json();
  m["forwarded"] = isMessage ? Json(event.forwarded) : Json();
  m["url"] = isMessage && first ? text(first->url) : Json();
  return m;
}

Json statusFields(const Event& event) {
  Json s = {{"value", nullptr}, {"timestamp", nullptr}, {"error_code", nullptr}, {"error_title", nullptr}};
  if (event.kind != EventKind::kStatus) return s;
  s["value"] = text(event.status);
  s["timestamp"] = event.timestamp != 0 ? Json(event.timestamp) : Json();
  auto errors = event.details.find("errors");
  if (errors != event.details.end() && errors->is_array() && !errors->empty() && errors->front().is_object()) {
    const Json& first = errors->front();
    auto code = first.find("code");
    if (code != first.end() && code->is_number()) s["error_code"] = *code;
    auto title = first.find("title");
    if (title != first.end() && title->is_string()) s["error_title"] = text(title->get<std::string>());
  }
  return s;
}

void addDistinct(std::vector<std::string>& out, const Identifier& id, IdentifierKind kind) {
  if (id.kind != kind || id.value.empty()) return;
  for (const std::string& known : out) {
    if (known == id.value) return;
  }
  out.push_back(id.value);
}

Json personFields(const Event& event, const Person* person) {
  std::vector<std::string> phones, bsuids;
  for (const Identifier& id : event.counterpart) {
    addDistinct(phones, id, IdentifierKind::kPhone);
    addDistinct(bsuids, id, IdentifierKind::kWhatsappBsuid);
  }
  if (person != nullptr) {
    for (const IdentifierLink& link : person->identifiers) {
      addDistinct(phones, link.identifier, IdentifierKind::kPhone);
      addDistinct(bsuids, link.identifier, IdentifierKind::kWhatsappBsuid);
    }
  }
  std::string name = person != nullptr && !person->displayName.empty() ? person->displayName : event.profileName;
  return {{"id", person != nullptr ? Json(person->id) : Json()},
          {"display_name", text(name)},
          {"profile_name", text(event.profileName)},
          {"phone", phones.empty() ? Json() : Json(phones.front())},
          {"phones", text(joined(phones))},
          {"bsuid", bsuids.empty() ? Json() : Json(bsuids.front())}};
}

Json businessFields(const Event& event) {
  std::string number = event.businessNumber;
  if (!number.empty()) {
    // Meta shows the display number in international form without the "+".
    std::string candidate = number[0] == '+' ? number : "+" + number;
    if (auto e164 = phone::toE164(candidate, "")) number = *e164;
  }
  return {{"number", text(number)}, {"account_id", text(event.businessAccountId)}};
}

const Deal* latestOpenDeal(const CrmContext& context, int& openCount) {
  const Deal* latest = nullptr;
  openCount = 0;
  for (const Deal& deal : context.deals) {
    if (!deal.status.empty() && deal.status != "open") continue;
    ++openCount;
    if (latest == nullptr || deal.updatedAtMs > latest->updatedAtMs) latest = &deal;
  }
  return latest;
}

Json contextFields(const CrmContext* context) {
  Json deal = {{"id", nullptr},     {"title", nullptr},    {"stage", nullptr},   {"status", nullptr},
               {"amount", nullptr}, {"currency", nullptr}, {"owner_id", nullptr}};
  Json c = {{"owner_id", nullptr}, {"open_deals", nullptr}, {"deal", deal}};
  if (context == nullptr) return c;
  int openCount = 0;
  const Deal* latest = latestOpenDeal(*context, openCount);
  c["owner_id"] = text(context->ownerId);
  c["open_deals"] = openCount;
  if (latest != nullptr) {
    c["deal"] = {{"id", text(latest->id)},         {"title", text(latest->title)},
                 {"stage", text(latest->stage)},   {"status", text(latest->status)},
                 {"amount", text(latest->amount)}, {"currency", text(latest->currency)},
                 {"owner_id", text(latest->ownerId)}};
  }
  return c;
}

}  // namespace

Json buildSources(const Event& event, const Person* person, const CrmContext* context, const CrmRecordRef* record) {
  Json sources = Json::object();
  sources["message"] = messageFields(event);
  sources["status"] = statusFields(event);
  sources["person"] = personFields(event, person);
  sources["business"] = businessFields(event);
  sources["channel"] = {{"name", text(event.channel)}};
  sources["context"] = contextFields(context);
  sources["record"] = {{"id", record != nullptr ? text(record->id) : Json()},
                       {"object", record != nullptr ? text(record->objectType) : Json()}};
  return sources;
}

const Json& sourceValue(const Json& sources, const std::string& path) {
  static const Json kNull;
  const Json* node = &sources;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t dot = path.find('.', start);
    std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!node->is_object()) return kNull;
    auto it = node->find(key);
    if (it == node->end()) return kNull;
    node = &*it;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return *node;
}

}  // namespace crmsync::mapping
