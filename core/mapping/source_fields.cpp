#include "mapping/source_fields.h"

#include <algorithm>
#include <utility>

#include "crmsync/mapping.h"

namespace crmsync::mapping {
namespace {

std::vector<SourceField> buildTable() {
  const ValueType s = ValueType::kString, n = ValueType::kNumber, b = ValueType::kBool;
  return {
      {"message.id", s, "provider message id (wamid); for a status, the id of the message it is about"},
      {"message.kind", s, "\"message\" or \"status\""},
      {"message.direction", s, "\"inbound\" (from the client) or \"outbound\" (from the firm)"},
      {"message.type", s, "text, image, video, audio, document, sticker, location, contacts, reaction, ..."},
      {"message.text", s, "the body, the media caption, or a readable rendering of structured content"},
      {"message.has_media", b, "true when the message carries at least one media item"},
      {"message.media_count", n, "number of media items"},
      {"message.media_ids", s, "provider media ids, comma-separated"},
      {"message.mime_type", s, "MIME type of the first media item"},
      {"message.filename", s, "file name of the first media item (documents)"},
      {"message.timestamp", n, "when the message was sent, unix seconds (provider clock)"},
      {"message.reply_to", s, "provider id of the message this one answers"},
      {"message.forwarded", b, "true when the message was forwarded"},
      {"message.url", s, "URL of the first media item (provider URLs expire)"},
      {"status.value", s, "sent, delivered, read, played, failed, deleted, ..."},
      {"status.timestamp", n, "when the status was reported, unix seconds (provider clock)"},
      {"status.error_code", n, "provider error code of a failed delivery"},
      {"status.error_title", s, "provider error title of a failed delivery"},
      {"person.id", n, "crmsync's id of the person (identity ledger)"},
      {"person.display_name", s, "the person's name in crmsync, else the provider profile name"},
      {"person.profile_name", s, "the client's name as the provider reports it"},
      {"person.phone", s, "the person's first phone number, E.164 (+79161234567)"},
      {"person.phones", s, "every phone number of the person, E.164, comma-separated"},
      {"person.bsuid", s, "the client's WhatsApp business-scoped user id"},
      {"business.number", s, "the firm's number that took part, E.164 when parseable, else as the provider shows it"},
      {"business.account_id", s, "provider id of the firm's number (WhatsApp phone_number_id)"},
      {"channel.name", s, "the channel, e.g. \"whatsapp\""},
      {"context.owner_id", s, "owner of the CRM record (user id in the CRM)"},
      {"context.open_deals", n, "number of open deals (leads, matters) of the CRM record"},
      {"context.deal.id", s, "id of the most recently updated open deal"},
      {"context.deal.title", s, "title of that deal"},
      {"context.deal.stage", s, "stage of that deal"},
      {"context.deal.status", s, "status of that deal (open)"},
      {"context.deal.amount", s, "amount of that deal, decimal text as the CRM keeps it"},
      {"context.deal.currency", s, "currency of that deal"},
      {"context.deal.owner_id", s, "owner of that deal (user id in the CRM)"},
      {"record.id", s, "id of the CRM record the write is about"},
      {"record.object", s, "object type of that record (contact, person, lead, ...)"},
  };
}

std::size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string toString(ValueType type) {
  switch (type) {
    case ValueType::kString: return "text";
    case ValueType::kNumber: return "number";
    case ValueType::kBool: return "true/false";
    case ValueType::kAny: return "any";
  }
  return "any";
}

const std::vector<SourceField>& sourceFieldTable() {
  static const std::vector<SourceField> table = buildTable();
  return table;
}

const SourceField* findSourceField(const std::string& name) {
  for (const SourceField& field : sourceFieldTable()) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

std::string didYouMean(const std::string& name, const std::vector<std::string>& candidates) {
  // A suggestion must be close: a few typos, not a different word.
  const std::size_t limit = std::max<std::size_t>(2, name.size() / 3);
  const std::string* best = nullptr;
  std::size_t bestDistance = 0;
  for (const std::string& candidate : candidates) {
    // An abbreviation ("trunc") is as good as a typo.
    bool abbreviates = name.size() >= 3 && candidate.compare(0, name.size(), name) == 0;
    // The distance is at least the difference in length: skip the quadratic count when that alone is too
    // far (a hostile document's megabyte-long names would otherwise cost seconds each).
    std::size_t lengthGap =
        name.size() > candidate.size() ? name.size() - candidate.size() : candidate.size() - name.size();
    if (!abbreviates && lengthGap > limit) continue;
    std::size_t distance = abbreviates ? 1 : editDistance(name, candidate);
    if (best == nullptr || distance < bestDistance) {
      best = &candidate;
      bestDistance = distance;
    }
  }
  if (best == nullptr || bestDistance == 0 || bestDistance > limit) return "";
  return " (did you mean '" + *best + "'?)";
}

std::string didYouMeanSource(const std::string& name, const std::string& prefix) {
  std::vector<std::string> names;
  for (const SourceField& field : sourceFieldTable()) {
    if (field.name.compare(0, prefix.size(), prefix) == 0) names.push_back(field.name);
  }
  return didYouMean(name, names);
}

const std::vector<std::pair<std::string, std::string>>& sourceFields() {
  static const std::vector<std::pair<std::string, std::string>> fields = [] {
    std::vector<std::pair<std::string, std::string>> out;
    for (const SourceField& field : sourceFieldTable()) out.emplace_back(field.name, field.description);
    return out;
  }();
  return fields;
}

}  // namespace crmsync::mapping
