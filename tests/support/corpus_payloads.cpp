#include "support/corpus_payloads.h"

#include <set>

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
  ExpectedContent content = expectedContent(body);
  std::set<std::string> ids;
  for (const auto& m : content.messages) ids.insert(m.id);
  for (const auto& s : content.statuses) ids.insert(s.id);
  std::string out = body;
  for (const auto& id : ids) {
    if (id.empty()) continue;
    const std::string from = "\"" + id + "\"";
    const std::string to = "\"" + id + suffix + "\"";
    for (std::size_t pos = out.find(from); pos != std::string::npos; pos = out.find(from, pos + to.size())) {
      out.replace(pos, from.size(), to);
    }
  }
  return out;
}

std::string textMessageBody(const std::string& id, const std::string& fromDigits, const std::string& text,
                            long timestamp, const std::string& name) {
  json body = {
      {"object", "whatsapp_business_account"},
      {"entry",
       {{{"id", "102290129340398"},
         {"changes",
          {{{"field", "messages"},
            {"value",
             {{"messaging_product", "whatsapp"},
              {"metadata", {{"display_phone_number", "15550783881"}, {"phone_number_id", "106540352242922"}}},
              {"contacts", {{{"profile", {{"name", name}}}, {"wa_id", fromDigits}}}},
              {"messages",
               {{{"from", fromDigits},
                 {"id", id},
                 {"timestamp", std::to_string(timestamp)},
                 {"type", "text"},
                 {"text", {{"body", text}}}}}}}}}}}}}}};
  return body.dump();
}

}  // namespace crmsync::test
