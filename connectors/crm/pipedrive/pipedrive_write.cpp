// Timeline writes: notes, lookup-before-write, statuses in place (see pipedrive_connector.h).

#include <algorithm>
#include <functional>

#include "crm/pipedrive/pipedrive_connector.h"
#include "crm/pipedrive/pipedrive_notes.h"

namespace crmsync::connectors::pipedrive {

using nlohmann::json;

namespace {

// One activity made ready to send: its note body (for a status, the placeholder's), or why it cannot be.
struct Planned {
  std::size_t index = 0;
  bool message = true;
  Result<json> body;
  std::string noteKey;  // the key of the note it lands in (a status: its message's)
};

Planned plan(const Activity& a, std::size_t index) {
  const bool message = a.event.kind == EventKind::kMessage;
  return {index, message, message ? messageNoteBody(a) : placeholderNoteBody(a),
          message ? a.idempotencyKey : messageKeyOf(a.event)};
}

// The note lookup for these items: narrowed to their add_time window when every item is a message.
NotesQuery queryFor(const std::string& personId, const std::vector<Planned>& items) {
  NotesQuery q{personId, "", "", 0};
  std::vector<std::string> times;
  for (const Planned& p : items) {
    if (!p.message) return q;
    if (p.body.isOk()) times.push_back(p.body.value.value("add_time", std::string{}));
  }
  if (auto window = dateWindow(times)) {
    q.startDate = window->first;
    q.endDate = window->second;
  }
  return q;
}

// Activities grouped by person, in order of first appearance.
std::vector<std::pair<std::string, std::vector<std::size_t>>> byPerson(const std::vector<Activity>& activities) {
  std::vector<std::pair<std::string, std::vector<std::size_t>>> groups;
  for (std::size_t i = 0; i < activities.size(); ++i) {
    const std::string& id = activities[i].record.id;
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == id; });
    if (it == groups.end()) it = groups.insert(groups.end(), {id, {}});
    it->second.push_back(i);
  }
  return groups;
}

}  // namespace

Result<std::vector<ActivityResult>> PipedriveConnector::write(const std::vector<Activity>& activities) {
  std::vector<ActivityResult> out(activities.size());
  for (const auto& [personId, items] : byPerson(activities)) writeForPerson(personId, items, activities, out);
  return Result<std::vector<ActivityResult>>::ok(std::move(out));
}

void PipedriveConnector::writeForPerson(const std::string& personId, const std::vector<std::size_t>& items,
                                        const std::vector<Activity>& activities, std::vector<ActivityResult>& out) {
  // Lookup and write must not interleave with another worker's for the same person.
  std::lock_guard<std::mutex> lock(personLocks_[std::hash<std::string>{}(personId) % personLocks_.size()]);
  std::vector<Planned> planned;
  std::set<std::string> wanted;
  for (std::size_t i : items) {
    Planned p = plan(activities[i], i);
    if (!p.body.isOk()) {
      out[i] = {p.body.outcome, ""};
      continue;
    }
    wanted.insert(p.noteKey);
    planned.push_back(std::move(p));
  }
  if (planned.empty()) return;
  Result<NoteIndex> notes = notesOf(queryFor(personId, planned), wanted);
  for (const Planned& p : planned) {
    if (!notes.isOk()) {
      out[p.index] = {notes.outcome, ""};
      continue;
    }
    const Activity& a = activities[p.index];
    out[p.index] = p.message ? writeMessage(a, p.body.value, notes.value) : writeStatus(a, p.body.value, notes.value);
  }
}

// The person's notes carrying crmsync markers, page after page until every wanted key is found.
Result<PipedriveConnector::NoteIndex> PipedriveConnector::notesOf(NotesQuery query, std::set<std::string> wanted) {
  NoteIndex index;
  for (std::optional<int> start = 0; start && !wanted.empty();) {
    query.start = *start;
    Result<std::string> body = call(listNotes(query));
    if (!body.isOk()) return Result<NoteIndex>::fail(body.outcome);
    Result<NotesPage> page = parseNotesPage(body.value);
    if (!page.isOk()) return Result<NoteIndex>::fail(page.outcome);
    for (Note& n : page.value.notes) {
      std::string key = ownKey(n.content);
      if (key.empty() || index.count(key) != 0) continue;
      wanted.erase(key);
      index.emplace(std::move(key), std::move(n));
    }
    start = page.value.nextStart;
  }
  return Result<NoteIndex>::ok(std::move(index));
}

