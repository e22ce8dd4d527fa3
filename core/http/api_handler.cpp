#include "http/api_handler.h"

#include <Poco/URI.h>

#include <algorithm>

#include "crmsync/phone.h"
#include "http/http_util.h"
#include "http/timeline_view.h"

namespace crmsync::http {

using nlohmann::json;

namespace {
constexpr const char* kPeople = "/api/v1/people";
constexpr const char* kPeoplePrefix = "/api/v1/people/";
constexpr const char* kEventsPrefix = "/api/v1/events/";

std::string param(const Poco::Net::HTTPServerRequest& request, const std::string& name) {
  for (const auto& [k, v] : Poco::URI(request.getURI()).getQueryParameters()) {
    if (k == name) return v;
  }
  return {};
}

std::string pathOf(const Poco::Net::HTTPServerRequest& request) { return Poco::URI(request.getURI()).getPath(); }
}  // namespace

ApiHandler::ApiHandler(Store& store, Metrics& metrics, std::string adminToken, std::string defaultRegion)
    : store_(store), metrics_(metrics), adminToken_(std::move(adminToken)), defaultRegion_(std::move(defaultRegion)) {}

void ApiHandler::addRoutes(Router& router) {
  router.add("GET", kPeople, authorised(&ApiHandler::people));
  router.add("GET", kPeoplePrefix, authorised(&ApiHandler::personTimeline));
  router.add("GET", kEventsPrefix, authorised(&ApiHandler::event));
  router.add("GET", "/metrics", authorised(&ApiHandler::metrics));
  router.add("GET", "/healthz", [this](auto& req, auto& resp) { health(req, resp); });
}

HandlerFn ApiHandler::authorised(void (ApiHandler::*fn)(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&)) {
  return [this, fn](Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    if (!hasBearer(request, adminToken_)) {
      response.set("WWW-Authenticate", "Bearer realm=\"crmsync\"");
      sendError(response, 401, "unauthorized", "missing or wrong bearer token (admin.token)");
      return;
    }
    (this->*fn)(request, response);
  };
}

void ApiHandler::people(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
  std::vector<Identifier> wanted;
  if (std::string raw = param(request, "phone"); !raw.empty()) {
    Identifier id = phone::toIdentifier(raw, defaultRegion_);
    wanted.push_back(id);
    // Also match the text as received when the sender's number itself could not be parsed.
    if (id.kind == IdentifierKind::kPhone) wanted.push_back({IdentifierKind::kPhoneRaw, raw});
  }
  if (std::string bsuid = param(request, "bsuid"); !bsuid.empty()) wanted.push_back({IdentifierKind::kWhatsappBsuid, bsuid});
  if (wanted.empty()) {
    sendError(response, 400, "bad_request", "give ?phone=<any format> or ?bsuid=<id>");
    return;
  }
  json people = json::array();
  std::vector<std::int64_t> seen;
  for (const auto& id : wanted) {
    auto personId = store_.findPerson(id);
    if (!personId || std::find(seen.begin(), seen.end(), *personId) != seen.end()) continue;
    seen.push_back(*personId);
    if (auto p = store_.person(*personId)) people.push_back(personJson(*p));
  }
  sendJson(response, 200, {{"people", people}});
}

void ApiHandler::personTimeline(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
  std::string rest = pathOf(request).substr(std::string(kPeoplePrefix).size());
  auto slash = rest.find('/');
  std::int64_t id = 0;
  try {
    std::size_t used = 0;
    id = std::stoll(rest.substr(0, slash), &used);
    if (used != rest.substr(0, slash).size()) throw std::invalid_argument("id");
  } catch (const std::exception&) {
    sendError(response, 400, "bad_request", "person id must be a number");
    return;
  }
  std::optional<Person> person = store_.person(id);
  if (!person) {
    sendError(response, 404, "not_found", "no person " + std::to_string(id));
    return;
  }
  if (slash == std::string::npos) {
    sendJson(response, 200, personJson(*person));
  } else if (rest.substr(slash) == "/timeline") {
    sendJson(response, 200, {{"person", personJson(*person)}, {"timeline", timelineJson(store_.timeline(id))}});
  } else {
    sendError(response, 404, "not_found", "no such endpoint");
  }
}

void ApiHandler::event(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
  std::string providerId = pathOf(request).substr(std::string(kEventsPrefix).size());
  std::vector<StoredEvent> events = store_.eventsByProviderId(providerId);
  if (events.empty()) {
    sendError(response, 404, "not_found", "no event with provider id " + providerId + " was received");
    return;
  }
  json out = json::array();
  for (const auto& e : events) out.push_back(eventStateJson(e));
  sendJson(response, 200, {{"provider_id", providerId}, {"events", out}});
}

void ApiHandler::metrics(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response) {
  sendText(response, 200, metrics_.renderPrometheus(), "text/plain; version=0.0.4");
}

void ApiHandler::health(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response) {
  StateCounts c = store_.counts();
  sendJson(response, 200, {{"status", "ok"},
                           {"schema_version", store_.schemaVersion()},
                           {"queue", {{"received", c.received}, {"resolved", c.resolved}, {"retrying", c.retrying},
                                      {"written", c.written}, {"dead", c.dead}, {"quarantined", c.quarantined}}}});
}

}  // namespace crmsync::http
