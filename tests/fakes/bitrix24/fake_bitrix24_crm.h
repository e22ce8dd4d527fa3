#pragma once
// The data and REST methods of the fake Bitrix24: contacts, leads, deals and activities, with the methods
// the connector uses (crm.{contact,lead}.{add,update,get,list}, crm.deal.{get,list},
// crm.activity.{add,update,get,list}, crm.duplicate.findbycomm). Values come back as the real API returns
// them (ids and numbers as text, multi-fields as [{ID,VALUE_TYPE,VALUE,TYPE_ID}], times with the portal's
// +03:00 offset); lists page by 50 with `start`, `next` and `total`. It is stricter than the real portal in
// one way: an unknown field name in `fields` or `filter` is refused (the real one silently ignores it).
// Not thread-safe: FakeBitrix24 serialises every call.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace crmsync::fakes::bitrix24 {

// What one method answered: a result, or an HTTP status with Bitrix24's error/error_description.
struct Reply {
  int status = 200;
  nlohmann::json result;
  std::optional<int> next;
  std::optional<int> total;
  std::string error;
  std::string description;
  bool ok() const { return status == 200; }
  static Reply fail(int status, std::string error, std::string description) {
    Reply r;
    r.status = status;
    r.error = std::move(error);
    r.description = std::move(description);
    return r;
  }
};

class FakeCrm {
 public:
  explicit FakeCrm(std::string webhookUserId);

  // `method` in lower case without ".json"; params as parsed from JSON or a query string.
  Reply call(const std::string& method, const nlohmann::json& params);
  static bool isKnownMethod(const std::string& method);
  static bool mutates(const std::string& method);

  std::string seedContact(const std::string& name, const std::vector<std::string>& phones);
  std::string seedDeal(const std::string& contactId, const nlohmann::json& fields);
  int count(const std::string& table) const;
  int activitiesWithOrigin(const std::string& originId) const;
  // Every record of a table as crm.<table>.get returns it (with multi-fields and COMMUNICATIONS).
  std::vector<nlohmann::json> rows(const std::string& table) const;

  struct Record {
    std::int64_t id = 0;
    nlohmann::json fields = nlohmann::json::object();  // scalars, as text
    std::map<std::string, nlohmann::json> multi;       // PHONE, EMAIL, ..., COMMUNICATIONS: arrays
  };
  struct Table {
    std::set<std::string> writable;
    std::set<std::string> system;  // read-only fields the CRM fills
    std::set<std::string> multi;   // multi-fields (returned only when selected by name)
    std::map<std::int64_t, Record> records;
  };

 private:
  Reply add(const std::string& table, const nlohmann::json& params);
  Reply update(const std::string& table, const nlohmann::json& params);
  Reply get(const std::string& table, const nlohmann::json& params);
  Reply list(const std::string& table, const nlohmann::json& params);
  Reply findByComm(const nlohmann::json& params);
  std::optional<Reply> writeFields(const std::string& table, Record& record, const nlohmann::json& fields);
  std::optional<Reply> checkActivity(const Record& record);
  std::string tick();

  std::string webhookUserId_;
  std::map<std::string, Table> tables_;
  std::int64_t nextId_ = 1;
  std::int64_t nextMultiId_ = 1;
  std::int64_t clockSeconds_ = 0;
};

// Full record as crm.*.get shows it.
nlohmann::json fullRow(const FakeCrm::Record& record);
// crm.*.list over `table` with filter/select/order/start; an unknown filter field is an error.
Reply listRecords(const FakeCrm::Table& table, const nlohmann::json& params);

}  // namespace crmsync::fakes::bitrix24
