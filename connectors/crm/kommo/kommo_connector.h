#pragma once
// The Kommo (amoCRM) connector: contacts, notes and leads over Kommo's REST API v4, authenticated with a
// long-lived token (Authorization: Bearer). Every request goes through core's budgeted HttpClient with
// Kommo's limit of 7 requests per second (crm-contracts §4.6).
//
// find():    GET /api/v4/contacts?query=<term> per search term (kommo_contacts.h), every page; candidates
//            carry their phones exactly as stored (core re-checks them).
// create():  a contact, or (object "leads") a lead with its contact. Makes sure crmsync's two custom text
//            fields exist (CRMSYNC_KEY, WHATSAPP_BSUID; created once if missing), searches the creation key
//            (a retried create returns the contact the first attempt made), then POST /api/v4/contacts, or
//            POST /api/v4/leads/complex for a lead (kommo_lead_create.h). Returns the contact either way.
// update():  PATCH /api/v4/contacts/{id}; reads the contact first when a field is only_if_empty.
// write():   one `common` note per message on the contact, idempotent by lookup-before-write: the notes of
//            the batch's contacts are listed first and a note already holding the key is not written again.
//            Statuses update their message's note in place (updatesStatusInPlace). See kommo_notes.h.
// context(): the contact's open leads with stage names, amount, account currency and owner.
// Failures: kommo_errors.h (401/403 AuthFailed, except a 403 right after a 429: Retryable).
//
// Thread-safety: every member may be called from several threads at once.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "crm/kommo/kommo_api.h"
#include "crm/kommo/kommo_notes.h"
#include "crmsync/crm_connector.h"

namespace crmsync::connectors::kommo {

// Kommo: at most 7 requests per second per integration (✅ crm-contracts §4.6), as a sliding window.
std::vector<RateBudget> kommoBudgets();

class KommoConnector final : public CrmConnector {
 public:
  explicit KommoConnector(std::unique_ptr<KommoApi> api);

  std::string name() const override { return "kommo"; }
  Capabilities capabilities() const override;
  Result<std::vector<std::vector<CrmCandidate>>> find(const std::vector<LookupQuery>& queries) override;
  Result<CrmRecordRef> create(const ContactDraft& draft) override;
  Outcome update(const ContactUpdate& change) override;
  Result<std::vector<ActivityResult>> write(const std::vector<Activity>& activities) override;
  Result<CrmContext> context(const CrmRecordRef& record) override;
  std::vector<RequestPreview> describe(const std::vector<Activity>& activities) const override;

 private:
  using Results = std::vector<std::optional<ActivityResult>>;
  class NoteBook;

  Result<std::vector<CrmCandidate>> search(const LookupQuery& query);
  Outcome ensureCustomFields();
  Result<std::optional<std::string>> contactByKey(const std::string& key);
  Result<std::vector<StoredNote>> lookupNotes(const std::vector<Activity>& activities, const Results& results);
  void writeMessages(const std::vector<Activity>& activities, NoteBook& book, Results& results);
  void writeStatuses(const std::vector<Activity>& activities, NoteBook& book, Results& results);
  void postNotes(const std::vector<NewNote>& notes, const std::vector<std::vector<std::size_t>>& owners,
                 NoteBook& book, Results& results);
  void patchNotes(const std::vector<NoteEdit>& edits, const std::vector<std::vector<std::size_t>>& owners,
                  Results& results);
  // Outcome per item of a failed batch request (per-item validation errors where Kommo names them).
  std::vector<Outcome> batchFailure(const Result<HttpResponse>& sent, std::size_t count);
  Result<std::map<std::int64_t, std::string>> stages();
  Result<std::string> currency();

  std::unique_ptr<KommoApi> api_;
  std::mutex fieldsMutex_;
  bool fieldsReady_ = false;
  std::mutex cacheMutex_;
  std::map<std::int64_t, std::string> stages_;
  std::int64_t stagesFetchedMs_ = 0;
  std::optional<std::string> currency_;
};

// Config section crm.kommo:
//   {"subdomain": "acme", "token": "<long-lived token>", "timeout_ms": 30000}
//   {"base_url": "https://acme.amocrm.ru", "token": "…"}
// Either subdomain (→ https://<subdomain>.kommo.com) or base_url; token required (use "${ENV_VAR}" to keep it
// out of the file). Unknown keys and bad values throw ConfigError naming "crm.kommo.<key>"; the token's value
// never appears in a message.
class KommoConnectorFactory final : public CrmConnectorFactory {
 public:
  std::string name() const override { return "kommo"; }
  std::map<std::string, std::vector<std::string>> requiredMappingFields() const override;
  void validate(const nlohmann::json& section, const ConnectorEnvironment& env) const override;
  std::unique_ptr<CrmConnector> create(const nlohmann::json& section, const ConnectorEnvironment& env) const override;
};

// The API base URL a valid section names. Throws ConfigError like validate().
std::string kommoBaseUrl(const nlohmann::json& section);

}  // namespace crmsync::connectors::kommo
