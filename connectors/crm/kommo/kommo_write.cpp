// write() and describe(): notes on contacts, idempotent by lookup-before-write (kommo_notes.h).

#include <algorithm>
#include <deque>
#include <set>

#include "crm/kommo/kommo_connector.h"
#include "crm/kommo/kommo_contacts.h"
#include "crm/kommo/kommo_errors.h"
#include "crm/kommo/kommo_util.h"

namespace crmsync::connectors::kommo {

using nlohmann::json;

namespace {

// How far before an event's own time its note may have been written (clock skew between WhatsApp and
// Kommo), and how far back a status looks for its message's note.
constexpr std::int64_t kMessageLookbackS = 24 * 3600;
constexpr std::int64_t kStatusLookbackS = 30 * 24 * 3600;

bool isMessage(const Activity& a) { return a.event.kind == EventKind::kMessage; }

std::optional<std::string> problemWith(const Activity& a) {
  if (a.idempotencyKey.empty()) return "activity without an idempotency key";
  if (!a.object.empty() && a.object != "note" && a.object != "notes" && a.object != "contacts/notes") {
    return "activity object '" + a.object + "' is not supported by the Kommo connector (use \"note\")";
  }
  if ((!a.record.objectType.empty() && a.record.objectType != "contact") || !isKommoId(a.record.id)) {
    return "'" + a.record.objectType + " " + a.record.id + "' is not a Kommo contact id";
  }
  if (!isMessage(a) && a.event.providerId.empty()) return "status event without a message id";
  return std::nullopt;
}

std::int64_t lookbackFrom(const Activity& a) {
  return a.event.timestamp - (isMessage(a) ? kMessageLookbackS : kStatusLookbackS);
}

std::string placeholderText(const Activity& status) {
  NoteText note;
  note.status = statusLine(status);
  note.key = status.idempotencyKey;
  return note.render();
}

HttpRequest notesRequest(const std::string& method, const json& body) {
  HttpRequest r;
  r.method = method;
  r.target = kNotesPath;
  r.body = body.dump();
  return r;
}

// Requests of one kind gathered during a write() call, each with the activities it answers for.
template <typename Item>
struct Pending {
  std::vector<Item> items;
  std::vector<std::vector<std::size_t>> owners;

  template <typename Same>
  Item* find(Same same) {
    auto it = std::find_if(items.begin(), items.end(), same);
    return it == items.end() ? nullptr : &*it;
  }
  void add(std::size_t owner, Item item) {
    items.push_back(std::move(item));
    owners.push_back({owner});
  }
  void join(const Item& existing, std::size_t owner) {
    owners[static_cast<std::size_t>(&existing - items.data())].push_back(owner);
  }
};

auto holdsKey(const std::string& key) {
  return [key](const NewNote& n) { return NoteText::parse(n.text).key == key; };
}

// A status on its message's note: the stronger status goes into the note's text, in one PATCH per note.
void applyStatus(StoredNote& note, const Activity& status, std::size_t index, Pending<NoteEdit>& edits,
                 std::vector<std::optional<ActivityResult>>& results) {
  std::string text = withStatus(note.text, statusLine(status));
  NoteEdit* edit = edits.find([&](const NoteEdit& e) { return e.noteId == note.id; });
  if (edit == nullptr && text == note.text) {
    results[index] = ActivityResult{Outcome::ok(), note.id};
    return;
  }
  note.text = text;
  if (edit != nullptr) {
    edit->text = text;
    edits.join(*edit, index);
  } else {
    edits.add(index, {note.id, note.entityId, text});
  }
}

}  // namespace

// The notes crmsync knows during one write() call: those listed by the lookup, then those it writes.
class KommoConnector::NoteBook {
 public:
  explicit NoteBook(std::vector<StoredNote> notes) {
    for (StoredNote& n : notes) add(std::move(n));
  }
  StoredNote* byKey(const std::string& entityId, const std::string& key) {
    for (std::size_t i = 0; i < notes_.size(); ++i) {
      if (keys_[i] == key && notes_[i].entityId == entityId) return &notes_[i];
    }
    return nullptr;
  }
  void add(StoredNote note) {
    keys_.push_back(NoteText::parse(note.text).key);
    notes_.push_back(std::move(note));
  }
  std::set<std::string> failedKeys;  // messages whose note could not be written in this call

