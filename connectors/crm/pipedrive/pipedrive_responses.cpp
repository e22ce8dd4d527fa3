// Parsing of Pipedrive's answers (declared in pipedrive_requests.h).

#include <algorithm>
#include <cctype>
#include <ctime>

#include "crm/pipedrive/pipedrive_requests.h"

namespace crmsync::connectors::pipedrive {

using nlohmann::json;

namespace {

template <typename T>
Result<T> unexpected(const std::string& what) {
  return Result<T>::fail(Outcome::retryable("Pipedrive sent an unexpected answer: " + what));
}

bool flag(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

std::string text(const json& object, const char* key) {
  auto it = object.find(key);
  return (it != object.end() && it->is_string()) ? it->get<std::string>() : std::string{};
}

// The envelope's `data`, or null when the body is not a Pipedrive envelope.
json dataOf(const std::string& body, bool& ok) {
  json doc = json::parse(body, nullptr, false);
  ok = doc.is_object() && doc.contains("data");
  return ok ? doc : json();
}

// Values of a v2 contact list ([{value, primary, label}]) or of a search item (["…"]).
std::vector<std::string> values(const json& list) {
  std::vector<std::string> out;
  if (!list.is_array()) return out;
  for (const auto& v : list) {
    if (v.is_string())
      out.push_back(v.get<std::string>());
    else if (v.is_object() && v.contains("value") && v["value"].is_string())
      out.push_back(v["value"].get<std::string>());
  }
  return out;
}

std::string nextCursor(const json& doc) {
  const json& extra = doc.value("additional_data", json::object());
  return extra.is_object() ? text(extra, "next_cursor") : std::string{};
}

// v1 pagination: additional_data.pagination {more_items_in_collection, next_start}.
std::optional<int> nextStart(const json& doc) {
  const json extra = doc.value("additional_data", json::object());
  if (!extra.is_object() || !extra.contains("pagination") || !extra["pagination"].is_object()) return std::nullopt;
  const json& p = extra["pagination"];
  if (!flag(p, "more_items_in_collection")) return std::nullopt;
  auto it = p.find("next_start");
  if (it == p.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int>();
}

// The amount as Pipedrive keeps it, as decimal text: 1500, 1500.5.
std::string amountText(const json& value) {
  if (value.is_number_integer() || value.is_number_unsigned()) return value.dump();
  if (value.is_number_float()) {
    std::string s = value.dump();
    if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
    return s;
  }
  return value.is_string() ? value.get<std::string>() : std::string{};
}

PersonRecord personOf(const json& p) {
  PersonRecord r;
  r.id = idText(p.value("id", json()));
  r.name = text(p, "name");
  r.ownerId = idText(p.value("owner_id", json()));
  r.orgId = idText(p.value("org_id", json()));
  r.phones = values(p.value("phones", json::array()));
  r.emails = values(p.value("emails", json::array()));
  json custom = p.value("custom_fields", json::object());
  if (custom.is_object()) r.customFields = custom;
  r.updatedAtMs = parseTimeMs(text(p, "update_time"));
  return r;
}

}  // namespace

std::string crmMessage(const HttpResponse& response) {
  json doc = json::parse(response.body, nullptr, false);
  if (doc.is_object()) {
    std::string error = text(doc, "error");
    if (!error.empty()) return error;
    return text(doc, "message");
  }
  return "";
}

Outcome outcomeOf(const HttpResponse& response, std::int64_t nowMs) {
  Outcome o = classifyHttp(response, "Pipedrive", crmMessage(response), nowMs);
  if (o.kind == Outcome::Kind::kRetryable && o.retryAfter.count() == 0) {
    const std::string reset = response.header("x-ratelimit-reset");
    if (!reset.empty() && reset.size() < 6 &&
        std::all_of(reset.begin(), reset.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) {
      o.retryAfter = std::chrono::milliseconds(std::stoll(reset) * 1000);
    }
  }
  if (o.isOk()) {
    json doc = json::parse(response.body, nullptr, false);
    if (doc.is_object() && doc.contains("success") && doc["success"] == false) {
      return Outcome::permanent("Pipedrive HTTP " + std::to_string(response.status) + ": " + crmMessage(response));
    }
  }
  return o;
}

std::int64_t parseTimeMs(const std::string& value) {
  std::tm tm{};
  const char* end = strptime(value.c_str(), "%Y-%m-%d", &tm);
  if (end == nullptr) return 0;
  if (*end == 'T' || *end == ' ') {
    if (strptime(end + 1, "%H:%M:%S", &tm) == nullptr) return 0;
  }
  return static_cast<std::int64_t>(timegm(&tm)) * 1000;
}

std::string idText(const json& value) {
  if (value.is_number_integer() || value.is_number_unsigned()) return value.dump();
  if (value.is_string()) return value.get<std::string>();
  if (value.is_object() && value.contains("id")) return idText(value["id"]);  // v1 {"id":…, "name":…}
  return "";
}

Result<SearchPage> parseSearchPage(const std::string& body) {
  bool ok = false;
  json doc = dataOf(body, ok);
  if (!ok || !doc["data"].is_object() || !doc["data"].value("items", json::array()).is_array()) {
    return unexpected<SearchPage>("search result without data.items");
  }
  SearchPage page;
  for (const auto& entry : doc["data"].value("items", json::array())) {
    const json item = entry.is_object() ? entry.value("item", json()) : json();
    if (!item.is_object() || idText(item.value("id", json())).empty()) continue;
    FoundPerson p;
    p.id = idText(item["id"]);
    p.name = text(item, "name");
    p.phones = values(item.value("phones", json::array()));
    p.emails = values(item.value("emails", json::array()));
    p.ownerId = idText(item.value("owner", json()));
    p.customValues = values(item.value("custom_fields", json::array()));
    page.items.push_back(std::move(p));
  }
  page.nextCursor = nextCursor(doc);
  return Result<SearchPage>::ok(std::move(page));
}

Result<PersonRecord> parsePerson(const std::string& body) {
  bool ok = false;
  json doc = dataOf(body, ok);
  if (!ok || !doc["data"].is_object()) return unexpected<PersonRecord>("person without data");
  return Result<PersonRecord>::ok(personOf(doc["data"]));
}

Result<std::vector<PersonRecord>> parsePersons(const std::string& body) {
  bool ok = false;
  json doc = dataOf(body, ok);
  if (!ok || !(doc["data"].is_array() || doc["data"].is_null())) {
    return unexpected<std::vector<PersonRecord>>("person list without data");
  }
  std::vector<PersonRecord> out;
  for (const auto& p : doc["data"].is_array() ? doc["data"] : json::array()) {
    if (p.is_object()) out.push_back(personOf(p));
  }
  return Result<std::vector<PersonRecord>>::ok(std::move(out));
}

Result<std::string> parseCreatedId(const std::string& body) {
  bool ok = false;
  json doc = dataOf(body, ok);
  std::string id = ok && doc["data"].is_object() ? idText(doc["data"].value("id", json())) : "";
  if (id.empty()) return unexpected<std::string>("created record without data.id");
  return Result<std::string>::ok(id);
}

Result<NotesPage> parseNotesPage(const std::string& body) {
  bool ok = false;
  json doc = dataOf(body, ok);
  // v1 lists answer data:null when nothing matches.
  if (!ok || !(doc["data"].is_array() || doc["data"].is_null())) return unexpected<NotesPage>("note list without data");
  NotesPage page;
  for (const auto& n : doc["data"].is_array() ? doc["data"] : json::array()) {
    if (!n.is_object()) continue;
    page.notes.push_back({idText(n.value("id", json())), text(n, "content")});
  }
  page.nextStart = nextStart(doc);
  return Result<NotesPage>::ok(std::move(page));
}

Result<Note> parseNote(const std::string& body) {
  bool ok = false;
  json doc = dataOf(body, ok);
  if (!ok || !doc["data"].is_object()) return unexpected<Note>("note without data");
  Note n{idText(doc["data"].value("id", json())), text(doc["data"], "content")};
  if (n.id.empty()) return unexpected<Note>("note without id");
  return Result<Note>::ok(std::move(n));
}

Result<DealsPage> parseDealsPage(const std::string& body) {
  bool ok = false;
  json doc = dataOf(body, ok);
  if (!ok || !(doc["data"].is_array() || doc["data"].is_null())) return unexpected<DealsPage>("deal list without data");
  DealsPage page;
  for (const auto& d : doc["data"].is_array() ? doc["data"] : json::array()) {
    if (!d.is_object()) continue;
    Deal deal;
    deal.id = idText(d.value("id", json()));
    deal.title = text(d, "title");
    deal.stage = idText(d.value("stage_id", json()));
    deal.status = text(d, "status");
    deal.amount = amountText(d.value("value", json()));
    deal.currency = text(d, "currency");
    deal.ownerId = idText(d.value("owner_id", json()));
    deal.updatedAtMs = parseTimeMs(text(d, "update_time"));
    page.deals.push_back(std::move(deal));
  }
  page.nextCursor = nextCursor(doc);
  return Result<DealsPage>::ok(std::move(page));
}

Result<FieldsPage> parseFieldsPage(const std::string& body) {
  bool ok = false;
  json doc = dataOf(body, ok);
  if (!ok || !(doc["data"].is_array() || doc["data"].is_null()))
    return unexpected<FieldsPage>("field list without data");
  FieldsPage page;
  for (const auto& f : doc["data"].is_array() ? doc["data"] : json::array()) {
    if (!f.is_object()) continue;
    std::string name = text(f, "name");
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    if (!name.empty() && !text(f, "key").empty()) page.keysByName.emplace(name, text(f, "key"));
  }
  page.nextStart = nextStart(doc);
  return Result<FieldsPage>::ok(std::move(page));
}

Result<std::string> parseFieldKey(const std::string& body) {
  bool ok = false;
  json doc = dataOf(body, ok);
  std::string key = ok && doc["data"].is_object() ? text(doc["data"], "key") : "";
  if (key.empty()) return unexpected<std::string>("created field without data.key");
  return Result<std::string>::ok(key);
}

Result<StagesPage> parseStagesPage(const std::string& body) {
  bool ok = false;
  json doc = dataOf(body, ok);
  if (!ok || !(doc["data"].is_array() || doc["data"].is_null()))
    return unexpected<StagesPage>("stage list without data");
  StagesPage page;
  for (const auto& s : doc["data"].is_array() ? doc["data"] : json::array()) {
    if (s.is_object()) page.namesById[idText(s.value("id", json()))] = text(s, "name");
  }
  page.nextCursor = nextCursor(doc);
  return Result<StagesPage>::ok(std::move(page));
}

}  // namespace crmsync::connectors::pipedrive
