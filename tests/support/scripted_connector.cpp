#include "support/scripted_connector.h"

namespace crmsync::test {

Capabilities ScriptedConnector::capabilities() const {
  Capabilities c;
  c.maxLookupBatch = 10;
  c.maxWriteBatch = 10;
  return c;
}

Result<std::vector<std::vector<CrmCandidate>>> ScriptedConnector::find(const std::vector<LookupQuery>& queries) {
  std::lock_guard<std::mutex> lock(mutex_);
  return Result<std::vector<std::vector<CrmCandidate>>>::ok(std::vector<std::vector<CrmCandidate>>(queries.size(), candidates_));
}

Result<CrmRecordRef> ScriptedConnector::create(const ContactDraft& draft) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++creates_;
  CrmCandidate c;
  c.record = {"contact", "new-" + std::to_string(creates_)};
  c.displayName = draft.displayName;
  for (const auto& id : draft.identifiers) {
    if (id.kind == IdentifierKind::kPhone) c.phones.push_back(id.value);
  }
  candidates_.push_back(c);
  return Result<CrmRecordRef>::ok(c.record);
}

Result<std::vector<ActivityResult>> ScriptedConnector::write(const std::vector<Activity>& activities) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++writeCalls_;
  if (!writeFailures_.empty()) {
    Outcome o = writeFailures_.front();
    writeFailures_.pop_front();
    return Result<std::vector<ActivityResult>>::fail(o);
  }
  std::vector<ActivityResult> out;
  for (const auto& a : activities) {
    written_.push_back(a);
    out.push_back({Outcome::ok(), "act-" + std::to_string(written_.size())});
  }
  return Result<std::vector<ActivityResult>>::ok(out);
}

Outcome ScriptedConnector::update(const ContactUpdate& change) {
  std::lock_guard<std::mutex> lock(mutex_);
  updates_.push_back(change);
  return Outcome::ok();
}

std::vector<RequestPreview> ScriptedConnector::describe(const std::vector<Activity>& activities) const {
  std::vector<RequestPreview> out;
  for (const auto& a : activities) out.push_back({"POST", "/scripted/" + a.object, a.fields});
  return out;
}

std::vector<ContactUpdate> ScriptedConnector::updates() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return updates_;
}

Result<CrmContext> ScriptedConnector::context(const CrmRecordRef&) { return Result<CrmContext>::ok({}); }

void ScriptedConnector::addCandidate(CrmCandidate candidate) {
  std::lock_guard<std::mutex> lock(mutex_);
  candidates_.push_back(std::move(candidate));
}

void ScriptedConnector::failNextWrites(std::vector<Outcome> outcomes) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& o : outcomes) writeFailures_.push_back(std::move(o));
}

int ScriptedConnector::creates() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return creates_;
}

int ScriptedConnector::writeCalls() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return writeCalls_;
}

std::vector<Activity> ScriptedConnector::written() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return written_;
}

}  // namespace crmsync::test