 private:
  std::deque<StoredNote> notes_;  // stable addresses: callers keep pointers while notes are added
  std::vector<std::string> keys_;
};

Result<std::vector<StoredNote>> KommoConnector::lookupNotes(const std::vector<Activity>& activities,
                                                            const Results& results) {
  std::vector<std::string> entities;
  std::int64_t from = 0;
  bool first = true;
  for (std::size_t i = 0; i < activities.size(); ++i) {
    if (results[i]) continue;
    const std::string& id = activities[i].record.id;
    if (std::find(entities.begin(), entities.end(), id) == entities.end()) entities.push_back(id);
    from = first ? lookbackFrom(activities[i]) : std::min(from, lookbackFrom(activities[i]));
    first = false;
  }
  std::vector<StoredNote> notes;
  for (std::size_t at = 0; at < entities.size(); at += kMaxEntitiesPerLookup) {
    std::vector<std::string> chunk(entities.begin() + static_cast<long>(at),
                                   entities.begin() + static_cast<long>(std::min(entities.size(), at + kMaxEntitiesPerLookup)));
    Outcome o = api_->forEachPage(lookupTarget(chunk, from), "default", [&](const json& page) {
      for (StoredNote& n : notesOf(page)) notes.push_back(std::move(n));
    });
    if (!o.isOk()) return Result<std::vector<StoredNote>>::fail(o);
  }
  return Result<std::vector<StoredNote>>::ok(std::move(notes));
}

std::vector<Outcome> KommoConnector::batchFailure(const Result<HttpResponse>& sent, std::size_t count) {
  if (!sent.isOk()) return std::vector<Outcome>(count, sent.outcome);
  Outcome whole = api_->outcomeOf(sent.value);
  if (whole.isOk()) whole = Outcome::retryable("Kommo's answer to the batch could not be read");
  std::map<std::string, std::string> perItem = itemErrors(sent.value.body);
  if (whole.kind != Outcome::Kind::kPermanent || perItem.empty()) return std::vector<Outcome>(count, whole);
  std::vector<Outcome> out;
  for (std::size_t i = 0; i < count; ++i) {
    auto it = perItem.find(std::to_string(i));
    out.push_back(it != perItem.end()
                      ? Outcome::permanent("Kommo HTTP " + std::to_string(sent.value.status) + ": " + it->second)
                      : Outcome::retryable("not written: Kommo refused the batch because of another item (" +
                                           whole.reason + ")"));
  }
  return out;
}

void KommoConnector::postNotes(const std::vector<NewNote>& notes, const std::vector<std::vector<std::size_t>>& owners,
                               NoteBook& book, Results& results) {
  for (std::size_t at = 0; at < notes.size(); at += kMaxNotesPerRequest) {
    std::vector<NewNote> chunk(notes.begin() + static_cast<long>(at),
                               notes.begin() + static_cast<long>(std::min(notes.size(), at + kMaxNotesPerRequest)));
    Result<HttpResponse> sent = api_->exchange(notesRequest("POST", createNotesBody(chunk)));
    json answer = sent.isOk() ? json::parse(sent.value.body, nullptr, false) : json();
    bool ok = sent.isOk() && api_->outcomeOf(sent.value).isOk() && answer.is_object();
    std::vector<std::string> ids = ok ? answeredIds(answer, chunk.size()) : std::vector<std::string>{};
    std::vector<Outcome> failed = ok ? std::vector<Outcome>{} : batchFailure(sent, chunk.size());
    for (std::size_t j = 0; j < chunk.size(); ++j) {
      ActivityResult r{ok ? Outcome::ok() : failed[j], ok ? ids[j] : ""};
      if (ok && ids[j].empty()) r.outcome = Outcome::retryable("Kommo's answer names no note for this item");
      if (r.outcome.isOk()) book.add({ids[j], chunk[j].entityId, chunk[j].text});
      if (!r.outcome.isOk()) book.failedKeys.insert(NoteText::parse(chunk[j].text).key);
      for (std::size_t i : owners[at + j]) results[i] = r;
    }
  }
}

void KommoConnector::patchNotes(const std::vector<NoteEdit>& edits, const std::vector<std::vector<std::size_t>>& owners,
                                Results& results) {
  for (std::size_t at = 0; at < edits.size(); at += kMaxNotesPerRequest) {
    std::vector<NoteEdit> chunk(edits.begin() + static_cast<long>(at),
                                edits.begin() + static_cast<long>(std::min(edits.size(), at + kMaxNotesPerRequest)));
    Result<HttpResponse> sent = api_->exchange(notesRequest("PATCH", editNotesBody(chunk)));
    bool ok = sent.isOk() && api_->outcomeOf(sent.value).isOk();
    std::vector<Outcome> failed = ok ? std::vector<Outcome>{} : batchFailure(sent, chunk.size());
    for (std::size_t j = 0; j < chunk.size(); ++j) {
      for (std::size_t i : owners[at + j]) results[i] = ActivityResult{ok ? Outcome::ok() : failed[j], chunk[j].noteId};
    }
  }
}

void KommoConnector::writeMessages(const std::vector<Activity>& activities, NoteBook& book, Results& results) {
  Pending<NewNote> creates;
  for (std::size_t i = 0; i < activities.size(); ++i) {
    const Activity& a = activities[i];
    if (results[i] || !isMessage(a)) continue;
    if (StoredNote* note = book.byKey(a.record.id, a.idempotencyKey)) {
      results[i] = ActivityResult{Outcome::ok(), note->id};
    } else if (NewNote* same = creates.find(holdsKey(a.idempotencyKey))) {
      creates.join(*same, i);
    } else {
      creates.add(i, {a.record.id, messageText(a)});
    }
  }
  postNotes(creates.items, creates.owners, book, results);
}

void KommoConnector::writeStatuses(const std::vector<Activity>& activities, NoteBook& book, Results& results) {
  Pending<NoteEdit> edits;
  Pending<NewNote> placeholders;
  for (std::size_t i = 0; i < activities.size(); ++i) {
    const Activity& a = activities[i];
    if (results[i] || isMessage(a)) continue;
    const std::string messageKey = messageKeyOf(a.event);
    if (book.failedKeys.count(messageKey) > 0) {
      results[i] = ActivityResult{Outcome::retryable("its message's note could not be written in this call"), ""};
    } else if (StoredNote* note = book.byKey(a.record.id, messageKey)) {
      applyStatus(*note, a, i, edits, results);
    } else if (StoredNote* own = book.byKey(a.record.id, a.idempotencyKey)) {
      results[i] = ActivityResult{Outcome::ok(), own->id};
    } else if (NewNote* same = placeholders.find(holdsKey(a.idempotencyKey))) {
      placeholders.join(*same, i);
    } else {
      placeholders.add(i, {a.record.id, placeholderText(a)});
    }
  }
  patchNotes(edits.items, edits.owners, results);
  postNotes(placeholders.items, placeholders.owners, book, results);
}

Result<std::vector<ActivityResult>> KommoConnector::write(const std::vector<Activity>& activities) {
  using Out = std::vector<ActivityResult>;
  Results results(activities.size());
  for (std::size_t i = 0; i < activities.size(); ++i) {
    if (std::optional<std::string> problem = problemWith(activities[i])) results[i] = ActivityResult{Outcome::permanent(*problem), ""};
  }
  Result<std::vector<StoredNote>> known = lookupNotes(activities, results);
  if (!known.isOk()) return Result<Out>::fail(known.outcome);
  NoteBook book(std::move(known.value));
  writeMessages(activities, book, results);
  writeStatuses(activities, book, results);
  Out out;
  for (auto& r : results) out.push_back(r ? std::move(*r) : ActivityResult{Outcome::retryable("not attempted"), ""});
  return Result<Out>::ok(std::move(out));
}

std::vector<RequestPreview> KommoConnector::describe(const std::vector<Activity>& activities) const {
  std::vector<std::string> entities;
  std::int64_t from = 0;
  std::vector<NewNote> creates;
  json edits = json::array();
  for (std::size_t i = 0; i < activities.size(); ++i) {
    const Activity& a = activities[i];
    if (std::find(entities.begin(), entities.end(), a.record.id) == entities.end()) entities.push_back(a.record.id);
    from = i == 0 ? lookbackFrom(a) : std::min(from, lookbackFrom(a));
    if (isMessage(a)) {
      creates.push_back({a.record.id, messageText(a)});
      continue;
    }
    NoteText updated{"…", statusLine(a), messageKeyOf(a.event)};
    edits.push_back({{"id", "<the note holding " + updated.key + ">"},
                     {"entity_id", isKommoId(a.record.id) ? json(integerOf(a.record.id).value_or(0)) : json(a.record.id)},
                     {"note_type", "common"},
                     {"params", {{"text", updated.render()}}}});
  }
  std::vector<RequestPreview> out;
  if (activities.empty()) return out;
  out.push_back({"GET", pagedTarget(lookupTarget(entities, from), 1), nullptr});
  if (!creates.empty()) {
    json body = createNotesBody(creates);
    // A preview may be about a record not known yet: show its id as given rather than 0.
    for (std::size_t i = 0; i < creates.size(); ++i) {
      if (!isKommoId(creates[i].entityId)) body[i]["entity_id"] = creates[i].entityId;
    }
    out.push_back({"POST", kNotesPath, body});
  }
  if (!edits.empty()) out.push_back({"PATCH", kNotesPath, edits});
  return out;
}

}  // namespace crmsync::connectors::kommo
