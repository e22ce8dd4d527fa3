#pragma once
// The fake HubSpot account's data: objects with their property definitions (standard, calculated and
// the custom properties the connector's docs tell an admin to create), and associations. Not
// thread-safe: FakeHubspot serialises every access.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

namespace crmsync::fakes::hubspot {

using Properties = std::map<std::string, std::string>;

struct PropertyDef {
  bool unique = false;    // hasUniqueValue
  bool readOnly = false;  // calculated by HubSpot
  std::vector<std::string> options;  // enumeration values; empty = free text
};

struct StoredObject {
  std::string id;
  Properties properties;
  std::int64_t createdAtMs = 0;
  std::int64_t updatedAtMs = 0;
  std::int64_t searchableAtMs = 0;  // steady clock: invisible to search before
};

// HubSpot's calculated phone digits: non-digits dropped; a number typed with "+" or "00" loses that
// prefix and its country calling code; leading zeros stripped. "+49 151 12345678" -> "15112345678",
// "0151 12345678" -> "15112345678", "8 (916) 123-45-67" -> "89161234567".
std::string calculatedPhoneDigits(const std::string& typed);

class FakeStore {
 public:
  FakeStore();

  bool knowsType(const std::string& type) const;
  // Properties API: false when `type` already has a property of that name.
  bool defineProperty(const std::string& type, const std::string& name, bool unique);
  // Forgets every crmsync_* property (an account where nobody created them yet).
  void dropCustomProperties();
  const PropertyDef* property(const std::string& type, const std::string& name) const;
  // Why HubSpot would refuse writing `properties` (400 with its validation message, or 409 for a unique
  // value another object holds); nullopt when they may be written. `self` is the object being updated,
  // null for a new one.
  struct Refusal {
    int status = 400;
    std::string category;
    std::string message;
  };
  std::optional<Refusal> refuse(const std::string& type, const Properties& properties, const StoredObject* self) const;

  StoredObject& insert(const std::string& type, const Properties& properties, std::int64_t nowMs, std::int64_t searchableAtMs);
  void update(const std::string& type, StoredObject& object, const Properties& properties, std::int64_t nowMs);
  StoredObject* find(const std::string& type, const std::string& id);
  StoredObject* findBy(const std::string& type, const std::string& property, const std::string& value);
  std::vector<const StoredObject*> all(const std::string& type) const;  // by id

  // Associations are bidirectional: `reverseTypeId` labels the way back.
  void associate(const std::string& fromType, const std::string& fromId, const std::string& toType,
                 const std::string& toId, int typeId, int reverseTypeId);
  // (toId, typeId) of `fromType` `fromId`'s associations to `toType`, by toId.
  std::vector<std::pair<std::string, int>> associations(const std::string& fromType, const std::string& fromId,
                                                        const std::string& toType) const;

  // The object as HubSpot returns it: id, the requested properties (null when unset; all when
  // `requested` is null), createdAt, updatedAt, archived.
  nlohmann::json render(const StoredObject& object, const std::vector<std::string>* requested) const;

 private:
  void computeCalculated(const std::string& type, StoredObject& object) const;

  std::map<std::string, std::map<std::string, PropertyDef>> schemas_;
  std::map<std::string, std::map<std::int64_t, StoredObject>> objects_;
  std::set<std::tuple<std::string, std::string, std::string, std::string, int>> associations_;
  std::int64_t nextId_ = 10001;
};

}  // namespace crmsync::fakes::hubspot
