#include "mapping/template.h"

#include <utility>

#include "mapping/source_fields.h"
#include "mapping/sources.h"
#include "mapping/text_util.h"

namespace crmsync::mapping {
namespace {

using Node = Template::Node;
constexpr int kMaxNesting = 16;

std::string trim(const std::string& text) {
  std::size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  std::size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

struct Tag {
  enum class Kind { kEnd, kField, kIf, kElse, kEndIf } kind = Kind::kEnd;
  std::string path;
  Position at;  // where "{{" starts
};

class Parser {
 public:
  Parser(const std::string& text, std::vector<TemplateError>& errors) : text_(text), errors_(errors) {}

  std::vector<Node> parseAll() {
    std::vector<Node> nodes;
    for (;;) {
      Tag stop = parseSequence(nodes, 0);
      if (stop.kind == Tag::Kind::kEnd) break;
      error(stop.at, stop.kind == Tag::Kind::kElse ? "{{else}} outside {{#if ...}}"
                                                   : "{{/if}} without a matching {{#if ...}}");
    }
    return nodes;
  }

 private:
  void error(Position at, const std::string& message) { errors_.push_back({message, at.line, at.column}); }

  // Appends nodes to `out` until the end of the text or an else / endif tag, which it returns.
  Tag parseSequence(std::vector<Node>& out, int depth) {
    for (;;) {
      Tag tag = nextTag(out);
      if (tag.kind == Tag::Kind::kField) {
        out.push_back({Node::Kind::kField, tag.path, {}, {}});
      } else if (tag.kind == Tag::Kind::kIf) {
        out.push_back(parseIf(tag, depth + 1));
      } else {
        return tag;
      }
    }
  }

  Node parseIf(const Tag& open, int depth) {
    Node node{Node::Kind::kIf, open.path, {}, {}};
    if (depth > kMaxNesting) {
      // Stop here: following a hostile nesting depth further would only exhaust the stack.
      error(open.at, "{{#if}} nested more than " + std::to_string(kMaxNesting) + " deep");
      pos_ = text_.size();
      tooDeep_ = true;
      return node;
    }
    Tag stop = parseSequence(node.then, depth);
    bool seenElse = false;
    while (stop.kind == Tag::Kind::kElse) {
      if (seenElse) error(stop.at, "second {{else}} in the same {{#if " + open.path + "}}");
      seenElse = true;
      stop = parseSequence(node.otherwise, depth);
    }
    if (stop.kind == Tag::Kind::kEnd && !tooDeep_) {
      error(open.at, "{{#if " + open.path + "}} is never closed with {{/if}}");
    }
    return node;
  }

  // Consumes text up to the next meaningful tag (text goes to `out`, comments are dropped).
  Tag nextTag(std::vector<Node>& out) {
    for (;;) {
      std::size_t open = text_.find("{{", pos_);
      std::size_t textEnd = open == std::string::npos ? text_.size() : open;
      if (textEnd > pos_) out.push_back({Node::Kind::kText, text_.substr(pos_, textEnd - pos_), {}, {}});
      pos_ = textEnd;
      if (open == std::string::npos) return {};
      Position at = positionAt(open);
      std::size_t close = text_.find("}}", open + 2);
      if (close == std::string::npos) {
        error(at, "'{{' is never closed with '}}'");
        pos_ = text_.size();
        return {};
      }
      std::string inside = text_.substr(open + 2, close - open - 2);
      pos_ = close + 2;
      if (auto tag = classify(inside, at)) return *tag;
    }
  }

  // The tag for the text between braces, or nullopt for a comment or a broken tag (reported).
  std::optional<Tag> classify(const std::string& inside, Position at) {
    if (!inside.empty() && inside[0] == '!') return std::nullopt;
    std::string content = trim(inside);
    if (content.empty()) {
      error(at, "empty tag {{}}: put a source field inside, e.g. {{message.text}}");
      return std::nullopt;
    }
    if (content == "else") return Tag{Tag::Kind::kElse, "", at};
    if (content[0] == '/') {
      if (trim(content.substr(1)) == "if") return Tag{Tag::Kind::kEndIf, "", at};
      error(at, "unknown closing tag {{" + content + "}} (only {{/if}} exists)");
      return std::nullopt;
    }
    if (content[0] == '#') return classifyBlock(content, at);
    return fieldTag(Tag::Kind::kField, content, at);
  }

  std::optional<Tag> classifyBlock(const std::string& content, Position at) {
    std::size_t space = content.find_first_of(" \t\r\n");
    std::string word = content.substr(1, space == std::string::npos ? std::string::npos : space - 1);
    if (word != "if") {
      error(at, "unknown block {{#" + word + "}} (only {{#if field}} exists)");
      return std::nullopt;
    }
    std::string path = space == std::string::npos ? "" : trim(content.substr(space));
    if (path.empty()) {
      error(at, "{{#if}} needs a source field, e.g. {{#if message.text}}");
      path = "?";
    }
    return fieldTag(Tag::Kind::kIf, path, at);
  }

  // A tag naming a source field; an unknown field is reported but the tag kept, so the structure
  // (if/else/endif) is still checked.
  std::optional<Tag> fieldTag(Tag::Kind kind, const std::string& path, Position at) {
    if (path != "?" && findSourceField(path) == nullptr) {
      error(at, "unknown source field '" + path + "'" + didYouMeanSource(path));
    }
    return Tag{kind, path, at};
  }

  // The position of a tag at `offset` (never before the previous tag's), counted on from the previous
  // tag: recounting from the start for every tag made parsing quadratic in the template's size.
  Position positionAt(std::size_t offset) {
    Position step = positionOf(text_.substr(lastOffset_, offset - lastOffset_), offset - lastOffset_);
    if (step.line > 1) {
      last_.line += step.line - 1;
      last_.column = step.column;
    } else {
      last_.column += step.column - 1;
    }
    lastOffset_ = offset;
    return last_;
  }

  const std::string& text_;
  std::vector<TemplateError>& errors_;
  std::size_t pos_ = 0;
  bool tooDeep_ = false;
  std::size_t lastOffset_ = 0;
  Position last_;
};

void renderNodes(const std::vector<Node>& nodes, const nlohmann::json& sources, std::string& out) {
  for (const Node& node : nodes) {
    switch (node.kind) {
      case Node::Kind::kText:
        out += node.text;
        break;
      case Node::Kind::kField:
        out += valueText(sourceValue(sources, node.text));
        break;
      case Node::Kind::kIf:
        renderNodes(truthy(sourceValue(sources, node.text)) ? node.then : node.otherwise, sources, out);
        break;
    }
  }
}

}  // namespace

std::optional<Template> Template::parse(const std::string& text, std::vector<TemplateError>& errors) {
  std::size_t before = errors.size();
  Template result;
  result.nodes_ = Parser(text, errors).parseAll();
  if (errors.size() != before) return std::nullopt;
  return result;
}

std::string Template::render(const nlohmann::json& sources) const {
  std::string out;
  renderNodes(nodes_, sources, out);
  return out;
}

}  // namespace crmsync::mapping
