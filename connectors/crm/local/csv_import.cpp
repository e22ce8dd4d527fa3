#include "crm/local/csv_import.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "crm/local/csv_reader.h"

namespace crmsync::connectors::local {

namespace {

enum class Column { kName, kPhone, kEmail, kOwner, kDealTitle, kDealStage, kDealStatus, kDealAmount, kDealCurrency };

const std::map<std::string, Column> kNamedColumns = {
    {"name", Column::kName},
    {"email", Column::kEmail},
    {"owner", Column::kOwner},
    {"deal_title", Column::kDealTitle},
    {"deal_stage", Column::kDealStage},
    {"deal_status", Column::kDealStatus},
    {"deal_amount", Column::kDealAmount},
    {"deal_currency", Column::kDealCurrency},
};

std::string trim(const std::string& text) {
  auto notSpace = [](unsigned char c) { return !std::isspace(c); };
  auto begin = std::find_if(text.begin(), text.end(), notSpace);
  auto end = std::find_if(text.rbegin(), text.rend(), notSpace).base();
  return begin < end ? std::string(begin, end) : std::string{};
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool isPhoneColumn(const std::string& name) {
  const std::string suffix = "phone";
  bool starts = name.compare(0, suffix.size(), suffix) == 0;
  bool ends = name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  return starts || ends;
}

// -15.50, 1200; no thousands separators (they differ by locale, so "1,200" is refused rather than guessed).
bool isDecimal(const std::string& text) {
  std::size_t i = (!text.empty() && text[0] == '-') ? 1 : 0;
  std::size_t digits = 0;
  std::size_t dots = 0;
  for (; i < text.size(); ++i) {
    if (text[i] == '.') {
      if (++dots > 1 || digits == 0) return false;
    } else if (text[i] >= '0' && text[i] <= '9') {
      ++digits;
    } else {
      return false;
    }
  }
  return digits > 0 && text.back() != '.';
}

std::string inQuotes(const std::string& text) { return "'" + text + "'"; }

class Importer {
 public:
  Importer(LocalConnector& crm, std::string fileName) : crm_(crm), file_(std::move(fileName)) {}

  ImportReport run(const std::vector<CsvRecord>& records) {
    if (records.empty()) {
      error(1, "no header row");
      return report_;
    }
    if (!readHeader(records.front())) return report_;
    for (std::size_t i = 1; i < records.size(); ++i) importRow(records[i]);
    return report_;
  }

 private:
  void error(std::size_t line, const std::string& what) {
    report_.errors.push_back(file_ + ":" + std::to_string(line) + ": " + what);
  }

  bool readHeader(const CsvRecord& header) {
    if (!header.error.empty()) {
      error(header.line, header.error);
      return false;
    }
    const std::size_t before = report_.errors.size();
    for (std::size_t i = 0; i < header.fields.size(); ++i) addColumn(header.line, i, trim(header.fields[i]));
    if (!positions_.count(Column::kName)) error(header.line, "column 'name' is required");
    if (phones_.empty()) error(header.line, "no phone column (e.g. phone, phone2, mobile_phone)");
    return report_.errors.size() == before;
  }

  void addColumn(std::size_t line, std::size_t index, const std::string& title) {
    titles_.push_back(title);
    const std::string key = lower(title);
    if (key.empty()) return error(line, "column " + std::to_string(index + 1) + " has no name");
    auto named = kNamedColumns.find(key);
    if (named != kNamedColumns.end()) {
      if (!positions_.emplace(named->second, index).second) error(line, "column " + inQuotes(title) + " appears twice");
      return;
    }
    if (isPhoneColumn(key)) return phones_.push_back(index);
    error(line, "unknown column " + inQuotes(title) +
                    " (known: name, phone columns, email, owner, deal_title, deal_stage, deal_status, "
                    "deal_amount, deal_currency)");
  }

  std::string cell(const std::vector<std::string>& fields, Column column) const {
    auto it = positions_.find(column);
    return it == positions_.end() ? std::string{} : trim(fields[it->second]);
  }

  std::string title(Column column) const { return inQuotes(titles_[positions_.at(column)]); }

  void importRow(const CsvRecord& record) {
    const bool blank =
        std::all_of(record.fields.begin(), record.fields.end(), [](const std::string& f) { return trim(f).empty(); });
    if (record.error.empty() && blank) return;
    ++report_.rows;
    std::vector<std::string> problems;
    NewContact contact;
    if (!record.error.empty()) {
      problems.push_back(record.error);
    } else if (record.fields.size() != titles_.size()) {
      problems.push_back(std::to_string(record.fields.size()) + " fields, the header has " +
                         std::to_string(titles_.size()));
    } else {
      problems = toContact(record.fields, contact);
    }
    if (problems.empty()) problems = store(contact);
    for (const std::string& p : problems) error(record.line, p);
    if (!problems.empty()) ++report_.rowsSkipped;
  }

  std::vector<std::string> toContact(const std::vector<std::string>& fields, NewContact& out) const {
    std::vector<std::string> problems;
    out.name = cell(fields, Column::kName);
    if (out.name.empty()) problems.emplace_back("column 'name' is empty");
    out.ownerId = cell(fields, Column::kOwner);
    out.source = "csv";
    for (std::size_t index : phones_) {
      std::string phone = trim(fields[index]);
      if (!phone.empty()) out.phones.push_back(phone);
    }
    std::string email = lower(cell(fields, Column::kEmail));
    if (!email.empty() && email.find('@') == std::string::npos) {
      problems.push_back("column " + title(Column::kEmail) + " is not an email address: " + inQuotes(email));
    } else if (!email.empty()) {
      out.identifiers.push_back({IdentifierKind::kEmail, email});
    }
    std::optional<Deal> deal = toDeal(fields, problems);
    if (deal) out.deals.push_back(*deal);
    return problems;
  }

  std::optional<Deal> toDeal(const std::vector<std::string>& fields, std::vector<std::string>& problems) const {
    Deal d;
    d.title = cell(fields, Column::kDealTitle);
    d.stage = cell(fields, Column::kDealStage);
    d.status = lower(cell(fields, Column::kDealStatus));
    d.amount = cell(fields, Column::kDealAmount);
    d.currency = cell(fields, Column::kDealCurrency);
    const std::size_t before = problems.size();
    if (d.title.empty()) {
      bool other = !(d.stage.empty() && d.status.empty() && d.amount.empty() && d.currency.empty());
      if (other) problems.emplace_back("column 'deal_title' is empty but other deal columns are filled");
      return std::nullopt;
    }
    if (d.status.empty()) d.status = "open";
    if (d.status != "open" && d.status != "won" && d.status != "lost") {
      problems.push_back("column " + title(Column::kDealStatus) + " must be open, won or lost, not " +
                         inQuotes(d.status));
    }
    if (!d.amount.empty() && !isDecimal(d.amount)) {
      problems.push_back("column " + title(Column::kDealAmount) + " is not a decimal number: " + inQuotes(d.amount));
    }
    if (problems.size() != before) return std::nullopt;
    return d;
  }

  std::vector<std::string> store(const NewContact& contact) {
    try {
      crm_.addContact(contact);
    } catch (const std::exception& e) {
      return {e.what()};
    }
    ++report_.contactsImported;
    report_.dealsImported += contact.deals.size();
    return {};
  }

  LocalConnector& crm_;
  std::string file_;
  std::vector<std::string> titles_;
  std::map<Column, std::size_t> positions_;
  std::vector<std::size_t> phones_;
  ImportReport report_;
};

std::string readAll(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw std::runtime_error("cannot read " + file.string());
  return content.str();
}

}  // namespace

ImportReport importContactsCsv(LocalConnector& crm, const std::filesystem::path& file) {
  const std::string text = readAll(file);
  return Importer(crm, file.filename().string()).run(parseCsv(text));
}

}  // namespace crmsync::connectors::local
