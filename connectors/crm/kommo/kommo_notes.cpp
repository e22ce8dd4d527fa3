#include "crm/kommo/kommo_notes.h"

#include "crm/kommo/kommo_util.h"

namespace crmsync::connectors::kommo {

using nlohmann::json;

namespace {

constexpr const char* kDash = " — ";

bool startsWith(const std::string& text, const std::string& prefix) { return text.compare(0, prefix.size(), prefix) == 0; }

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(std::move(line));
    if (nl == std::string::npos) return out;
    start = nl + 1;
  }
}

std::string defaultText(const Event& e) {
  if (!e.text.empty()) return e.text;
  std::string type = e.type.empty() ? "message" : e.type;
  std::string file = e.media.empty() || e.media.front().filename.empty() ? "" : ": " + e.media.front().filename;
  return "[" + type + file + "]";
}

}  // namespace

std::string NoteText::render() const {
  std::string out = head;
  if (!status.empty()) out += (out.empty() ? "" : "\n") + std::string(kStatusPrefix) + status;
  out += (out.empty() ? "" : "\n") + std::string(kKeyPrefix) + key;
  return out;
}

NoteText NoteText::parse(const std::string& text) {
  NoteText out;
  std::vector<std::string> all = lines(text);
  if (all.empty() || !startsWith(all.back(), kKeyPrefix)) {
    out.head = text;
    return out;
  }
  out.key = all.back().substr(std::string(kKeyPrefix).size());
  all.pop_back();
  if (!all.empty() && startsWith(all.back(), kStatusPrefix)) {
    out.status = all.back().substr(std::string(kStatusPrefix).size());
    all.pop_back();
  }
  for (std::size_t i = 0; i < all.size(); ++i) out.head += (i == 0 ? "" : "\n") + all[i];
  return out;
}

std::string statusOf(const std::string& statusLine) { return statusLine.substr(0, statusLine.find(kDash)); }

std::string statusLine(const Activity& status) {
  std::string line = status.event.status.empty() ? "unknown" : status.event.status;
  for (auto it = status.fields.begin(); it != status.fields.end(); ++it) {
    std::string value = textOf(*it);
    if (!value.empty() && value != status.event.status) line += kDash + value;
  }
  return line;
}

std::string messageText(const Activity& message) {
  NoteText note;
  auto text = message.fields.find("text");
  note.head = (text != message.fields.end() && text->is_string() && !text->get<std::string>().empty())
                  ? text->get<std::string>()
                  : defaultText(message.event);
  for (auto it = message.fields.begin(); it != message.fields.end(); ++it) {
    std::string value = textOf(*it);
    if (it.key() != "text" && !value.empty()) note.head += "\n" + it.key() + ": " + value;
  }
  note.key = message.idempotencyKey;
  return note.render();
}

std::string messageKeyOf(const Event& status) {
  Event message = status;
  message.kind = EventKind::kMessage;
  return message.dedupeKey();
}

std::string withStatus(const std::string& noteText, const std::string& line) {
  NoteText note = NoteText::parse(noteText);
  if (!note.status.empty() && statusRank(statusOf(line)) <= statusRank(statusOf(note.status))) return noteText;
  note.status = line;
  return note.render();
}

std::string lookupTarget(const std::vector<std::string>& entityIds, std::int64_t fromUnix) {
  std::string target = std::string(kNotesPath) + "?";
  for (const std::string& id : entityIds) target += filterKey("entity_id", true) + "=" + urlEncode(id) + "&";
  return target + filterKey("updated_at", false) + "%5Bfrom%5D=" + std::to_string(fromUnix < 0 ? 0 : fromUnix);
}

std::vector<StoredNote> notesOf(const json& page) {
  std::vector<StoredNote> out;
  for (const json& note : embedded(page, "notes")) {
    const json params = note.value("params", json::object());
    out.push_back({memberText(note, "id"), memberText(note, "entity_id"), memberText(params, "text")});
  }
  return out;
}

json createNotesBody(const std::vector<NewNote>& notes) {
  json body = json::array();
  for (std::size_t i = 0; i < notes.size(); ++i) {
    body.push_back({{"entity_id", integerOf(notes[i].entityId).value_or(0)},
                    {"note_type", "common"},
                    {"params", {{"text", notes[i].text}}},
                    {"request_id", std::to_string(i)}});
  }
  return body;
}

json editNotesBody(const std::vector<NoteEdit>& edits) {
  json body = json::array();
  for (std::size_t i = 0; i < edits.size(); ++i) {
    body.push_back({{"id", integerOf(edits[i].noteId).value_or(0)},
                    {"entity_id", integerOf(edits[i].entityId).value_or(0)},
                    {"note_type", "common"},
                    {"params", {{"text", edits[i].text}}}});
  }
  return body;
}

std::vector<std::string> answeredIds(const json& answer, std::size_t count) {
  std::vector<std::string> ids(count);
  const json& notes = embedded(answer, "notes");
  for (std::size_t i = 0; i < notes.size(); ++i) {
    std::string requestId = memberText(notes[i], "request_id");
    std::size_t at = isAllDigits(requestId) && requestId.size() < 9 ? std::stoul(requestId) : i;
    if (at < count) ids[at] = memberText(notes[i], "id");
  }
  return ids;
}

}  // namespace crmsync::connectors::kommo
