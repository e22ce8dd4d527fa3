#pragma once
// The data and API operations behind FakeKommo: one Kommo account in memory. Not thread-safe: FakeKommo
// serialises every call with its mutex. Internal to the fake.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "fakes/kommo/fake_kommo.h"

namespace crmsync::test::kommo {

struct FakeRequest {
  std::string method;
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::string body;
};

struct FakeAnswer {
  int status = 200;
  nlohmann::json body;             // null: no body (204)
  std::string rawBody;             // used when body is null and this is not empty
  std::string contentType = "application/hal+json";
  std::map<std::string, std::string> headers;
};

struct FieldError {
  std::string code;
  std::string path;
  std::string detail;
};
using ItemErrors = std::vector<std::pair<std::string, std::vector<FieldError>>>;  // request_id → errors

// Kommo's error answers.
FakeAnswer problem(int status, const std::string& detail);
FakeAnswer validationFailed(const ItemErrors& errors);
// A HAL list page of `items` under _embedded.<name>, by the request's limit (default 50, 1..250) and page;
// 204 when the page is empty; 400 for a bad limit or page.
FakeAnswer listPage(const FakeRequest& request, const char* name, const std::vector<nlohmann::json>& items, int pageCap);
// Every value of query parameter `key` ("filter[id][]"); `key` without "[]" also matches its "[]" form.
std::vector<std::string> params(const FakeRequest& request, const std::string& key);
std::optional<std::string> param(const FakeRequest& request, const std::string& key);
std::int64_t nowUnix();

class KommoAccount {
 public:
  explicit KommoAccount(int pageCap);

  FakeAnswer handle(const FakeRequest& request);

  std::string addContact(const std::string& name, const std::vector<std::string>& phones, std::int64_t owner);
  std::string addLead(const std::string& contactId, const std::string& name, std::int64_t statusId, std::int64_t price,
                      std::int64_t owner);
  int contactCount() const { return static_cast<int>(contacts_.size()); }
  std::optional<nlohmann::json> contact(const std::string& id) const;
  std::vector<FakeNote> notes() const;
  std::vector<std::string> customFieldCodes() const;
  // Every lead as GET /api/v4/leads shows it, plus "contact_ids": the contacts it is linked to.
  std::vector<nlohmann::json> leads() const;

 private:
  // contacts and custom fields (fake_kommo_contacts.cpp)
  FakeAnswer listContacts(const FakeRequest& r);
  FakeAnswer getContact(std::int64_t id, const FakeRequest& r);
  FakeAnswer createContacts(const nlohmann::json& body);
  // A new contact from `input` (checked like POST /api/v4/contacts), not yet stored; false with `errors`.
  bool prepareContact(nlohmann::json& out, const nlohmann::json& input, const std::string& requestId, ItemErrors& errors);
  std::int64_t storeContact(nlohmann::json contact);  // gives it an id and keeps it
  FakeAnswer patchContact(std::int64_t id, const nlohmann::json& body);
  FakeAnswer listCustomFields(const FakeRequest& r);
  FakeAnswer createCustomFields(const nlohmann::json& body);
  bool applyContact(nlohmann::json& stored, const nlohmann::json& input, const std::string& requestId,
                    bool patch, ItemErrors& errors);
  std::optional<nlohmann::json> storedValues(const nlohmann::json& entry, const std::string& path,
                                             std::vector<FieldError>& errors) const;
  const nlohmann::json* fieldDef(const nlohmann::json& entry) const;
  nlohmann::json contactView(const nlohmann::json& stored, bool withLeads) const;
  bool matches(const nlohmann::json& contact, const std::string& query) const;
  nlohmann::json tagFor(const nlohmann::json& input);
  // notes (fake_kommo_notes.cpp)
  FakeAnswer listNotes(const FakeRequest& r);
  FakeAnswer createNotes(const nlohmann::json& body);
  FakeAnswer patchNotes(const nlohmann::json& body);
  std::vector<FieldError> checkNote(const nlohmann::json& note, bool patch) const;
  // leads, pipelines, account (fake_kommo_leads.cpp)
  FakeAnswer listLeads(const FakeRequest& r);
  // POST /api/v4/leads/complex: leads with their new contact and tags, all or nothing.
  FakeAnswer createComplexLeads(const nlohmann::json& body);
  std::vector<FieldError> checkComplexLead(const nlohmann::json& lead) const;
  nlohmann::json pipelines() const;
  nlohmann::json account() const;

  int pageCap_;
  std::int64_t nextId_ = 1000001;
  std::map<std::int64_t, nlohmann::json> contacts_;
  std::map<std::int64_t, std::vector<std::int64_t>> contactLeads_;
  std::vector<nlohmann::json> customFields_;
  std::map<std::string, std::int64_t> tags_;
  std::map<std::int64_t, nlohmann::json> notes_;
  std::map<std::int64_t, nlohmann::json> leads_;
};

}  // namespace crmsync::test::kommo
