#pragma once
// Pipedrive (https://api.pipedrive.com) through its REST API, authenticated with an API token in the
// x-api-token header. Every request goes through core's HttpClient, which holds the budgets declared in
// capabilities() (20 requests per 2 s per token, the lowest plan's burst limit; search 10 per 2 s) and
// honours Retry-After. Requests and parsing are pure (pipedrive_requests.h, pipedrive_fields.h,
// pipedrive_notes.h); this class only sends them.
//
// find(): one GET /api/v2/persons/search (fields=phone, exact_match=false, scope "search") per number,
//   with the national significant number's digits as the term, following next_cursor. Pipedrive matches
//   phones as typed; we assume (❓, see docs/connectors/pipedrive.md) that its phone search ignores
//   formatting and matches a term inside the stored digits, so that one term finds "+7 916 123-45-67",
//   "8 (916) 123-45-67" and "0049 151 …" alike. Non-phone identifiers: a WhatsApp BSUID is searched in
//   custom fields, an email in emails (exact). Candidates come back unfiltered, phones exactly as stored;
//   with several, one GET /api/v2/persons?ids=… adds their update times for core's match rule.
// create(): object "person", or "lead" (the person, then one lead on it: pipedrive_leads.h). Idempotent
//   on draft.creationKey: the key is kept in the person custom field "crmsync key" (found by name,
//   created on first use when missing), searched before every create.
// update(): PATCH /api/v2/persons/{id}; only_if_empty fields are checked against a GET of the person.
// write(): each message is a note on the person (POST /api/v1/notes) whose content ends with a marker
//   holding the idempotency key; the person's notes are listed first (lookup-before-write), once per
//   person per call, under a per-person lock, so a retry after a lost answer finds the committed note.
//   Statuses update the message's note in place (PUT /api/v1/notes/{id}), each status once.
// context(): the person's owner and open deals (GET /api/v2/deals, every page), stage ids named via
//   GET /api/v2/stages (cached).
// Errors: classifyHttp with Pipedrive's own "error" text; 401/403 AuthFailed; 408/429/5xx Retryable
//   (Retry-After, else x-ratelimit-reset); other 4xx Permanent. The token never appears in a reason.
//
// Thread-safety: every public member may be called from any thread at once.

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "crm/pipedrive/pipedrive_fields.h"
#include "crm/pipedrive/pipedrive_requests.h"
#include "crmsync/clock.h"
#include "crmsync/crm_connector.h"
#include "crmsync/http_client.h"

namespace crmsync::connectors::pipedrive {

class PipedriveConnector final : public CrmConnector {
 public:
  // `http` is core's budgeted client for the API host; `clock` (may be null: system clock) must outlive this.
  PipedriveConnector(std::string apiToken, std::unique_ptr<HttpClient> http, const Clock* clock);

  // The budgets crmsync keeps to (Pipedrive's burst limits, 2-second rolling windows).
  static std::vector<RateBudget> budgets();

  std::string name() const override { return "pipedrive"; }
  Capabilities capabilities() const override;
  Result<std::vector<std::vector<CrmCandidate>>> find(const std::vector<LookupQuery>& queries) override;
  Result<CrmRecordRef> create(const ContactDraft& draft) override;
  Outcome update(const ContactUpdate& change) override;
  Result<std::vector<ActivityResult>> write(const std::vector<Activity>& activities) override;
  Result<CrmContext> context(const CrmRecordRef& record) override;
  std::vector<RequestPreview> describe(const std::vector<Activity>& activities) const override;

 private:
  using NoteIndex = std::map<std::string, Note>;  // idempotency key of a note's own marker -> note

  std::int64_t nowMs() const;
  Result<HttpResponse> exchange(HttpRequest request);
  Result<std::string> call(HttpRequest request);  // the body of a 2xx answer, else the classified outcome

  Result<std::vector<CrmCandidate>> findOne(const LookupQuery& query);
  Result<std::vector<FoundPerson>> searchAll(const std::string& term, const std::string& field, bool exact);
  Outcome addUpdateTimes(std::vector<CrmCandidate>& candidates);
  Result<PersonFieldKeys> fieldKeys();
  Result<std::optional<CrmRecordRef>> createdBefore(const ContactDraft& draft, const PersonFieldKeys& keys);
  Result<CrmRecordRef> createPersonOnce(const ContactDraft& draft);
  // The person's lead: created unless the person has one already (pipedrive_leads.h).
  Outcome ensureLead(const ContactDraft& draft, const std::string& personId);

  void writeForPerson(const std::string& personId, const std::vector<std::size_t>& items,
                      const std::vector<Activity>& activities, std::vector<ActivityResult>& out);
  Result<NoteIndex> notesOf(NotesQuery query, std::set<std::string> wanted);
  ActivityResult writeMessage(const Activity& activity, const nlohmann::json& body, NoteIndex& notes);
  ActivityResult writeStatus(const Activity& activity, const nlohmann::json& placeholder, NoteIndex& notes);
  ActivityResult putContent(const Note& note, const std::string& key, const std::string& content, NoteIndex& notes);

  std::map<std::string, std::string> stageNames(const std::set<std::string>& needed);

  std::string apiToken_;
  std::unique_ptr<HttpClient> http_;
  SystemClock systemClock_;
  const Clock* clock_;
  std::mutex fieldsMutex_;
  std::optional<PersonFieldKeys> fieldKeys_;
  std::mutex stagesMutex_;
  std::map<std::string, std::string> stages_;
  std::array<std::mutex, 64> personLocks_;
};

// Config section crm.pipedrive: {"api_token": "…" (required), "company_domain": "acme" (optional: use
// https://acme.pipedrive.com), "base_url": "https://api.pipedrive.com" (default; not together with
// company_domain), "timeout_ms": 30000}. Unknown keys and bad values throw ConfigError naming the key
// ("crm.pipedrive.<key>"); the token's value never appears in an error.
class PipedriveConnectorFactory final : public CrmConnectorFactory {
 public:
  std::string name() const override { return "pipedrive"; }
  std::map<std::string, std::vector<std::string>> requiredMappingFields() const override;
  void validate(const nlohmann::json& section, const ConnectorEnvironment& env) const override;
  std::unique_ptr<CrmConnector> create(const nlohmann::json& section, const ConnectorEnvironment& env) const override;
};

}  // namespace crmsync::connectors::pipedrive
