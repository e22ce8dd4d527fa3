#pragma once
// The data and API behaviour behind FakePipedrive: persons, person fields, notes, deals and stages, with
// Pipedrive's real paths, JSON shapes, status codes, error bodies and pagination. No HTTP, no locking:
// FakePipedrive owns one instance and calls it under its mutex.
//
// Behaviour modelled on the real API (docs/connectors/pipedrive.md lists which parts are assumptions ❓):
// - Phones are stored exactly as entered. Person search (GET /api/v2/persons/search, fields=phone) ignores
//   every non-digit in both the stored phone and the term (❓): exact_match=true matches when the digits are
//   equal, exact_match=false when the term's digits occur anywhere in the stored digits. A term without
//   digits matches no phone. Other fields (name, email, custom_fields) compare case-insensitively: whole
//   value with exact_match, substring without. term: at least 2 characters, or 1 with exact_match.
// - Bodies and query strings are validated: unknown parameters, unknown custom field keys, missing required
//   fields, malformed values → 400 with {"success":false,"error":"…","error_info":"…","data":null,…};
//   unknown records → 404; unknown paths → 404.
// - Lists page at most `pageSize` items however large `limit` is (the real maximum is 500), so tests
//   exercise pagination: v2 by opaque next_cursor, v1 by start / more_items_in_collection / next_start.
// - Note content is sanitised the way an HTML sanitiser would (comments and <script> removed).

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace crmsync::test::pipedrive {

struct FakeRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> query;  // decoded
  std::string body;
};

struct FakeReply {
  int status = 200;
  nlohmann::json body;
  std::map<std::string, std::string> headers;
};

// Pipedrive's error envelope.
FakeReply pipedriveError(int status, const std::string& message);

class FakePipedriveCrm {
 public:
  explicit FakePipedriveCrm(int pageSize);

  FakeReply handle(const FakeRequest& request, std::int64_t nowMs);
  static bool isSearch(const FakeRequest& request);

  int addPerson(const std::string& name, const std::vector<std::string>& phones, std::int64_t nowMs);
  int addDeal(int personId, const std::string& title, int stageId, const std::string& status, double value,
              std::int64_t updateMs);

  int personCount() const { return static_cast<int>(persons_.size()); }
  std::vector<int> personIds() const;
  std::optional<nlohmann::json> person(int id) const;
  int notesContaining(const std::string& text) const;
  std::vector<std::string> noteContents(int personId) const;
  int fieldsNamed(const std::string& name) const;
  // Every lead as GET /api/v1/leads shows it, in creation order.
  nlohmann::json leads() const;
  // The lead labels the account has (Pipedrive's defaults: Hot, Warm, Cold): name -> UUID.
  static const std::map<std::string, std::string>& leadLabels();
  int pageSize() const { return pageSize_; }

 private:
  struct Person {
    int id = 0;
    std::string name;
    int ownerId = 1;
    nlohmann::json orgId;  // null or number
    int visibleTo = 3;
    nlohmann::json phones = nlohmann::json::array();  // [{value, primary, label}]
    nlohmann::json emails = nlohmann::json::array();
    nlohmann::json custom = nlohmann::json::object();  // field key -> value
    std::int64_t addMs = 0;
    std::int64_t updateMs = 0;
  };
  struct Field {
    int id = 0;
    std::string key;
    std::string name;
    std::string type;
    bool custom = false;
  };
  struct Note {
    int id = 0;
    std::string content;
    nlohmann::json links = nlohmann::json::object();  // person_id, deal_id, org_id, lead_id, project_id, user_id
    nlohmann::json pins = nlohmann::json::object();   // pinned_to_*_flag -> 0/1
    std::string addTime;                              // YYYY-MM-DD HH:MM:SS
    std::int64_t updateMs = 0;
  };
  struct Deal {
    int id = 0;
    std::string title;
    int personId = 0;
    int stageId = 1;
    std::string status = "open";
    double value = 0;
    std::int64_t addMs = 0;
    std::int64_t updateMs = 0;
  };
  struct Stage {
    int id;
    std::string name;
  };
  struct Lead {
    std::string id;  // UUID
    std::string title;
    int personId = 0;
    int ownerId = 1;
    nlohmann::json labelIds = nlohmann::json::array();
    std::int64_t addMs = 0;
  };

  FakeReply searchPersons(const FakeRequest& r);
  FakeReply listPersons(const FakeRequest& r);
  FakeReply createPerson(const FakeRequest& r, std::int64_t nowMs);
  FakeReply getPerson(int id) const;
  FakeReply patchPerson(int id, const FakeRequest& r, std::int64_t nowMs);
  FakeReply listFields(const FakeRequest& r) const;
  FakeReply createField(const FakeRequest& r);
  FakeReply listNotes(const FakeRequest& r) const;
  FakeReply createNote(const FakeRequest& r, std::int64_t nowMs);
  FakeReply updateNote(int id, const FakeRequest& r, std::int64_t nowMs);
  FakeReply listDeals(const FakeRequest& r) const;
  FakeReply listStages(const FakeRequest& r) const;
  FakeReply listLeads(const FakeRequest& r) const;
  FakeReply createLead(const FakeRequest& r, std::int64_t nowMs);
  nlohmann::json leadJson(const Lead& l) const;

  std::string applyPerson(const nlohmann::json& body, Person& p, bool creating) const;
  std::string applyNote(const nlohmann::json& body, Note& n, bool creating) const;
  bool matches(const Person& p, const std::string& term, const std::set<std::string>& fields, bool exact) const;
  nlohmann::json personJson(const Person& p) const;
  nlohmann::json searchItem(const Person& p) const;
  nlohmann::json noteJson(const Note& n) const;
  nlohmann::json dealJson(const Deal& d) const;
  // Page bounds for v2 (cursor) lists: the reply on error.
  std::optional<FakeReply> pageBounds(const FakeRequest& r, std::size_t& offset, std::size_t& count) const;

  int pageSize_;
  int nextId_ = 1;
  std::map<int, Person> persons_;
  std::vector<Field> fields_;
  std::map<int, Note> notes_;
  std::map<int, Deal> deals_;
  std::vector<Stage> stages_;
  std::vector<Lead> leads_;  // creation order
};

}  // namespace crmsync::test::pipedrive
