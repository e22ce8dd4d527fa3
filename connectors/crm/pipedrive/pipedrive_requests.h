#pragma once
// Pipedrive's HTTP API as pure functions: the requests the connector sends (paths, query strings, JSON
// bodies, rate-limit scope) and the parsing of what comes back. No I/O and no secrets: the connector adds
// the x-api-token header when it sends. Parsers never throw; a body of the wrong shape comes back as a
// Retryable outcome naming what was wrong (a proxy's HTML page is not a reason to dead-letter).
// Thread-safe (no state).

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "crmsync/crm_connector.h"
#include "crmsync/http_client.h"

namespace crmsync::connectors::pipedrive {

// The largest page the API serves for lists and search (v1 `limit`, v2 `limit`).
inline constexpr int kPageLimit = 500;
// Pipedrive's search endpoints have their own burst limit; requests tagged with it are budgeted apart.
inline constexpr const char* kSearchScope = "search";

// --- requests ---------------------------------------------------------------------------------------


// The phone search terms for a query, each searched with exact_match=false (see the connector header for
// why one term per number suffices): the national significant number's digits, or the digits of an
// unparseable number; distinct, at least 2 characters (the API's minimum).
std::vector<std::string> phoneSearchTerms(const LookupQuery& query);

// GET /api/v2/persons/search. `field` is one of phone, custom_fields, email, name, notes.
HttpRequest searchPersons(const std::string& term, const std::string& field, bool exactMatch,
                          const std::string& cursor = "");
// GET /api/v2/persons?ids=… (at most 100 ids).
HttpRequest listPersonsByIds(const std::vector<std::string>& ids);
HttpRequest getPerson(const std::string& id);
HttpRequest createPerson(const nlohmann::json& body);
HttpRequest updatePerson(const std::string& id, const nlohmann::json& body);

HttpRequest listPersonFields(int start);
HttpRequest createPersonField(const std::string& name);

// GET /api/v1/notes of one person; dates (YYYY-MM-DD) narrow by add_time when both are set.
struct NotesQuery {
  std::string personId;
  std::string startDate;
  std::string endDate;
  int start = 0;
};
HttpRequest listNotes(const NotesQuery& query);
HttpRequest createNote(const nlohmann::json& body);
HttpRequest updateNote(const std::string& id, const std::string& content);

HttpRequest listOpenDeals(const std::string& personId, const std::string& cursor);
HttpRequest listStages(const std::string& cursor);

// --- responses --------------------------------------------------------------------------------------

// Pipedrive's own error text from an error body ({"success":false,"error":"…"}); "" when there is none.
std::string crmMessage(const HttpResponse& response);
// classifyHttp with Pipedrive's message. A 429 without Retry-After waits x-ratelimit-reset seconds; a 2xx
// whose envelope says success:false is Permanent.
Outcome outcomeOf(const HttpResponse& response, std::int64_t nowMs);

// "2024-05-01T10:00:00Z" (v2) or "2024-05-01 10:00:00" (v1), UTC, to unix ms; 0 when unreadable.
std::int64_t parseTimeMs(const std::string& text);
// A JSON id (number or text) as text; "" for null or anything else.
std::string idText(const nlohmann::json& value);

struct FoundPerson {
  std::string id;
  std::string name;
  std::vector<std::string> phones;  // exactly as stored
  std::vector<std::string> emails;
  std::string ownerId;
  std::vector<std::string> customValues;  // searchable custom field values the search returned
};
struct SearchPage {
  std::vector<FoundPerson> items;
  std::string nextCursor;  // "" on the last page
};
Result<SearchPage> parseSearchPage(const std::string& body);

struct PersonRecord {
  std::string id;
  std::string name;
  std::string ownerId;
  std::string orgId;
  std::vector<std::string> phones;
  std::vector<std::string> emails;
  nlohmann::json customFields = nlohmann::json::object();
  std::int64_t updatedAtMs = 0;
};
Result<PersonRecord> parsePerson(const std::string& body);                // {data: person}
Result<std::vector<PersonRecord>> parsePersons(const std::string& body);  // {data: [person]}
// The id of the record a POST created ({data: {id}}).
Result<std::string> parseCreatedId(const std::string& body);

struct Note {
  std::string id;
  std::string content;
};
struct NotesPage {
  std::vector<Note> notes;
  std::optional<int> nextStart;  // set while more_items_in_collection
};
Result<NotesPage> parseNotesPage(const std::string& body);
Result<Note> parseNote(const std::string& body);

struct DealsPage {
  std::vector<Deal> deals;  // stage holds the stage id; the connector names it
  std::string nextCursor;
};
Result<DealsPage> parseDealsPage(const std::string& body);

struct FieldsPage {
  std::map<std::string, std::string> keysByName;  // lower-case field name -> field key
  std::optional<int> nextStart;
};
Result<FieldsPage> parseFieldsPage(const std::string& body);

// The key of a field POST /api/v1/personFields created ({data: {key}}).
Result<std::string> parseFieldKey(const std::string& body);

struct StagesPage {
  std::map<std::string, std::string> namesById;
  std::string nextCursor;
};
Result<StagesPage> parseStagesPage(const std::string& body);

}  // namespace crmsync::connectors::pipedrive
