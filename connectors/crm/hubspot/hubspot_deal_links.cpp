// HubspotConnector::linkOpenDeals(): communications also associated to the contact's open deal
// (crm.hubspot.associate_open_deal).
#include <algorithm>

#include "crm/hubspot/hubspot_batch.h"
#include "crm/hubspot/hubspot_connector.h"
#include "crm/hubspot/hubspot_schema.h"

namespace crmsync::connectors::hubspot {

std::map<std::pair<std::string, std::string>, Outcome> HubspotConnector::linkOpenDeals(
    const std::vector<std::pair<std::string, std::string>>& commToContact) {
  std::map<std::pair<std::string, std::string>, Outcome> failures;
  std::map<std::string, std::vector<std::string>> byContact;
  for (const auto& [comm, contact] : commToContact) byContact[contact].push_back(comm);
  std::vector<std::pair<std::string, std::string>> commToDeal;
  std::map<std::string, std::string> contactOf;  // communication -> contact
  for (const auto& [contact, comms] : byContact) {
    Result<std::vector<std::string>> ids = dealIds(contact);
    Result<std::vector<Deal>> deals = ids.isOk() ? openDeals(ids.value) : Result<std::vector<Deal>>::fail(ids.outcome);
    for (const std::string& comm : comms) {
      contactOf[comm] = contact;
      if (!deals.isOk()) failures.emplace(std::make_pair(comm, contact), deals.outcome);
      else if (!deals.value.empty()) commToDeal.emplace_back(comm, deals.value.front().id);  // the latest open deal
    }
  }
  for (const auto& chunk : chunks(commToDeal, kMaxBatchInputs)) {
    Result<HttpResponse> answer = call(associateRequest("communications", "deals", chunk, kCommunicationToDeal));
    std::optional<AssociationResult> parsed = answer.isOk() ? parseAssociationResult(answer.value.body) : std::nullopt;
    for (const auto& [comm, deal] : chunk) {
      Outcome outcome = !answer.isOk() ? answer.outcome
                        : !parsed      ? Outcome::retryable("HubSpot answered the deal association batch with an unreadable body")
                                       : Outcome::ok();
      if (parsed && std::find(parsed->associatedFromIds.begin(), parsed->associatedFromIds.end(), comm) ==
                        parsed->associatedFromIds.end()) {
        outcome = Outcome::permanent("HubSpot did not associate communication " + comm + " to deal " + deal +
                                     (parsed->errorMessage.empty() ? "" : ": " + parsed->errorMessage));
      }
      if (!outcome.isOk()) failures.emplace(std::make_pair(comm, contactOf[comm]), outcome);
    }
  }
  return failures;
}

}  // namespace crmsync::connectors::hubspot
