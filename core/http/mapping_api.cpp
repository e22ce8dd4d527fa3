#include "http/mapping_api.h"

#include <Poco/URI.h>

#include "crmsync/model_json.h"
#include "http/http_util.h"
#include "pipeline/mapped_writes.h"

namespace crmsync::http {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxDocumentBytes = 1024 * 1024;
constexpr const char* kMappingsPrefix = "/api/v1/mappings/";

json errorsJson(const std::vector<mapping::MappingError>& errors) {
  json out = json::array();
  for (const auto& e : errors) {
    out.push_back({{"pointer", e.pointer}, {"message", e.message}, {"line", e.line}, {"column", e.column}});
  }
  return out;
}

// The JSON body, or nullopt after answering 400/413.
std::optional<json> jsonBody(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
  std::optional<std::string> body = readBody(request, kMaxDocumentBytes);
  if (!body) {
    sendError(response, 413, "too_large", "body larger than 1 MiB");
    return std::nullopt;
  }
  json parsed = json::parse(*body, nullptr, false);
  if (!parsed.is_object()) {
    sendError(response, 400, "bad_request", "the body must be a JSON object");
    return std::nullopt;
  }
  return parsed;
}

int limitParam(const Poco::Net::HTTPServerRequest& request, int fallback) {
  for (const auto& [k, v] : Poco::URI(request.getURI()).getQueryParameters()) {
    if (k == "limit") {
      try {
        return std::clamp(std::stoi(v), 1, 500);
      } catch (const std::exception&) {
        return fallback;
      }
    }
  }
  return fallback;
}

json versionJson(const MappingVersion& v, bool withText) {
  json out = {{"connector", v.connector}, {"version", v.version}, {"author", v.author},
              {"origin", v.origin},       {"created_at_ms", v.createdAtMs}, {"diff", v.diff}};
  if (withText) out["text"] = v.text;
  return out;
}

}  // namespace

MappingApi::MappingApi(MappingService& mappings, Store& store, const CrmConnector& connector, std::string adminToken)
    : mappings_(mappings), store_(store), connector_(connector), adminToken_(std::move(adminToken)) {}

void MappingApi::addRoutes(Router& router) {
  router.add("GET", "/api/v1/mappings", guard(&MappingApi::list));
  router.add("POST", "/api/v1/mappings/validate", guard(&MappingApi::validate));
  router.add("POST", "/api/v1/mappings/preview", guard(&MappingApi::preview));
  router.add("GET", kMappingsPrefix, guard(&MappingApi::document));
  router.add("PUT", kMappingsPrefix, guard(&MappingApi::document));
  router.add("POST", kMappingsPrefix, guard(&MappingApi::document));
  router.add("GET", "/api/v1/events", guard(&MappingApi::recentEvents));
  router.add("GET", "/api/v1/audit", guard(&MappingApi::auditLog));
}

HandlerFn MappingApi::guard(void (MappingApi::*fn)(Req&, Resp&)) {
  return [this, fn](Req& request, Resp& response) {
    if (!hasBearer(request, adminToken_)) {
      response.set("WWW-Authenticate", "Bearer realm=\"crmsync\"");
      sendError(response, 401, "unauthorized", "missing or wrong bearer token (admin.token)");
      return;
    }
    (this->*fn)(request, response);
  };
}

void MappingApi::list(Req&, Resp& response) {
  json out = json::array();
  for (const auto& connector : mappings_.connectors()) {
    json entry = {{"connector", connector}, {"version", mappings_.activeVersion(connector)},
                  {"active", connector == connector_.name()}};
    if (auto v = store_.latestMapping(connector)) {
      entry["author"] = v->author;
      entry["created_at_ms"] = v->createdAtMs;
    }
    out.push_back(entry);
  }
  sendJson(response, 200, {{"mappings", out}});
}

void MappingApi::document(Req& request, Resp& response) {
  std::string rest = Poco::URI(request.getURI()).getPath().substr(std::string(kMappingsPrefix).size());
  std::string connector = rest.substr(0, rest.find('/'));
  std::string action = rest.find('/') == std::string::npos ? "" : rest.substr(rest.find('/') + 1);
  if (!mappings_.knows(connector)) {
    sendError(response, 404, "not_found", "no mapping document for connector '" + connector + "'");
    return;
  }
  const std::string& method = request.getMethod();
  if (method == "GET" && action.empty()) return get(connector, response);
  if (method == "PUT" && action.empty()) return put(connector, request, response);
  if (method == "GET" && action == "versions") return versions(connector, response);
  if (method == "POST" && action == "rollback") return rollback(connector, request, response);
  sendError(response, 404, "not_found", "no such endpoint");
}

void MappingApi::get(const std::string& connector, Resp& response) {
  auto v = store_.mappingVersion(connector, mappings_.activeVersion(connector));
  if (!v) {
    sendError(response, 404, "not_found", "connector '" + connector + "' has no stored version");
    return;
  }
  sendJson(response, 200, versionJson(*v, true));
}

