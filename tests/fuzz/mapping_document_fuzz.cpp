// Whole mapping documents: compile (JSON syntax, validation, templates, transforms); apply every write
// kind of what compiles to a fixed event.
#include "crmsync/mapping.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using crmsync::mapping::WriteKind;
  std::vector<crmsync::mapping::MappingError> errors;
  const auto doc = crmsync::mapping::MappingDocument::compile(crmsync::fuzz::text(data, size), "fuzz.json", errors);
  if (!doc) {
    if (errors.empty()) crmsync::fuzz::fail("mapping_document", "refused without an error");
    for (const auto& e : errors) (void)e.toString();
    return 0;
  }
  for (auto kind : {WriteKind::kContactCreate, WriteKind::kContactUpdate, WriteKind::kMessageActivity,
                    WriteKind::kStatusUpdate, WriteKind::kContextRead}) {
    (void)doc->apply(kind, crmsync::fuzz::fixedSources());
  }
  (void)doc->contextFields();
  return 0;
}
