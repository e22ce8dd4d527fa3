#include "pipeline/mapped_writes.h"

#include "mapping/sources.h"

namespace crmsync {

namespace {

nlohmann::json fieldsOf(const mapping::MappedWrite& write) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& f : write.fields) out[f.field] = f.value;
  return out;
}

}  // namespace

Activity mapActivity(const Event& event, const Person* person, const CrmContext* context, const CrmRecordRef& record,
                     const mapping::MappingDocument* document) {
  Activity activity{event.dedupeKey(), record, event, "", nlohmann::json::object()};
  if (document == nullptr) return activity;
  auto kind = event.kind == EventKind::kMessage ? mapping::WriteKind::kMessageActivity : mapping::WriteKind::kStatusUpdate;
  if (auto write = document->apply(kind, mapping::buildSources(event, person, context, &record))) {
    activity.object = write->object;
    activity.fields = fieldsOf(*write);
  }
  return activity;
}

void mapContactDraft(ContactDraft& draft, const Event& event, const Person& person, const mapping::MappingDocument* document) {
  if (document == nullptr) return;
  if (auto write = document->apply(mapping::WriteKind::kContactCreate, mapping::buildSources(event, &person, nullptr, nullptr))) {
    draft.object = write->object;
    draft.fields = fieldsOf(*write);
  }
}

std::optional<ContactUpdate> mapContactUpdate(const Event& event, const Person& person, const CrmRecordRef& record,
                                              const mapping::MappingDocument* document) {
  if (document == nullptr) return std::nullopt;
  auto write = document->apply(mapping::WriteKind::kContactUpdate, mapping::buildSources(event, &person, nullptr, &record));
  if (!write || write->fields.empty()) return std::nullopt;
  return ContactUpdate{record, write->fields};
}

}  // namespace crmsync
