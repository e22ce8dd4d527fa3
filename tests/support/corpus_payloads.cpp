#include "support/corpus_payloads.h"

#include <nlohmann/json.hpp>

namespace crmsync::test {

using nlohmann::json;

namespace {

template <typename Fn>
void forEachValue(const json& doc, Fn fn) {
  if (!doc.contains("entry") || !doc["entry"].is_array()) return;
  for (const auto& entry : doc["entry"]) {
    if (!entry.contains("changes")) continue;
    for (const auto& change : entry["changes"]) {
      std::string field = change.value("field", "");
      if (change.contains("value")) fn(field, change["value"]);
    }
  }
}

}  // namespace

ExpectedContent expectedContent(const std::string& body) {
  ExpectedContent out;
  json doc = json::parse(body);
  forEachValue(doc, [&](const std::string& field, const json& value) {
    auto addMessages = [&](const char* key, bool outbound) {
      if (!value.contains(key)) return;
      for (const auto& m : value[key]) {
        ExpectedMessage e{m.value("id", ""), m.value("type", ""), "", outbound};
        if (e.type == "text" && m.contains("text")) e.text = m["text"].value("body", "");
        out.messages.push_back(e);
      }
    };
    if (field == "messages") {
      addMessages("messages", false);
      if (value.contains("statuses")) {
        for (const auto& s : value["statuses"]) out.statuses.push_back({s.value("id", ""), s.value("status", "")});
      }
    } else if (field == "smb_message_echoes") {
      addMessages("message_echoes", true);
    }
  });
  return out;
}

std::string withUniqueIds(const std::string& body, const std::string& suffix) {
  json doc = json::parse(body);
  auto rename = [&](json& items) {
    for (auto& item : items) {
      if (item.contains("id") && item["id"].is_string()) item["id"] = item["id"].get<std::string>() + suffix;
    }
  };
  if (!doc.contains("entry") || !doc["entry"].is_array()) return body;
  for (auto& entry : doc["entry"]) {
    if (!entry.contains("changes")) continue;
    for (auto& change : entry["changes"]) {
      if (!change.contains("value")) continue;
      for (const char* key : {"messages", "statuses", "message_echoes"}) {
        if (change["value"].contains(key) && change["value"][key].is_array()) rename(change["value"][key]);
      }
    }
  }
  return doc.dump();
}

namespace {

// One WhatsApp Cloud webhook body carrying `value`'s fields for the test business number.
std::string webhookBody(const json& fields) {
  json value = {{"messaging_product", "whatsapp"},
                {"metadata", {{"display_phone_number", "15550783881"}, {"phone_number_id", "106540352242922"}}}};
  value.update(fields);
  json body = {{"object", "whatsapp_business_account"},
               {"entry", {{{"id", "102290129340398"}, {"changes", {{{"field", "messages"}, {"value", value}}}}}}}};
  return body.dump();
}

}  // namespace

std::string textMessageBody(const std::string& id, const std::string& fromDigits, const std::string& text,
                            long timestamp, const std::string& name) {
  return webhookBody({{"contacts", {{{"profile", {{"name", name}}}, {"wa_id", fromDigits}}}},
                      {"messages",
                       {{{"from", fromDigits},
                         {"id", id},
                         {"timestamp", std::to_string(timestamp)},
                         {"type", "text"},
                         {"text", {{"body", text}}}}}}});
}

std::string statusBody(const std::string& id, const std::string& status, const std::string& recipientDigits,
                       long timestamp) {
  return webhookBody({{"statuses",
                       {{{"id", id},
                         {"status", status},
                         {"timestamp", std::to_string(timestamp)},
                         {"recipient_id", recipientDigits}}}}});
}

}  // namespace crmsync::test
