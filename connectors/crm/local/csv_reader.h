#pragma once
// RFC 4180 CSV records, pure (no I/O). Used by the contacts import of the local CRM.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace crmsync::connectors::local {

struct CsvRecord {
  std::size_t line = 0;  // 1-based line on which the record starts
  std::vector<std::string> fields;
  std::string error;  // non-empty: the record is malformed and its fields are incomplete
};

// Splits `text` into records. A UTF-8 byte order mark is skipped. Records end at CRLF, LF or a lone CR
// outside quotes; blank lines are skipped. Quoted fields may hold commas, line breaks and doubled quotes
// (""), kept verbatim. A quote inside an unquoted field, or text after a closing quote, marks the record
// malformed and reading resumes on the next line; an unterminated quote marks the last record malformed.
std::vector<CsvRecord> parseCsv(std::string_view text);

}  // namespace crmsync::connectors::local
