#include "crm/hubspot/hubspot_activities.h"

#include "crm/hubspot/hubspot_schema.h"

namespace crmsync::connectors::hubspot {

using nlohmann::json;

namespace {

constexpr const char* kCommunications = "communications";

bool isCommunicationsObject(const std::string& object) {
  return object.empty() || object == "communications" || object == "communication";
}

bool isContact(const CrmRecordRef& record) {
  return record.objectType.empty() || record.objectType == kContactObjectType || record.objectType == "contacts";
}

std::string defaultBody(const Event& e) {
  if (e.media.empty() && !e.text.empty()) return e.text;
  std::string body = "[" + (e.type.empty() ? std::string("message") : e.type);
  if (!e.media.empty() && !e.media.front().filename.empty()) body += ": " + e.media.front().filename;
  body += "]";
  return e.text.empty() ? body : body + " " + e.text;
}

std::int64_t eventTimeMs(const Event& e, std::int64_t nowMs) { return e.timestamp > 0 ? e.timestamp * 1000 : nowMs; }

void setDefault(Properties& properties, const std::string& name, const std::string& value) {
  properties.emplace(name, value);  // keeps a mapped value
}

RequestPreview preview(const HttpRequest& request) {
  return {request.method, request.target, json::parse(request.body)};
}

}  // namespace

std::string unwritableReason(const Activity& activity) {
  if (activity.idempotencyKey.empty()) return "activity without an idempotency key";
  if (!isCommunicationsObject(activity.object)) {
    return "HubSpot connector writes activities as communications, not '" + activity.object + "'";
  }
  if (activity.record.id.empty() || !isContact(activity.record)) {
    return "HubSpot communications are associated to a contact, not to " + activity.record.objectType + " '" +
           activity.record.id + "'";
  }
  if (activity.event.kind == EventKind::kStatus && activity.event.providerId.empty()) {
    return "status event without a message id";
  }
  return "";
}

std::string messageKeyOf(const Event& status) {
  Event message = status;
  message.kind = EventKind::kMessage;
  return message.dedupeKey();
}

Properties mappedProperties(const json& fields) {
  Properties out = fieldProperties(fields);
  auto body = out.find("body");
  if (body != out.end()) {
    out.emplace(kBodyProperty, body->second);  // the real property name wins when both are mapped
    out.erase(body);
  }
  return out;
}

Properties messageProperties(const Activity& message, std::int64_t nowMs) {
  Properties p = mappedProperties(message.fields);
  p[kChannelTypeProperty] = "WHATS_APP";
  p[kLoggedFromProperty] = "CRM";
  p[kKeyProperty] = message.idempotencyKey;
  if (p[kBodyProperty].empty()) p[kBodyProperty] = defaultBody(message.event);
  if (p[kTimestampProperty].empty()) p[kTimestampProperty] = isoTimestamp(eventTimeMs(message.event, nowMs));
  return p;
}

std::string strongerStatus(const std::string& current, const std::string& incoming) {
  if (current.empty()) return incoming;
  return statusRank(incoming) > statusRank(current) ? incoming : current;
}

Properties statusProperties(const std::vector<const Activity*>& statuses, const std::string& current, bool exists,
                            std::int64_t nowMs) {
  Properties p;
  std::string status = current;
  for (const Activity* s : statuses) {
    for (const auto& [name, value] : mappedProperties(s->fields)) p[name] = value;
    status = strongerStatus(status, s->event.status);
  }
  p[kStatusProperty] = status;
  if (!exists && !statuses.empty()) {
    const Event& first = statuses.front()->event;
    p[kChannelTypeProperty] = "WHATS_APP";
    p[kLoggedFromProperty] = "CRM";
    p[kKeyProperty] = messageKeyOf(first);
    setDefault(p, kBodyProperty, "WhatsApp message " + first.providerId + " (sent outside crmsync)");
    setDefault(p, kTimestampProperty, isoTimestamp(eventTimeMs(first, nowMs)));
  }
  return p;
}

HttpRequest readCommunicationsRequest(const std::vector<std::string>& keys) {
  return readByKeyRequest(kCommunications, kKeyProperty, keys, {kKeyProperty, kStatusProperty});
}

HttpRequest upsertCommunicationsRequest(const std::vector<UpsertInput>& inputs) {
  return upsertRequest(kCommunications, kKeyProperty, inputs);
}

HttpRequest associateCommunicationsRequest(const std::vector<std::pair<std::string, std::string>>& pairs) {
  return associateRequest(kCommunications, "contacts", pairs, kCommunicationToContact);
}

std::vector<RequestPreview> previewWrites(const std::vector<Activity>& activities, std::int64_t nowMs) {
  std::vector<UpsertInput> messages;
  std::vector<std::pair<std::string, std::string>> pairs;
  std::vector<UpsertInput> statuses;
  std::vector<std::string> statusKeys;
  for (const Activity& a : activities) {
    if (!unwritableReason(a).empty()) continue;
    if (a.event.kind == EventKind::kMessage) {
      messages.push_back({a.idempotencyKey, messageProperties(a, nowMs)});
      pairs.emplace_back("{communication id of " + a.idempotencyKey + "}", a.record.id);
    } else {
      statusKeys.push_back(messageKeyOf(a.event));
      statuses.push_back({statusKeys.back(), statusProperties({&a}, "", true, nowMs)});
    }
  }
  std::vector<RequestPreview> out;
  for (const auto& chunk : chunks(messages, kMaxBatchInputs)) out.push_back(preview(upsertCommunicationsRequest(chunk)));
  for (const auto& chunk : chunks(pairs, kMaxBatchInputs)) out.push_back(preview(associateCommunicationsRequest(chunk)));
  for (const auto& chunk : chunks(statusKeys, kMaxBatchInputs)) out.push_back(preview(readCommunicationsRequest(chunk)));
  for (const auto& chunk : chunks(statuses, kMaxBatchInputs)) out.push_back(preview(upsertCommunicationsRequest(chunk)));
  return out;
}

}  // namespace crmsync::connectors::hubspot
