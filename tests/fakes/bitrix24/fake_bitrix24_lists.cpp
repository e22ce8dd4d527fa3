// crm.*.list for the fake Bitrix24: filter with Bitrix24's key prefixes, select, order, and pages of 50.

#include <algorithm>

#include "fakes/bitrix24/fake_bitrix24_crm.h"
#include "fakes/bitrix24/fake_bitrix24_php.h"

namespace crmsync::fakes::bitrix24 {

using nlohmann::json;

namespace {

constexpr int kPage = 50;

struct Condition {
  std::string op;  // "=", "!=", "@", "!@", ">", ">=", "<", "<=", "%"
  std::string field;
  json value;
};

Condition parseKey(const std::string& key, const json& value) {
  static const std::vector<std::pair<std::string, std::string>> kPrefixes = {
      {"!@", "!@"}, {">=", ">="}, {"<=", "<="}, {"!=", "!="}, {"=%", "%"}, {"%=", "%"},
      {"@", "@"},   {"!", "!="},  {"=", "="},   {">", ">"},   {"<", "<"},  {"%", "%"}};
  for (const auto& [prefix, op] : kPrefixes) {
    if (key.compare(0, prefix.size(), prefix) == 0) return {op, key.substr(prefix.size()), value};
  }
  return {"=", key, value};
}

bool known(const FakeCrm::Table& t, const std::string& field) {
  return t.writable.count(field) != 0 || t.system.count(field) != 0 || t.multi.count(field) != 0 ||
         field.compare(0, 7, "UF_CRM_") == 0;
}

std::vector<std::string> valuesOf(const FakeCrm::Record& r, const std::string& field) {
  auto multi = r.multi.find(field);
  if (multi != r.multi.end()) {
    std::vector<std::string> out;
    for (const json& item : multi->second) out.push_back(phpText(item.value("VALUE", json())));
    return out;
  }
  return {phpText(r.fields.value(field, json()))};
}

bool numeric(const std::string& s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0 || c == '.'; });
}

int compare(const std::string& a, const std::string& b) {
  if (numeric(a) && numeric(b)) {
    double x = std::stod(a), y = std::stod(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

std::vector<std::string> texts(const json& value) {
  std::vector<std::string> out;
  if (value.is_array() || value.is_object()) {
    for (const json& v : value) out.push_back(phpText(v));
  } else {
    out.push_back(phpText(value));
  }
  return out;
}

bool matches(const FakeCrm::Record& r, const Condition& c) {
  std::vector<std::string> have = valuesOf(r, c.field);
  std::vector<std::string> want = texts(c.value);
  auto anyEqual = [&] {
    return std::any_of(have.begin(), have.end(),
                       [&](const std::string& h) { return std::find(want.begin(), want.end(), h) != want.end(); });
  };
  if (c.op == "=" || c.op == "@") return anyEqual();
  if (c.op == "!=" || c.op == "!@") return !anyEqual();
  const std::string& w = want.empty() ? std::string() : want.front();
  return std::any_of(have.begin(), have.end(), [&](const std::string& h) {
    if (c.op == "%") return h.find(w) != std::string::npos;
    int cmp = compare(h, w);
    if (c.op == ">") return cmp > 0;
    if (c.op == ">=") return cmp >= 0;
    if (c.op == "<") return cmp < 0;
    return cmp <= 0;
  });
}

json selectFields(const FakeCrm::Table& t, const FakeCrm::Record& r, const json& select) {
  std::vector<std::string> names = texts(select.is_null() ? json::array() : select);
  if (names.empty()) names = {"*", "UF_*"};
  json row = {{"ID", std::to_string(r.id)}};
  for (const std::string& name : names) {
    if (name == "*" || name == "UF_*") {
      for (auto it = r.fields.begin(); it != r.fields.end(); ++it) {
        bool uf = it.key().compare(0, 3, "UF_") == 0;
        if ((name == "UF_*") == uf) row[it.key()] = *it;
      }
    } else if (t.multi.count(name) != 0) {
      auto multi = r.multi.find(name);
      row[name] = multi == r.multi.end() ? json::array() : multi->second;
    } else if (known(t, name)) {
      row[name] = r.fields.value(name, json());
    }
  }
  return row;
}

}  // namespace

json fullRow(const FakeCrm::Record& record) {
  json row = record.fields;
  row["ID"] = std::to_string(record.id);
  for (const auto& [name, values] : record.multi) row[name] = values;
  return row;
}

Reply listRecords(const FakeCrm::Table& t, const json& params) {
  std::vector<Condition> conditions;
  const json filter = params.value("filter", json::object());
  if (filter.is_object()) {
    for (auto it = filter.begin(); it != filter.end(); ++it) {
      Condition c = parseKey(it.key(), *it);
      if (!known(t, c.field)) return Reply::fail(400, "", "Unknown filter field: " + c.field + ".");
      conditions.push_back(std::move(c));
    }
  }
  std::vector<const FakeCrm::Record*> found;
  for (const auto& entry : t.records) {
    const FakeCrm::Record& r = entry.second;  // not a structured binding: clang 14 cannot capture those
    if (std::all_of(conditions.begin(), conditions.end(), [&](const Condition& c) { return matches(r, c); })) {
      found.push_back(&r);
    }
  }
  const json order = params.value("order", json::object());
  std::stable_sort(found.begin(), found.end(), [&](const FakeCrm::Record* a, const FakeCrm::Record* b) {
    if (order.is_object()) {
      for (auto it = order.begin(); it != order.end(); ++it) {
        int cmp = compare(valuesOf(*a, it.key()).front(), valuesOf(*b, it.key()).front());
        std::string dir = phpText(*it);
        std::transform(dir.begin(), dir.end(), dir.begin(), [](unsigned char c) { return std::toupper(c); });
        if (cmp != 0) return dir == "DESC" ? cmp > 0 : cmp < 0;
      }
    }
    return a->id < b->id;
  });
  int start = 0;
  try {
    start = std::max(0, std::stoi(phpText(params.value("start", json("0")))));
  } catch (const std::exception&) {
  }
  Reply r;
  r.result = json::array();
  const int total = static_cast<int>(found.size());
  for (int i = start; i < std::min(total, start + kPage); ++i) {
    r.result.push_back(selectFields(t, *found[static_cast<std::size_t>(i)], params.value("select", json())));
  }
  r.total = total;
  if (start + kPage < total) r.next = start + kPage;
  return r;
}

}  // namespace crmsync::fakes::bitrix24
