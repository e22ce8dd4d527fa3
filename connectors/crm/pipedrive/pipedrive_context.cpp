// context(): the person's owner and open deals, stage ids named (see pipedrive_connector.h).

#include <algorithm>

#include "crm/pipedrive/pipedrive_connector.h"

namespace crmsync::connectors::pipedrive {

Result<CrmContext> PipedriveConnector::context(const CrmRecordRef& record) {
  const bool typeOk = record.objectType.empty() || record.objectType == "person" || record.objectType == "contact";
  if (!typeOk || record.id.empty() || record.id.size() > 18 ||
      record.id.find_first_not_of("0123456789") != std::string::npos) {
    return Result<CrmContext>::fail(
        Outcome::permanent("Pipedrive: " + record.objectType + " '" + record.id + "' is not a person id"));
  }
  Result<std::string> personBody = call(getPerson(record.id));
  if (!personBody.isOk()) return Result<CrmContext>::fail(personBody.outcome);
  Result<PersonRecord> person = parsePerson(personBody.value);
  if (!person.isOk()) return Result<CrmContext>::fail(person.outcome);

  CrmContext out;
  out.ownerId = person.value.ownerId;
  std::string cursor;
  do {
    Result<std::string> body = call(listOpenDeals(record.id, cursor));
    if (!body.isOk()) return Result<CrmContext>::fail(body.outcome);
    Result<DealsPage> page = parseDealsPage(body.value);
    if (!page.isOk()) return Result<CrmContext>::fail(page.outcome);
    for (Deal& d : page.value.deals) out.deals.push_back(std::move(d));
    cursor = page.value.nextCursor;
  } while (!cursor.empty());

  std::set<std::string> stageIds;
  for (const Deal& d : out.deals) stageIds.insert(d.stage);
  std::map<std::string, std::string> names = stageNames(stageIds);
  for (Deal& d : out.deals) {
    auto it = names.find(d.stage);
    if (it != names.end() && !it->second.empty()) d.stage = it->second;
  }
  std::stable_sort(out.deals.begin(), out.deals.end(),
                   [](const Deal& a, const Deal& b) { return a.updatedAtMs > b.updatedAtMs; });
  out.fetchedAtMs = nowMs();
  return Result<CrmContext>::ok(std::move(out));
}

// Stage names by id, fetched (every page) when a stage is not known yet. A failure here costs only the
// names: deals then show their stage id.
std::map<std::string, std::string> PipedriveConnector::stageNames(const std::set<std::string>& needed) {
  std::lock_guard<std::mutex> lock(stagesMutex_);
  bool known = std::all_of(needed.begin(), needed.end(), [&](const std::string& id) { return stages_.count(id) != 0; });
  if (known) return stages_;
  std::map<std::string, std::string> fresh;
  std::string cursor;
  do {
    Result<std::string> body = call(listStages(cursor));
    if (!body.isOk()) return stages_;
    Result<StagesPage> page = parseStagesPage(body.value);
    if (!page.isOk()) return stages_;
    fresh.insert(page.value.namesById.begin(), page.value.namesById.end());
    cursor = page.value.nextCursor;
  } while (!cursor.empty());
  stages_ = std::move(fresh);
  return stages_;
}

}  // namespace crmsync::connectors::pipedrive
