#pragma once
// Kommo notes as crmsync writes them, without I/O. Every message becomes one `common` note on the contact
// (POST /api/v4/contacts/notes, an array); its text ends with a footer crmsync reads back:
//
//   <text from the mapping's message_activity "text", else the message text>
//   <label>: <value>              one line per other non-empty message_activity field
//   WhatsApp status: read — …     the message's delivery status, once one is known
//   crmsync-key: whatsapp:msg:…   the idempotency key (lookup-before-write finds it)
//
// A status updates the status line of its message's note in place (PATCH /api/v4/contacts/notes); a status
// of a message Kommo never got becomes a note of its own with the status's key. Pure; thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crmsync/crm_connector.h"

namespace crmsync::connectors::kommo {

inline constexpr const char* kKeyPrefix = "crmsync-key: ";
inline constexpr const char* kStatusPrefix = "WhatsApp status: ";
inline constexpr const char* kNotesPath = "/api/v4/contacts/notes";
// Kommo takes arrays in POST/PATCH bodies; 250 per request is the assumed maximum (❓ crm-contracts §4.3).
constexpr std::size_t kMaxNotesPerRequest = 250;
// Entity ids per lookup request (keeps the URL short).
constexpr std::size_t kMaxEntitiesPerLookup = 50;

// A note's text, split into what crmsync wrote above the footer, the status line's value and the key.
struct NoteText {
  std::string head;
  std::string status;  // "read — error 131047: …" (canonical status first), "" when none
  std::string key;     // "" when the note is not crmsync's
  std::string render() const;
  static NoteText parse(const std::string& text);
};

// The canonical status at the start of a status line value ("read" of "read — …").
std::string statusOf(const std::string& statusLine);
// The status line value for a status activity: its status, then its mapped status_update fields.
std::string statusLine(const Activity& status);
// The note text for a message activity (no status yet).
std::string messageText(const Activity& message);
// The idempotency key of the message a status is about ("whatsapp:msg:<providerId>").
std::string messageKeyOf(const Event& status);

// The text after applying a status: the stronger status wins (statusRank); equal or weaker leaves it.
std::string withStatus(const std::string& noteText, const std::string& line);

struct StoredNote {
  std::string id;
  std::string entityId;
  std::string text;
};

// GET target listing the notes of these contacts updated since `fromUnix` (KommoApi adds limit and page).
std::string lookupTarget(const std::vector<std::string>& entityIds, std::int64_t fromUnix);
std::vector<StoredNote> notesOf(const nlohmann::json& page);

struct NewNote {
  std::string entityId;
  std::string text;
};
nlohmann::json createNotesBody(const std::vector<NewNote>& notes);  // request_id = index in `notes`
struct NoteEdit {
  std::string noteId;
  std::string entityId;
  std::string text;
};
nlohmann::json editNotesBody(const std::vector<NoteEdit>& edits);
// The ids of a POST/PATCH answer, by request_id where Kommo echoes it, else in order.
std::vector<std::string> answeredIds(const nlohmann::json& answer, std::size_t count);

}  // namespace crmsync::connectors::kommo
