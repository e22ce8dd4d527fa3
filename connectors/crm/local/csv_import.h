#pragma once
// `crmsync local import-contacts FILE.csv`: loads contacts (and optionally one deal each) into the local CRM.
//
// The file is RFC 4180 CSV (see csv_reader.h), UTF-8 with or without BOM, with a header row. Header names
// are matched case-insensitively after trimming spaces:
//   name                      required column; a row with an empty name is an error
//   phone columns             at least one: any column whose name starts with "phone" or ends with "phone"
//                             (phone, phone2, phones, phone_work, mobile_phone, telephone); one number per cell
//   email, owner              optional
//   deal_title, deal_stage, deal_status, deal_amount, deal_currency
//                             optional; a deal is created when deal_title is filled; deal_status is open
//                             (default), won or lost; deal_amount is a decimal like 1200 or -15.50
// Any other column is an error and nothing is imported. Cells are trimmed of surrounding spaces; phones are
// otherwise stored exactly as typed. Empty rows are skipped. A bad row is reported ("contacts.csv:7: column
// 'name' is empty") and skipped; good rows are imported, each in its own transaction. Importing a file twice
// creates its contacts twice, as in any CRM.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "crm/local/local_connector.h"

namespace crmsync::connectors::local {

struct ImportReport {
  std::size_t rows = 0;  // data rows read, empty rows not counted
  std::size_t contactsImported = 0;
  std::size_t dealsImported = 0;
  std::size_t rowsSkipped = 0;      // rows not imported because of an error
  std::vector<std::string> errors;  // "<file name>:<line>: <problem>", in file order
  bool ok() const { return errors.empty(); }
};

// Throws std::runtime_error when the file cannot be read; every problem in its content is in the report.
ImportReport importContactsCsv(LocalConnector& crm, const std::filesystem::path& file);

}  // namespace crmsync::connectors::local
