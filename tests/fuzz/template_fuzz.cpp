// Mapping templates: parse any text, render what parses against a fixed event.
#include "fuzz_support.h"
#include "mapping/template.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<crmsync::mapping::TemplateError> errors;
  const auto parsed = crmsync::mapping::Template::parse(crmsync::fuzz::text(data, size), errors);
  if (!parsed) {
    if (errors.empty()) crmsync::fuzz::fail("template", "refused without an error");
    return 0;
  }
  (void)parsed->render(crmsync::fuzz::fixedSources());
  (void)parsed->render(nlohmann::json::object());
  return 0;
}
