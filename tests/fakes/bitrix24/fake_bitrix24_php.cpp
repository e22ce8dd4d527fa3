#include "fakes/bitrix24/fake_bitrix24_php.h"

#include <cctype>
#include <vector>

namespace crmsync::fakes::bitrix24 {

using nlohmann::json;

namespace {

std::string urlDecode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) != 0 &&
               std::isxdigit(static_cast<unsigned char>(text[i + 2])) != 0) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// "a[b][][c]" → {"a", "b", "", "c"}; a key without brackets is one segment.
std::vector<std::string> keyPath(const std::string& key) {
  std::vector<std::string> path;
  std::size_t open = key.find('[');
  path.push_back(key.substr(0, open));
  while (open != std::string::npos) {
    std::size_t close = key.find(']', open);
    if (close == std::string::npos) break;
    path.push_back(key.substr(open + 1, close - open - 1));
    open = key.find('[', close);
  }
  return path;
}

void insert(json& root, const std::vector<std::string>& path, const std::string& value) {
  json* node = &root;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (!node->is_object()) *node = json::object();
    std::string segment = path[i].empty() ? std::to_string(node->size()) : path[i];
    if (i + 1 == path.size()) {
      (*node)[segment] = value;
    } else {
      node = &(*node)[segment];
    }
  }
}

json arraysOf(const json& value) {
  if (!value.is_object()) return value;
  bool sequential = !value.empty();
  std::size_t index = 0;
  for (auto it = value.begin(); it != value.end() && sequential; ++it, ++index) {
    sequential = value.contains(std::to_string(index));
  }
  if (sequential) {
    json out = json::array();
    for (std::size_t i = 0; i < value.size(); ++i) out.push_back(arraysOf(value.at(std::to_string(i))));
    return out;
  }
  json out = json::object();
  for (auto it = value.begin(); it != value.end(); ++it) out[it.key()] = arraysOf(*it);
  return out;
}

}  // namespace

json parseQuery(const std::string& query) {
  json root = json::object();
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    std::string pair = query.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string key = urlDecode(pair.substr(0, eq));
    std::string value = eq == std::string::npos ? "" : urlDecode(pair.substr(eq + 1));
    std::vector<std::string> path = keyPath(key);
    if (!path.front().empty()) insert(root, path, value);
  }
  return arraysOf(root);
}

std::string normalizePhone(const std::string& raw) {
  std::string number = raw;
  if (number.size() >= 10 && number.compare(0, 2, "+8") == 0) number = "00" + number.substr(1);
  std::string kept;
  for (char c : number) {
    if (std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '#' || c == '*' || c == ',' || c == ';') kept += c;
  }
  if (kept.size() >= 10) {
    const std::string two = kept.substr(0, 2);
    if (two == "80" || two == "81" || two == "82") {
      // kept as it is
    } else if (two == "00") {
      kept = kept.substr(2);
    } else if (kept.compare(0, 3, "011") == 0) {
      kept = kept.substr(3);
    } else if (kept[0] == '8') {
      kept[0] = '7';
    } else if (kept[0] == '0') {
      kept = kept.substr(1);
    }
  }
  return kept.substr(0, kept.find_first_of("#*,;"));
}

std::string phpText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "1" : "";
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  if (value.is_number()) return value.dump();
  return {};
}

}  // namespace crmsync::fakes::bitrix24
