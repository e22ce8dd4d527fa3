// crm.duplicate.findbycomm for the fake Bitrix24: which leads and contacts hold any of the given phones or
// e-mails, compared after Bitrix24's normalisation of both sides.

#include <algorithm>
#include <cctype>

#include "fakes/bitrix24/fake_bitrix24_crm.h"
#include "fakes/bitrix24/fake_bitrix24_php.h"

namespace crmsync::fakes::bitrix24 {

using nlohmann::json;

namespace {

Reply bad(const std::string& description) { return Reply::fail(400, "", description); }

json items(const json& value) {
  if (value.is_array()) return value;
  json out = json::array();
  if (value.is_object()) {
    for (const auto& item : value) out.push_back(item);
  }
  return out;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

}  // namespace

Reply FakeCrm::findByComm(const json& params) {
  const std::string type = phpText(params.value("type", json()));
  if (type.empty()) return Reply::fail(400, "Communication type is not defined", "Parameter 'type' is required.");
  if (type != "PHONE" && type != "EMAIL") {
    return bad("Communication type '" + type + "' is not supported in current context");
  }
  json values = items(params.value("values", json()));
  if (values.empty()) return bad("Communication values is not defined");
  if (values.size() > 20) return bad("Too many communication values: at most 20 are allowed.");
  const std::string entity = phpText(params.value("entity_type", json()));
  std::vector<std::string> types = {"LEAD", "CONTACT", "COMPANY"};
  if (!entity.empty()) {
    if (std::find(types.begin(), types.end(), entity) == types.end()) {
      return bad("Entity type '" + entity + "' is not supported in current context");
    }
    types = {entity};
  }
  auto normal = [&](const std::string& v) { return type == "PHONE" ? normalizePhone(v) : lower(v); };
  std::set<std::string> wanted;
  for (const json& v : values) {
    if (std::string n = normal(phpText(v)); !n.empty()) wanted.insert(n);
  }
  json result = json::object();
  for (const std::string& t : types) {
    auto table = tables_.find(lower(t));
    if (table == tables_.end()) continue;  // no companies in this fake
    json ids = json::array();
    for (const auto& [id, record] : table->second.records) {
      auto multi = record.multi.find(type);
      if (multi == record.multi.end()) continue;
      bool hit = std::any_of(multi->second.begin(), multi->second.end(), [&](const json& item) {
        return wanted.count(normal(phpText(item.value("VALUE", json())))) != 0;
      });
      if (hit) ids.push_back(id);
    }
    if (!ids.empty()) result[t] = ids;
    if (ids.size() >= 20) break;  // Bitrix24 then leaves the later types out
  }
  Reply reply;
  reply.result = result.empty() ? json::array() : result;  // PHP writes an empty map as []
  return reply;
}

}  // namespace crmsync::fakes::bitrix24
