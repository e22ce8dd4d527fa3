#include "crm/pipedrive/pipedrive_notes.h"

namespace crmsync::connectors::pipedrive {

namespace {

constexpr const char* kKeyOpen = "[crmsync:";
constexpr const char* kStatusOpen = "[crmsync-status:";
constexpr const char* kSmallOpen = "<p><small>";
constexpr const char* kSmallClose = "</small></p>";

std::string unescape(const std::string& text) {
  static const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    for (const auto& [entity, plain] : kEntities) {
      const std::string e = entity;
      if (text.compare(i, e.size(), e) == 0) {
        out += plain;
        i += e.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

}  // namespace

std::string htmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string htmlText(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') continue;
    if (text[i] == '\n')
      out += "<br>";
    else
      out += htmlEscape(std::string(1, text[i]));
  }
  return out;
}

std::string noteMarker(const std::string& idempotencyKey) { return kKeyOpen + htmlEscape(idempotencyKey) + "]"; }

std::string statusMarker(const std::string& statusKey) { return kStatusOpen + htmlEscape(statusKey) + "]"; }

std::string messageContent(const std::string& subject, const std::string& text, const std::string& idempotencyKey) {
  std::string out;
  if (!subject.empty()) out += "<p><b>" + htmlText(subject) + "</b></p>";
  out += "<p>" + htmlText(text) + "</p>";
  return out + kSmallOpen + noteMarker(idempotencyKey) + kSmallClose;
}

std::string statusParagraph(const std::string& text, const std::string& statusKey) {
  return kSmallOpen + htmlText(text) + " " + statusMarker(statusKey) + kSmallClose;
}

std::string placeholderContent(const std::string& messageKey) {
  return "<p><i>WhatsApp message not synced yet (known from its delivery statuses only)</i></p>" +
         std::string(kSmallOpen) + noteMarker(messageKey) + " " + kPlaceholderMarker + kSmallClose;
}

std::string ownKey(const std::string& content) {
  const std::string open = kKeyOpen;
  std::size_t start = content.find(open);
  if (start == std::string::npos) return "";
  start += open.size();
  std::size_t end = content.find(']', start);
  return end == std::string::npos ? "" : unescape(content.substr(start, end - start));
}

bool isPlaceholder(const std::string& content) { return content.find(kPlaceholderMarker) != std::string::npos; }

std::string statusParagraphs(const std::string& content) {
  std::string out;
  const std::string open = kSmallOpen;
  const std::string close = kSmallClose;
  for (std::size_t at = content.find(open); at != std::string::npos; at = content.find(open, at + 1)) {
    std::size_t end = content.find(close, at);
    if (end == std::string::npos) break;
    std::string paragraph = content.substr(at, end + close.size() - at);
    if (paragraph.find(kStatusOpen) != std::string::npos) out += paragraph;
  }
  return out;
}

std::string messageKeyOf(const Event& status) {
  Event message;
  message.kind = EventKind::kMessage;
  message.channel = status.channel;
  message.providerId = status.providerId;
  return message.dedupeKey();
}

}  // namespace crmsync::connectors::pipedrive
