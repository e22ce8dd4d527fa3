#include "crm/local/local_connector.h"
#include "crm/local/local_mapping.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <stdexcept>
#include <utility>

#include "crm/local/local_activities.h"
#include "crm/local/local_contacts.h"
#include "crm/local/local_schema.h"

namespace crmsync::connectors::local {

namespace {

// Lock contention, a full disk or an I/O error may pass; anything else (constraint, corrupt file, bad
// data) will fail the same way again.
Outcome classify(const SQLite::Exception& e) {
  const std::string why = std::string("local CRM database: ") + e.what();
  switch (e.getErrorCode() & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
      return Outcome::retryable(why);
    default:
      return Outcome::permanent(why);
  }
}

// Runs `body`, turning exceptions into the Result the connector contract requires.
template <typename T, typename Body>
Result<T> guarded(Body&& body) {
  try {
    return body();
  } catch (const SQLite::Exception& e) {
    return Result<T>::fail(classify(e));
  } catch (const std::exception& e) {
    return Result<T>::fail(Outcome::permanent(std::string("local CRM: ") + e.what()));
  }
}

bool isPhone(const Identifier& id) { return id.kind == IdentifierKind::kPhone || id.kind == IdentifierKind::kPhoneRaw; }

std::string textField(const nlohmann::json& fields, const char* name) {
  auto it = fields.find(name);
  return (it != fields.end() && it->is_string()) ? it->get<std::string>() : std::string{};
}

std::string missing(const std::string& id) { return "contact " + id + " does not exist"; }

// The contact id of `record` when it names an existing contact.
std::optional<std::int64_t> existingContact(SQLite::Database& db, const CrmRecordRef& record) {
  if (!record.objectType.empty() && record.objectType != "contact") return std::nullopt;
  std::optional<std::int64_t> id = parseId(record.id);
  if (!id || !contactExists(db, *id)) return std::nullopt;
  return id;
}

}  // namespace

LocalConnector::LocalConnector(const std::filesystem::path& path, std::string defaultRegion, const Clock* clock)
    : path_(path),
      defaultRegion_(std::move(defaultRegion)),
      clock_(clock != nullptr ? clock : &systemClock_),
      db_(openLocalDatabase(path)) {}

LocalConnector::~LocalConnector() = default;

std::int64_t LocalConnector::nowMs() const { return clock_->nowMs(); }

Capabilities LocalConnector::capabilities() const {
  Capabilities c;
  c.maxLookupBatch = 50;
  c.maxWriteBatch = 100;
  c.nativeIdempotency = true;
  c.updatesStatusInPlace = true;
  return c;
}

Result<std::vector<std::vector<CrmCandidate>>> LocalConnector::find(const std::vector<LookupQuery>& queries) {
  using Out = std::vector<std::vector<CrmCandidate>>;
  return guarded<Out>([&] {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Transaction snapshot(*db_);
    Out out;
    for (const LookupQuery& query : queries) {
      std::vector<CrmCandidate> candidates;
      for (std::int64_t id : matchContacts(*db_, query)) {
        if (std::optional<StoredContact> c = loadContact(*db_, id)) candidates.push_back(toCandidate(*c));
      }
      out.push_back(std::move(candidates));
    }
    snapshot.commit();
    return Result<Out>::ok(std::move(out));
  });
}

Result<CrmRecordRef> LocalConnector::create(const ContactDraft& draft) {
  return guarded<CrmRecordRef>([&] {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (std::optional<std::int64_t> existing = contactByCreationKey(*db_, draft.creationKey)) {
      return Result<CrmRecordRef>::ok({"contact", std::to_string(*existing)});
    }
    std::vector<std::string> phones;
    std::vector<Identifier> others;
    for (const Identifier& id : draft.identifiers) {
      if (isPhone(id)) {
        phones.push_back(id.value);
      } else {
        others.push_back(id);
      }
    }
    // Field choices come from the mapping document (contact_create); the draft's own values are the fallback.
    std::string name = textField(draft.fields, "name");
    std::string owner = textField(draft.fields, "owner");
    std::string source = textField(draft.fields, "source");
    ContactRow row{name.empty() ? draft.displayName : name, owner.empty() ? textField(draft.fields, "owner_id") : owner,
                   source.empty() ? draft.source : source, draft.creationKey};
    std::int64_t id = insertContact(*db_, row, phones, others, defaultRegion_, nowMs());
    mergeExtraFields(*db_, "contacts", id, draft.fields, {"name", "owner", "owner_id", "source"});
    tx.commit();
    return Result<CrmRecordRef>::ok({"contact", std::to_string(id)});
  });
}

Result<std::vector<ActivityResult>> LocalConnector::write(const std::vector<Activity>& activities) {
  using Out = std::vector<ActivityResult>;
  return guarded<Out>([&] {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    const std::int64_t now = nowMs();
    Out out;
    for (const Activity& a : activities) {
      std::optional<std::int64_t> contactId = existingContact(*db_, a.record);
      if (!contactId) {
        out.push_back({Outcome::permanent(missing(a.record.id)), ""});
        continue;
      }
      ActivityResult written = writeActivity(*db_, *contactId, a, now);
      if (written.outcome.isOk()) {
        mergeExtraFields(*db_, "activities", std::stoll(written.activityId), a.fields, {"subject", "body", "status"});
      }
      out.push_back(std::move(written));
    }
    tx.commit();
    return Result<Out>::ok(std::move(out));
  });
}

Outcome LocalConnector::update(const ContactUpdate& change) {
  return guarded<bool>([&] {
           std::lock_guard<std::mutex> lock(mutex_);
           SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
           std::optional<std::int64_t> id = existingContact(*db_, change.record);
           if (!id || !applyContactUpdate(*db_, *id, change.fields, nowMs())) {
             return Result<bool>::fail(Outcome::permanent(missing(change.record.id)));
           }
           tx.commit();
           return Result<bool>::ok(true);
         })
      .outcome;
}

std::vector<RequestPreview> LocalConnector::describe(const std::vector<Activity>& activities) const {
  return describeActivities(activities);
}

Result<CrmContext> LocalConnector::context(const CrmRecordRef& record) {
  return guarded<CrmContext>([&] {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Transaction snapshot(*db_);
    std::optional<std::int64_t> id = existingContact(*db_, record);
    std::optional<StoredContact> contact = id ? loadContact(*db_, *id) : std::nullopt;
    if (!contact) return Result<CrmContext>::fail(Outcome::permanent(missing(record.id)));
    CrmContext out;
    out.deals = openDeals(*db_, *id);
    out.ownerId = contact->ownerId;
    out.fetchedAtMs = nowMs();
    snapshot.commit();
    return Result<CrmContext>::ok(std::move(out));
  });
}

std::string LocalConnector::addContact(const NewContact& contact) {
  std::lock_guard<std::mutex> lock(mutex_);
  SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
  const std::int64_t now = nowMs();
  ContactRow row{contact.name, contact.ownerId, contact.source, ""};
  std::int64_t id = insertContact(*db_, row, contact.phones, contact.identifiers, defaultRegion_, now);
  for (const Deal& deal : contact.deals) insertDeal(*db_, id, deal, now);
  tx.commit();
  return std::to_string(id);
}

std::string LocalConnector::addDeal(const std::string& contactId, const Deal& deal) {
  std::lock_guard<std::mutex> lock(mutex_);
  SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
  std::optional<std::int64_t> id = existingContact(*db_, {"contact", contactId});
  if (!id) throw std::runtime_error(missing(contactId));
  std::int64_t dealId = insertDeal(*db_, *id, deal, nowMs());
  tx.commit();
  return std::to_string(dealId);
}

std::vector<StoredActivity> LocalConnector::activities(const std::string& contactId) {
  std::optional<std::int64_t> id = parseId(contactId);
  if (!id) return {};
  std::lock_guard<std::mutex> lock(mutex_);
  return loadActivities(*db_, *id);
}

std::int64_t LocalConnector::contactCount() {
  std::lock_guard<std::mutex> lock(mutex_);
  return countContacts(*db_);
}

std::optional<StoredContact> LocalConnector::contact(const std::string& id) {
  std::optional<std::int64_t> parsed = parseId(id);
  if (!parsed) return std::nullopt;
  std::lock_guard<std::mutex> lock(mutex_);
  return loadContact(*db_, *parsed);
}

}  // namespace crmsync::connectors::local
