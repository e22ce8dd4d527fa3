#include "crm/local/csv_reader.h"

namespace crmsync::connectors::local {

namespace {

class CsvParser {
 public:
  explicit CsvParser(std::string_view text) : text_(text) {}

  std::vector<CsvRecord> run() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    std::vector<CsvRecord> out;
    while (pos_ < text_.size()) {
      if (atLineEnd()) {
        consumeLineEnd();
        continue;
      }
      out.push_back(record());
    }
    return out;
  }

 private:
  bool atLineEnd() const { return pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r'); }

  void consumeLineEnd() {
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
  }

  void skipRestOfLine() {
    while (pos_ < text_.size() && !atLineEnd()) ++pos_;
    if (pos_ < text_.size()) consumeLineEnd();
  }

  CsvRecord record() {
    CsvRecord r;
    r.line = line_;
    while (true) {
      std::string field = (pos_ < text_.size() && text_[pos_] == '"') ? quotedField(r) : plainField(r);
      if (!r.error.empty()) {
        skipRestOfLine();
        return r;
      }
      r.fields.push_back(std::move(field));
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size()) consumeLineEnd();
      return r;
    }
  }

  std::string plainField(CsvRecord& r) {
    std::string field;
    while (pos_ < text_.size() && text_[pos_] != ',' && !atLineEnd()) {
      if (text_[pos_] == '"') {
        r.error = "quote inside an unquoted field (quote the whole field and double the quote)";
        return field;
      }
      field.push_back(text_[pos_++]);
    }
    return field;
  }

  std::string quotedField(CsvRecord& r) {
    std::string field;
    ++pos_;  // opening quote
    while (true) {
      if (pos_ >= text_.size()) {
        r.error = "unterminated quoted field";
        return field;
      }
      char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field.push_back('"');
          ++pos_;
          continue;
        }
        break;
      }
      // Line breaks inside quotes belong to the field; count them so later line numbers stay right.
      bool lineBreak = c == '\n' || (c == '\r' && (pos_ >= text_.size() || text_[pos_] != '\n'));
      if (lineBreak) ++line_;
      field.push_back(c);
    }
    if (pos_ < text_.size() && text_[pos_] != ',' && !atLineEnd()) r.error = "text after a closing quote";
    return field;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace

std::vector<CsvRecord> parseCsv(std::string_view text) { return CsvParser(text).run(); }

}  // namespace crmsync::connectors::local
