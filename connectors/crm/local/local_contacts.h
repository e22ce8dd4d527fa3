#pragma once
// Contact and deal queries of the local CRM. Internal to the local connector: callers hold the connector's
// mutex and, for writes, a transaction. SQLite errors propagate as SQLite::Exception.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crm/local/local_connector.h"
#include "crmsync/crm_connector.h"

namespace SQLite {
class Database;
}

namespace crmsync::connectors::local {

// "42" -> 42; anything that is not a positive decimal id -> nullopt.
std::optional<std::int64_t> parseId(const std::string& text);

// Ids of the contacts matching the query, ascending: a stored phone whose E.164 equals a query phone's,
// whose text equals a variant, or whose digits equal a variant's digits; or a shared non-phone identifier.
std::vector<std::int64_t> matchContacts(SQLite::Database& db, const LookupQuery& query);

std::optional<StoredContact> loadContact(SQLite::Database& db, std::int64_t id);
CrmCandidate toCandidate(const StoredContact& contact);
bool contactExists(SQLite::Database& db, std::int64_t id);
std::optional<std::int64_t> contactByCreationKey(SQLite::Database& db, const std::string& creationKey);
std::int64_t countContacts(SQLite::Database& db);

struct ContactRow {
  std::string name;
  std::string ownerId;
  std::string source;
  std::string creationKey;  // empty = none
};

// Inserts the contact, its phones (as typed; E.164 under `region` and digits computed here) and its
// non-phone identifiers. Throws std::runtime_error when an identifier already belongs to another contact.
std::int64_t insertContact(SQLite::Database& db, const ContactRow& row, const std::vector<std::string>& phones,
                           const std::vector<Identifier>& identifiers, const std::string& region, std::int64_t nowMs);

// Throws std::runtime_error for a status other than open/won/lost (empty = open).
std::int64_t insertDeal(SQLite::Database& db, std::int64_t contactId, const Deal& deal, std::int64_t nowMs);

// Open deals, most recently updated first.
std::vector<Deal> openDeals(SQLite::Database& db, std::int64_t contactId);

}  // namespace crmsync::connectors::local
