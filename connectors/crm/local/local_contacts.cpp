#include "crm/local/local_contacts.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "crmsync/phone.h"

namespace crmsync::connectors::local {

namespace {

bool isPhone(const Identifier& id) { return id.kind == IdentifierKind::kPhone || id.kind == IdentifierKind::kPhoneRaw; }

// Every text a stored phone may equal in one of its three search columns (e164, phone, digits).
std::set<std::string> phoneKeys(const LookupQuery& query) {
  std::set<std::string> keys;
  auto addVariants = [&keys](const PhoneVariants& v) {
    for (const std::string& text : v.all()) {
      keys.insert(text);
      std::string digits = phone::digitsOf(text);
      if (!digits.empty()) keys.insert(digits);
    }
  };
  for (const PhoneVariants& v : query.phones) addVariants(v);
  // Variants are recomputed from the identifiers too, so a query that carries only identifiers still
  // finds phones typed in national or digit-only forms.
  for (const Identifier& id : query.identifiers) {
    if (id.kind == IdentifierKind::kPhone) addVariants(phone::variants(id.value));
    if (id.kind == IdentifierKind::kPhoneRaw && !id.value.empty()) keys.insert(id.value);
  }
  return keys;
}

void collectIds(SQLite::Statement& stmt, std::set<std::int64_t>& ids) {
  while (stmt.executeStep()) ids.insert(stmt.getColumn(0).getInt64());
  stmt.reset();
}

void bindOptional(SQLite::Statement& stmt, int index, const std::string& text) {
  if (text.empty()) {
    stmt.bind(index);
  } else {
    stmt.bind(index, text);
  }
}

void insertPhone(SQLite::Database& db, std::int64_t contactId, const std::string& phone, const std::string& region) {
  SQLite::Statement stmt(db, "INSERT INTO contact_phones(contact_id, phone, e164, digits) VALUES(?, ?, ?, ?)");
  stmt.bind(1, contactId);
  stmt.bind(2, phone);
  bindOptional(stmt, 3, phone::toE164(phone, region).value_or(""));
  stmt.bind(4, phone::digitsOf(phone));
  stmt.exec();
}

void insertIdentifier(SQLite::Database& db, std::int64_t contactId, const Identifier& id) {
  SQLite::Statement owner(db, "SELECT contact_id FROM contact_identifiers WHERE kind = ? AND value = ?");
  owner.bind(1, toString(id.kind));
  owner.bind(2, id.value);
  if (owner.executeStep()) {
    std::int64_t holder = owner.getColumn(0).getInt64();
    if (holder == contactId) return;
    throw std::runtime_error(id.key() + " already belongs to contact " + std::to_string(holder));
  }
  SQLite::Statement stmt(db, "INSERT INTO contact_identifiers(contact_id, kind, value) VALUES(?, ?, ?)");
  stmt.bind(1, contactId);
  stmt.bind(2, toString(id.kind));
  stmt.bind(3, id.value);
  stmt.exec();
}

}  // namespace

std::optional<std::int64_t> parseId(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  std::int64_t id = std::stoll(text);
  if (id <= 0) return std::nullopt;
  return id;
}

std::vector<std::int64_t> matchContacts(SQLite::Database& db, const LookupQuery& query) {
  std::set<std::int64_t> ids;
  SQLite::Statement byPhone(
      db, "SELECT DISTINCT contact_id FROM contact_phones WHERE e164 = ?1 OR phone = ?1 OR digits = ?1");
  for (const std::string& key : phoneKeys(query)) {
    byPhone.bind(1, key);
    collectIds(byPhone, ids);
  }
  SQLite::Statement byIdentifier(db, "SELECT contact_id FROM contact_identifiers WHERE kind = ? AND value = ?");
  for (const Identifier& id : query.identifiers) {
    if (isPhone(id)) continue;
    byIdentifier.bind(1, toString(id.kind));
    byIdentifier.bind(2, id.value);
    collectIds(byIdentifier, ids);
  }
  return {ids.begin(), ids.end()};
}

std::optional<StoredContact> loadContact(SQLite::Database& db, std::int64_t id) {
  SQLite::Statement row(db,
                        "SELECT name, owner_id, source, COALESCE(creation_key, ''), created_at_ms, updated_at_ms "
                        "FROM contacts WHERE id = ?");
  row.bind(1, id);
  if (!row.executeStep()) return std::nullopt;
  StoredContact c;
  c.id = std::to_string(id);
  c.name = row.getColumn(0).getString();
  c.ownerId = row.getColumn(1).getString();
  c.source = row.getColumn(2).getString();
  c.creationKey = row.getColumn(3).getString();
  c.createdAtMs = row.getColumn(4).getInt64();
  c.updatedAtMs = row.getColumn(5).getInt64();
  SQLite::Statement phones(db, "SELECT phone, COALESCE(e164, '') FROM contact_phones WHERE contact_id = ? ORDER BY id");
  phones.bind(1, id);
  while (phones.executeStep()) c.phones.push_back({phones.getColumn(0).getString(), phones.getColumn(1).getString()});
  SQLite::Statement ids(db, "SELECT kind, value FROM contact_identifiers WHERE contact_id = ? ORDER BY rowid");
  ids.bind(1, id);
  while (ids.executeStep()) {
    c.identifiers.push_back({identifierKindFromString(ids.getColumn(0).getString()), ids.getColumn(1).getString()});
  }
  return c;
}

CrmCandidate toCandidate(const StoredContact& contact) {
  CrmCandidate out;
  out.record = {"contact", contact.id};
  out.displayName = contact.name;
  for (const StoredPhone& p : contact.phones) out.phones.push_back(p.phone);
  out.otherIdentifiers = contact.identifiers;
  out.updatedAtMs = contact.updatedAtMs;
  out.ownerId = contact.ownerId;
  return out;
}

bool contactExists(SQLite::Database& db, std::int64_t id) {
  SQLite::Statement stmt(db, "SELECT 1 FROM contacts WHERE id = ?");
  stmt.bind(1, id);
  return stmt.executeStep();
}

std::optional<std::int64_t> contactByCreationKey(SQLite::Database& db, const std::string& creationKey) {
  if (creationKey.empty()) return std::nullopt;
  SQLite::Statement stmt(db, "SELECT id FROM contacts WHERE creation_key = ?");
  stmt.bind(1, creationKey);
  if (!stmt.executeStep()) return std::nullopt;
  return stmt.getColumn(0).getInt64();
}

std::int64_t countContacts(SQLite::Database& db) { return db.execAndGet("SELECT COUNT(*) FROM contacts").getInt64(); }

std::int64_t insertContact(SQLite::Database& db, const ContactRow& row, const std::vector<std::string>& phones,
                           const std::vector<Identifier>& identifiers, const std::string& region, std::int64_t nowMs) {
  SQLite::Statement stmt(db,
                         "INSERT INTO contacts(name, owner_id, source, creation_key, created_at_ms, updated_at_ms) "
                         "VALUES(?, ?, ?, ?, ?, ?)");
  stmt.bind(1, row.name);
  stmt.bind(2, row.ownerId);
  stmt.bind(3, row.source);
  bindOptional(stmt, 4, row.creationKey);
  stmt.bind(5, nowMs);
  stmt.bind(6, nowMs);
  stmt.exec();
  const std::int64_t id = db.getLastInsertRowid();
  std::set<std::string> seen;
  for (const std::string& p : phones) {
    if (seen.insert(p).second) insertPhone(db, id, p, region);
  }
  for (const Identifier& i : identifiers) insertIdentifier(db, id, i);
  return id;
}

std::int64_t insertDeal(SQLite::Database& db, std::int64_t contactId, const Deal& deal, std::int64_t nowMs) {
  const std::string status = deal.status.empty() ? "open" : deal.status;
  if (status != "open" && status != "won" && status != "lost") {
    throw std::runtime_error("deal status '" + deal.status + "' is not open, won or lost");
  }
  SQLite::Statement stmt(
      db,
      "INSERT INTO deals(contact_id, title, stage, status, amount, currency, owner_id, updated_at_ms) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
  stmt.bind(1, contactId);
  stmt.bind(2, deal.title);
  stmt.bind(3, deal.stage);
  stmt.bind(4, status);
  stmt.bind(5, deal.amount);
  stmt.bind(6, deal.currency);
  stmt.bind(7, deal.ownerId);
  stmt.bind(8, deal.updatedAtMs != 0 ? deal.updatedAtMs : nowMs);
  stmt.exec();
  return db.getLastInsertRowid();
}

std::vector<Deal> openDeals(SQLite::Database& db, std::int64_t contactId) {
  SQLite::Statement stmt(db,
                         "SELECT id, title, stage, status, amount, currency, owner_id, updated_at_ms FROM deals "
                         "WHERE contact_id = ? AND status = 'open' ORDER BY updated_at_ms DESC, id DESC");
  stmt.bind(1, contactId);
  std::vector<Deal> out;
  while (stmt.executeStep()) {
    Deal d;
    d.id = std::to_string(stmt.getColumn(0).getInt64());
    d.title = stmt.getColumn(1).getString();
    d.stage = stmt.getColumn(2).getString();
    d.status = stmt.getColumn(3).getString();
    d.amount = stmt.getColumn(4).getString();
    d.currency = stmt.getColumn(5).getString();
    d.ownerId = stmt.getColumn(6).getString();
    d.updatedAtMs = stmt.getColumn(7).getInt64();
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace crmsync::connectors::local
