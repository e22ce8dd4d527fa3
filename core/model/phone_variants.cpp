#include <algorithm>

#include "crmsync/crm_connector.h"

namespace crmsync {

std::vector<std::string> PhoneVariants::all() const {
  std::vector<std::string> out;
  for (const std::string* v : {&e164, &e164Digits, &international, &national, &nationalDigits, &significant}) {
    if (!v->empty() && std::find(out.begin(), out.end(), *v) == out.end()) out.push_back(*v);
  }
  return out;
}

}  // namespace crmsync
