// crmsync_bench_big_crm: builds a large local CRM and times identity lookups against it through the real
// code (connectors/crm/local: insertContact() computes E.164 and digits and fills the indexed phone columns;
// LocalConnector::find() is what the sync loop calls). Prints one JSON line:
//   {"contacts","phones","build_s","lookups","lookups_per_s","hit_rate","rss_mb","file_mb"}
//
//   crmsync_bench_big_crm --path FILE [--contacts 1000000] [--lookups 20000] [--region RU] [--seed 7]
//
// FILE is created (an existing file is refused, so a run never mixes two data sets). Phones are typed as
// people type them: national with trunk prefix and brackets, international with spaces, dashes or dots,
// "00" and "+" prefixes, bare digits, stray spaces, "tel:" prefixes, extensions; 30 % of contacts have two.
// Lookups ask for a random generated contact's number (E.164 with its variants, as core builds them) and,
// one in ten, for a number nobody has.

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "common/bench_payloads.h"
#include "crm/local/local_connector.h"
#include "crm/local/local_contacts.h"
#include "crm/local/local_schema.h"
#include "crmsync/phone.h"

namespace {

using namespace crmsync;
using Steady = std::chrono::steady_clock;

struct Options {
  std::string path;
  long contacts = 1000000;
  long lookups = 20000;
  std::string region = "RU";
  std::uint64_t seed = 7;
};

// Contact i's number, reproducible without storing it: E.164 digits (no '+') and the region.
std::pair<std::string, std::string> numberOf(long i, std::uint64_t seed, const std::string& homeRegion) {
  std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(i));
  const auto& regions = bench::benchRegions();
  std::string region = rng() % 10 < 4 ? homeRegion : regions[rng() % regions.size()];
  return {bench::randomMobile(region, rng), region};
}

std::string replaceAll(std::string text, char from, char to) {
  for (char& c : text) {
    if (c == from) c = to;
  }
  return text;
}

// One way a person might have typed `digits` (E.164 without '+') into a CRM.
std::string messySpelling(const std::string& digits, bool home, std::mt19937_64& rng) {
  PhoneVariants v = phone::variants("+" + digits);
  switch (rng() % (home ? 10 : 7)) {
    case 0: return v.international;
    case 1: return "+" + digits;
    case 2: return digits;
    case 3: return "00" + digits;
    case 4: return replaceAll(v.international, ' ', '-');
    case 5: return " " + replaceAll(v.international, ' ', '.') + " ";
    case 6: return "tel:+" + digits;
    case 7: return v.national;
    case 8: return v.nationalDigits;
    default: return v.national + " ext. " + std::to_string(10 + rng() % 90);
  }
}

std::vector<std::string> phonesOf(long i, const Options& o, std::mt19937_64& rng) {
  auto [digits, region] = numberOf(i, o.seed, o.region);
  std::vector<std::string> phones{messySpelling(digits, region == o.region, rng)};
  if (rng() % 10 < 3) {
    std::string other = bench::randomMobile(region, rng);
    phones.push_back(messySpelling(other, region == o.region, rng));
  }
  return phones;
}

double build(const Options& o, long& phoneCount) {
  auto start = Steady::now();
  std::unique_ptr<SQLite::Database> db = connectors::local::openLocalDatabase(o.path);
  std::mt19937_64 rng(o.seed);
  const long kBatch = 10000;
  std::int64_t now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  for (long first = 0; first < o.contacts; first += kBatch) {
    SQLite::Transaction tx(*db);
    for (long i = first; i < std::min(first + kBatch, o.contacts); ++i) {
      std::vector<std::string> phones = phonesOf(i, o, rng);
      phoneCount += static_cast<long>(phones.size());
      connectors::local::ContactRow row{"Contact " + std::to_string(i), "", "import", ""};
      connectors::local::insertContact(*db, row, phones, {}, o.region, now);
    }
    tx.commit();
  }
  return std::chrono::duration<double>(Steady::now() - start).count();
}

LookupQuery queryFor(const std::string& digits) {
  std::string e164 = "+" + digits;
  return LookupQuery{{Identifier{IdentifierKind::kPhone, e164}}, {phone::variants(e164)}};
}

double rssMb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

Options parseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string key = argv[i];
    std::string value = argv[i + 1];
    if (key == "--path") o.path = value;
    else if (key == "--contacts") o.contacts = std::stol(value);
    else if (key == "--lookups") o.lookups = std::stol(value);
    else if (key == "--region") o.region = value;
    else if (key == "--seed") o.seed = std::stoull(value);
    else throw std::invalid_argument("unknown option " + key);
  }
  if (o.path.empty()) throw std::invalid_argument("--path is required");
  if (std::filesystem::exists(o.path)) throw std::invalid_argument(o.path + " exists; give a new file");
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  try {
    o = parseArgs(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "crmsync_bench_big_crm: " << e.what() << "\n";
    return 2;
  }
  long phoneCount = 0;
  double buildS = build(o, phoneCount);

  connectors::local::LocalConnector crm(o.path, o.region);
  std::mt19937_64 rng(o.seed + 1);
  long hits = 0;
  auto start = Steady::now();
  for (long n = 0; n < o.lookups; ++n) {
    bool known = rng() % 10 != 0;
    std::string digits = known ? numberOf(static_cast<long>(rng() % static_cast<std::uint64_t>(o.contacts)), o.seed, o.region).first
                               : bench::randomMobile(bench::benchRegions()[rng() % bench::benchRegions().size()], rng);
    auto found = crm.find({queryFor(digits)});
    if (!found.isOk()) {
      std::cerr << "crmsync_bench_big_crm: find failed: " << found.outcome.reason << "\n";
      return 1;
    }
    if (known && !found.value.front().empty()) ++hits;
  }
  double lookupS = std::chrono::duration<double>(Steady::now() - start).count();
  double fileMb = static_cast<double>(std::filesystem::file_size(o.path)) / (1024.0 * 1024.0);
  std::printf(
      "{\"contacts\":%ld,\"phones\":%ld,\"build_s\":%.2f,\"lookups\":%ld,\"lookups_per_s\":%.0f,\"hit_rate\":%.3f,"
      "\"rss_mb\":%.1f,\"file_mb\":%.1f}\n",
      o.contacts, phoneCount, buildS, o.lookups, static_cast<double>(o.lookups) / lookupS,
      static_cast<double>(hits) / (0.9 * static_cast<double>(o.lookups)), rssMb(), fileMb);
  return 0;
}