void MappingApi::put(const std::string& connector, Req& request, Resp& response) {
  auto body = jsonBody(request, response);
  if (!body) return;
  if (!body->contains("text") || !(*body)["text"].is_string()) {
    sendError(response, 400, "bad_request", "give {\"text\": \"<document>\", \"author\": \"<name>\"}");
    return;
  }
  std::string author = body->value("author", "");
  if (author.empty()) author = "admin";
  auto result = mappings_.save(connector, (*body)["text"].get<std::string>(), author);
  if (!result.ok) {
    sendJson(response, 422, {{"ok", false}, {"errors", errorsJson(result.errors)}});
    return;
  }
  sendJson(response, 200, {{"ok", true}, {"version", result.version}});
}

void MappingApi::versions(const std::string& connector, Resp& response) {
  json out = json::array();
  for (const auto& v : store_.mappingVersions(connector, 200)) out.push_back(versionJson(v, false));
  sendJson(response, 200, {{"connector", connector}, {"active_version", mappings_.activeVersion(connector)}, {"versions", out}});
}

void MappingApi::rollback(const std::string& connector, Req& request, Resp& response) {
  auto body = jsonBody(request, response);
  if (!body) return;
  if (!body->contains("version") || !(*body)["version"].is_number_integer()) {
    sendError(response, 400, "bad_request", "give {\"version\": N, \"author\": \"<name>\"}");
    return;
  }
  std::string author = body->value("author", "");
  auto result = mappings_.rollback(connector, (*body)["version"].get<int>(), author.empty() ? "admin" : author);
  if (!result.ok) {
    sendJson(response, 422, {{"ok", false}, {"errors", errorsJson(result.errors)}});
    return;
  }
  sendJson(response, 200, {{"ok", true}, {"version", result.version}});
}

void MappingApi::validate(Req& request, Resp& response) {
  auto body = jsonBody(request, response);
  if (!body) return;
  std::string connector = body->value("connector", connector_.name());
  std::string text = body->value("text", "");
  auto errors = mappings_.validate(connector, text);
  sendJson(response, 200, {{"ok", errors.empty()}, {"errors", errorsJson(errors)}});
}

void MappingApi::preview(Req& request, Resp& response) {
  auto body = jsonBody(request, response);
  if (!body) return;
  std::string connector = body->value("connector", connector_.name());
  if (connector != connector_.name()) {
    sendError(response, 422, "not_running", "preview works for the running connector '" + connector_.name() + "'");
    return;
  }
  std::vector<mapping::MappingError> errors;
  auto doc = mappings_.compile(connector, body->value("text", ""), errors);
  if (!doc) {
    sendJson(response, 422, {{"ok", false}, {"errors", errorsJson(errors)}});
    return;
  }
  Event event;
  std::optional<Person> person;
  CrmRecordRef record{"contact", "<record id>"};
  if (body->contains("provider_id")) {
    auto stored = store_.eventsByProviderId(body->value("provider_id", ""));
    if (stored.empty()) {
      sendError(response, 404, "not_found", "no event with that provider id");
      return;
    }
    event = stored.front().event;
    if (stored.front().personId) person = store_.person(*stored.front().personId);
    if (!stored.front().crmRecordId.empty()) record.id = stored.front().crmRecordId;
  } else if (body->contains("event") && (*body)["event"].is_object()) {
    try {
      event = (*body)["event"].get<Event>();
    } catch (const std::exception& e) {
      sendError(response, 400, "bad_request", std::string("event: ") + e.what());
      return;
    }
  } else {
    sendError(response, 400, "bad_request", "give \"provider_id\" of a received event, or \"event\"");
    return;
  }
  Activity activity = mapActivity(event, person ? &*person : nullptr, nullptr, record, doc.get());
  json requests = json::array();
  for (const auto& r : connector_.describe({activity})) {
    requests.push_back({{"method", r.method}, {"path", r.path}, {"body", r.body}});
  }
  sendJson(response, 200, {{"ok", true}, {"requests", requests}});
}

void MappingApi::recentEvents(Req& request, Resp& response) {
  json out = json::array();
  for (const auto& e : store_.recentEvents(limitParam(request, 20))) {
    std::string text = e.event.text.size() > 120 ? e.event.text.substr(0, 120) : e.event.text;
    out.push_back({{"provider_id", e.event.providerId}, {"kind", toString(e.event.kind)}, {"type", e.event.type},
                   {"status", e.event.status}, {"direction", toString(e.event.direction)},
                   {"timestamp", e.event.timestamp}, {"text", text}, {"state", toString(e.state)}});
  }
  sendJson(response, 200, {{"events", out}});
}

void MappingApi::auditLog(Req& request, Resp& response) {
  json out = json::array();
  for (const auto& a : store_.auditLog(limitParam(request, 50))) {
    out.push_back({{"at_ms", a.atMs}, {"actor", a.actor}, {"action", a.action}, {"subject", a.subject}, {"detail", a.detail}});
  }
  sendJson(response, 200, {{"entries", out}});
}

}  // namespace crmsync::http
