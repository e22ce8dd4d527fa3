// Routing of the fake Kommo API: path and method to the account's operations.

#include "fakes/kommo/fake_kommo_account.h"

namespace crmsync::test::kommo {

using nlohmann::json;

namespace {

bool isId(const std::string& s) {
  return !s.empty() && s.size() < 16 && s.find_first_not_of("0123456789") == std::string::npos;
}

// "/api/v4/contacts/123" → "123" when `path` is `prefix` + "/" + digits.
std::optional<std::int64_t> idAfter(const std::string& path, const std::string& prefix) {
  if (path.compare(0, prefix.size() + 1, prefix + "/") != 0) return std::nullopt;
  std::string rest = path.substr(prefix.size() + 1);
  return isId(rest) ? std::optional<std::int64_t>(std::stoll(rest)) : std::nullopt;
}

FakeAnswer notAllowed(const FakeRequest& r) { return problem(405, "Method " + r.method + " is not allowed for " + r.path); }

json systemField(std::int64_t id, const char* name, const char* code, const char* type, json enums) {
  return {{"id", id}, {"name", name}, {"type", type}, {"account_id", 31000001}, {"code", code}, {"sort", 4},
          {"is_api_only", false}, {"enums", enums}, {"group_id", nullptr}, {"required_statuses", json::array()},
          {"is_deletable", false}, {"is_predefined", true}, {"entity_type", "contacts"},
          {"_links", {{"self", {{"href", "/api/v4/contacts/custom_fields/" + std::to_string(id)}}}}}};
}

json enumsOf(std::int64_t firstId, std::initializer_list<const char*> codes) {
  json out = json::array();
  int sort = 2;
  for (const char* code : codes) {
    out.push_back({{"id", firstId++}, {"value", code}, {"sort", sort}});
    sort += 2;
  }
  return out;
}

}  // namespace

KommoAccount::KommoAccount(int pageCap) : pageCap_(pageCap) {
  customFields_.push_back(systemField(100001, "Phone", "PHONE", "multitext",
                                      enumsOf(200001, {"WORK", "WORKDD", "MOB", "FAX", "HOME", "OTHER"})));
  customFields_.push_back(systemField(100002, "Email", "EMAIL", "multitext", enumsOf(200011, {"WORK", "PRIV", "OTHER"})));
  customFields_.push_back(systemField(100003, "Position", "POSITION", "text", nullptr));
}

FakeAnswer KommoAccount::handle(const FakeRequest& r) {
  const std::string& m = r.method;
  json body;
  if (m == "POST" || m == "PATCH") {
    body = json::parse(r.body, nullptr, false);
    if (body.is_discarded()) return problem(400, "Syntax error: the request body is not valid JSON");
  }
  const std::string& p = r.path;
  if (p == "/api/v4/account") return m == "GET" ? FakeAnswer{200, account(), "", "application/hal+json", {}} : notAllowed(r);
  if (p == "/api/v4/contacts") {
    if (m == "GET") return listContacts(r);
    if (m == "POST") return createContacts(body);
    return notAllowed(r);
  }
  if (p == "/api/v4/contacts/custom_fields") {
    if (m == "GET") return listCustomFields(r);
    if (m == "POST") return createCustomFields(body);
    return notAllowed(r);
  }
  if (p == "/api/v4/contacts/notes") {
    if (m == "GET") return listNotes(r);
    if (m == "POST") return createNotes(body);
    if (m == "PATCH") return patchNotes(body);
    return notAllowed(r);
  }
  if (std::optional<std::int64_t> id = idAfter(p, "/api/v4/contacts")) {
    if (m == "GET") return getContact(*id, r);
    if (m == "PATCH") return patchContact(*id, body);
    return notAllowed(r);
  }
  if (p == "/api/v4/leads") return m == "GET" ? listLeads(r) : notAllowed(r);
  if (p == "/api/v4/leads/complex") return m == "POST" ? createComplexLeads(body) : notAllowed(r);
  if (p == "/api/v4/leads/pipelines") {
    return m == "GET" ? FakeAnswer{200, pipelines(), "", "application/hal+json", {}} : notAllowed(r);
  }
  return problem(404, "Not found: " + p);
}

}  // namespace crmsync::test::kommo
