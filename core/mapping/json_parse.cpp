#include "mapping/json_parse.h"

#include <set>
#include <string>
#include <vector>

#include "mapping/text_util.h"

namespace crmsync::mapping {
namespace {

using OrderedJson = nlohmann::ordered_json;

// nlohmann's what() is "[json.exception.parse_error.101] parse error at line 1, column 2: <reason>"; the
// position is reported separately (in characters), so keep only the reason.
std::string parseReason(const std::string& what) {
  std::size_t column = what.find("column ");
  std::size_t colon = column == std::string::npos ? std::string::npos : what.find(": ", column);
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

// Deepest nesting accepted. Real documents stay under 10; deeper trees would make every later recursive
// walk (validation, dump(), destruction) a stack-overflow risk for an uploaded document.
constexpr int kMaxDepth = 64;
struct TooDeep {};

// Follows the parser's events to know the pointer of each key, and remembers the keys seen per object.
class DuplicateKeys {
 public:
  explicit DuplicateKeys(ErrorSink& sink) : sink_(sink) {}

  bool onEvent(nlohmann::json::parse_event_t event, const OrderedJson& parsed) {
    using Event = nlohmann::json::parse_event_t;
    switch (event) {
      case Event::object_start:
      case Event::array_start:
        enterElement();
        frames_.push_back(Frame{event == Event::array_start, {}, {}, -1});
        break;
      case Event::object_end:
      case Event::array_end:
        if (!frames_.empty()) frames_.pop_back();
        break;
      case Event::key:
        onKey(parsed.get<std::string>());
        break;
      case Event::value:
        enterElement();
        break;
    }
    return true;
  }
  bool found() const { return found_; }

 private:
  struct Frame {
    bool isArray;
    std::set<std::string> keys;
    std::string key;  // objects: the member being parsed
    int index;        // arrays: the element being parsed
  };

  void enterElement() {
    if (!frames_.empty() && frames_.back().isArray) ++frames_.back().index;
  }

  void onKey(const std::string& key) {
    if (frames_.empty()) return;
    Frame& top = frames_.back();
    top.key = key;
    if (top.keys.insert(key).second) return;
    std::string pointer;
    for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
      pointer = pointerAppend(pointer, frames_[i].isArray ? std::to_string(frames_[i].index) : frames_[i].key);
    }
    sink_.add(pointerAppend(pointer, key), "duplicate key '" + key + "' (JSON would keep only the last one)");
    found_ = true;
  }

  ErrorSink& sink_;
  std::vector<Frame> frames_;
  bool found_ = false;
};

}  // namespace

std::optional<OrderedJson> parseDocumentText(const std::string& text, ErrorSink& sink) {
  DuplicateKeys duplicates(sink);
  OrderedJson doc;
  try {
    doc = OrderedJson::parse(text, [&duplicates](int depth, nlohmann::json::parse_event_t event, OrderedJson& parsed) {
      bool opens = event == nlohmann::json::parse_event_t::object_start ||
                   event == nlohmann::json::parse_event_t::array_start;
      if (opens && depth >= kMaxDepth) throw TooDeep{};
      return duplicates.onEvent(event, parsed);
    });
  } catch (const TooDeep&) {
    sink.add("", "JSON nested deeper than " + std::to_string(kMaxDepth) + " levels");
    return std::nullopt;
  } catch (const nlohmann::json::parse_error& e) {
    Position at = positionOf(text, e.byte > 0 ? e.byte - 1 : 0);
    sink.add("", "JSON syntax error: " + parseReason(e.what()), at.line, at.column);
    return std::nullopt;
  } catch (const nlohmann::json::out_of_range& e) {  // a number like 1E999 (found by fuzzing)
    const std::string what = e.what();  // "[json.exception.out_of_range.406] number overflow parsing '1E999'"
    const std::size_t reason = what.find("] ");
    sink.add("", "JSON number out of range: " + what.substr(reason == std::string::npos ? 0 : reason + 2));
    return std::nullopt;
  }
  if (duplicates.found()) return std::nullopt;
  return doc;
}

}  // namespace crmsync::mapping
