#include "crm/pipedrive/pipedrive_requests.h"

#include <algorithm>

namespace crmsync::connectors::pipedrive {

using nlohmann::json;

namespace {

HttpRequest get(std::string target, std::string scope = "default") {
  HttpRequest r;
  r.method = "GET";
  r.target = std::move(target);
  r.headers["Accept"] = "application/json";
  r.scope = std::move(scope);
  return r;
}

HttpRequest withBody(const std::string& method, std::string target, const json& body) {
  HttpRequest r = get(std::move(target));
  r.method = method;
  r.headers["Content-Type"] = "application/json";
  // Invalid UTF-8 (never expected from WhatsApp) is replaced rather than thrown on the message path.
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

std::string page(int start) { return "&start=" + std::to_string(start) + "&limit=" + std::to_string(kPageLimit); }

std::string cursorParam(const std::string& cursor) { return cursor.empty() ? "" : "&cursor=" + urlEncode(cursor); }

}  // namespace

std::vector<std::string> phoneSearchTerms(const LookupQuery& query) {
  std::vector<std::string> terms;
  auto add = [&terms](const std::string& text) {
    std::string digits;
    for (char c : text) {
      if (c >= '0' && c <= '9') digits += c;
    }
    if (digits.size() >= 2 && std::find(terms.begin(), terms.end(), digits) == terms.end()) terms.push_back(digits);
  };
  for (const PhoneVariants& v : query.phones) add(!v.significant.empty() ? v.significant : v.e164);
  for (const Identifier& id : query.identifiers) {
    if (id.kind == IdentifierKind::kPhoneRaw) add(id.value);
  }
  return terms;
}

HttpRequest searchPersons(const std::string& term, const std::string& field, bool exactMatch,
                          const std::string& cursor) {
  return get("/api/v2/persons/search?term=" + urlEncode(term) + "&fields=" + urlEncode(field) + "&exact_match=" +
                 (exactMatch ? "true" : "false") + "&limit=" + std::to_string(kPageLimit) + cursorParam(cursor),
             kSearchScope);
}

HttpRequest listPersonsByIds(const std::vector<std::string>& ids) {
  std::string joined;
  for (const auto& id : ids) joined += (joined.empty() ? "" : ",") + id;
  return get("/api/v2/persons?ids=" + urlEncode(joined) + "&limit=" + std::to_string(kPageLimit));
}

HttpRequest getPerson(const std::string& id) { return get("/api/v2/persons/" + urlEncode(id)); }

HttpRequest createPerson(const json& body) { return withBody("POST", "/api/v2/persons", body); }

HttpRequest updatePerson(const std::string& id, const json& body) {
  return withBody("PATCH", "/api/v2/persons/" + urlEncode(id), body);
}

HttpRequest listPersonFields(int start) { return get("/api/v1/personFields?" + page(start).substr(1)); }

HttpRequest createPersonField(const std::string& name) {
  return withBody("POST", "/api/v1/personFields", json{{"name", name}, {"field_type", "varchar"}});
}

HttpRequest listNotes(const NotesQuery& query) {
  std::string target = "/api/v1/notes?person_id=" + urlEncode(query.personId);
  if (!query.startDate.empty() && !query.endDate.empty()) {
    target += "&start_date=" + urlEncode(query.startDate) + "&end_date=" + urlEncode(query.endDate);
  }
  // Newest first: the note a status is about is usually among the latest.
  return get(target + "&sort=" + urlEncode("add_time DESC") + page(query.start));
}

HttpRequest createNote(const json& body) { return withBody("POST", "/api/v1/notes", body); }

HttpRequest updateNote(const std::string& id, const std::string& content) {
  return withBody("PUT", "/api/v1/notes/" + urlEncode(id), json{{"content", content}});
}

HttpRequest listOpenDeals(const std::string& personId, const std::string& cursor) {
  return get("/api/v2/deals?person_id=" + urlEncode(personId) +
             "&status=open&sort_by=update_time&sort_direction=desc&limit=" + std::to_string(kPageLimit) +
             cursorParam(cursor));
}

HttpRequest listStages(const std::string& cursor) {
  return get("/api/v2/stages?limit=" + std::to_string(kPageLimit) + cursorParam(cursor));
}

}  // namespace crmsync::connectors::pipedrive