ActivityResult PipedriveConnector::writeMessage(const Activity& a, const json& body, NoteIndex& notes) {
  auto existing = notes.find(a.idempotencyKey);
  if (existing != notes.end()) {
    if (!isPlaceholder(existing->second.content)) return {Outcome::ok(), existing->second.id};
    // Its statuses arrived first: fill the placeholder in, keeping them.
    std::string content = body.value("content", std::string{}) + statusParagraphs(existing->second.content);
    return putContent(existing->second, a.idempotencyKey, content, notes);
  }
  Result<std::string> created = call(createNote(body));
  if (!created.isOk()) return {created.outcome, ""};
  Result<Note> note = parseNote(created.value);
  if (!note.isOk()) return {note.outcome, ""};
  if (note.value.content.empty()) note.value.content = body.value("content", std::string{});
  notes[a.idempotencyKey] = note.value;
  return {Outcome::ok(), note.value.id};
}

ActivityResult PipedriveConnector::writeStatus(const Activity& a, const json& placeholder, NoteIndex& notes) {
  const std::string messageKey = messageKeyOf(a.event);
  auto existing = notes.find(messageKey);
  if (existing == notes.end()) {
    return writeMessage(Activity{messageKey, a.record, a.event, a.object, a.fields}, placeholder, notes);
  }
  const Note& note = existing->second;
  if (note.content.find(statusMarker(a.idempotencyKey)) != std::string::npos) return {Outcome::ok(), note.id};
  return putContent(note, messageKey, note.content + statusParagraph(statusText(a), a.idempotencyKey), notes);
}

ActivityResult PipedriveConnector::putContent(const Note& note, const std::string& key, const std::string& content,
                                              NoteIndex& notes) {
  Result<std::string> updated = call(updateNote(note.id, content));
  if (!updated.isOk()) return {updated.outcome, ""};
  Result<Note> parsed = parseNote(updated.value);
  Note stored{note.id, parsed.isOk() && !parsed.value.content.empty() ? parsed.value.content : content};
  notes[key] = stored;
  return {Outcome::ok(), note.id};
}

// Previews may name a record that does not exist yet ("<record id>"): shown as given.
std::vector<RequestPreview> PipedriveConnector::describe(const std::vector<Activity>& activities) const {
  std::vector<RequestPreview> out;
  for (const auto& [personId, items] : byPerson(activities)) {
    const bool realId =
        !personId.empty() && personId.size() < 19 && personId.find_first_not_of("0123456789") == std::string::npos;
    std::vector<Planned> planned;
    for (std::size_t i : items) {
      Activity shown = activities[i];
      if (!realId) shown.record = {"person", "0"};
      planned.push_back(plan(shown, i));
      if (!realId && planned.back().body.isOk()) planned.back().body.value["person_id"] = personId;
    }
    HttpRequest lookup = listNotes(queryFor(personId, planned));
    out.push_back({lookup.method, lookup.target, nullptr});
    for (const Planned& p : planned) {
      const Activity& a = activities[p.index];
      // An activity write() would refuse shows why, in place of its body.
      json body = p.body.isOk() ? p.body.value : json{{"error", p.body.outcome.reason}};
      if (p.message) {
        out.push_back({"POST", "/api/v1/notes", body});
      } else {
        // In place on the message's note; a placeholder note (POST) when Pipedrive has none.
        out.push_back({"PUT",
                       "/api/v1/notes/{id}",
                       {{"content", "<content of the note marked " + noteMarker(p.noteKey) + ">" +
                                        statusParagraph(statusText(a), a.idempotencyKey)}}});
      }
    }
  }
  return out;
}

}  // namespace crmsync::connectors::pipedrive
