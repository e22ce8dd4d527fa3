#pragma once
// Helpers for the mapping unit tests: compile small documents, apply one field, find errors.

#include <boost/test/unit_test.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crmsync/mapping.h"

namespace crmsync::mapping::test {

using Json = nlohmann::json;

inline std::string describe(const std::vector<MappingError>& errors) {
  std::string out;
  for (const MappingError& e : errors) out += "\n  " + e.toString();
  return out;
}

inline std::vector<MappingError> errorsOf(const std::string& text,
                                          const std::map<std::string, std::vector<std::string>>& required = {}) {
  std::vector<MappingError> errors;
  auto doc = MappingDocument::compile(text, "test.json", errors, required);
  if (doc != nullptr) BOOST_TEST(errors.empty());
  return errors;
}

inline std::shared_ptr<const MappingDocument> compileOk(const std::string& text) {
  std::vector<MappingError> errors;
  auto doc = MappingDocument::compile(text, "test.json", errors);
  BOOST_TEST_REQUIRE(errors.empty(), "unexpected errors:" << describe(errors));
  BOOST_TEST_REQUIRE(doc != nullptr);
  return doc;
}

// A document whose message_activity has the single field "f" = `field`.
inline std::string oneFieldDoc(const Json& field, const Json& lookups = Json::object()) {
  Json doc = {{"connector", "test"},
              {"lookups", lookups},
              {"writes", {{"message_activity", {{"object", "activity"}, {"fields", {{"f", field}}}}}}}};
  return doc.dump();
}

// The value of the single field "f" for `sources`.
inline Json applyField(const Json& field, const Json& sources = Json::object(), const Json& lookups = Json::object()) {
  auto doc = compileOk(oneFieldDoc(field, lookups));
  auto write = doc->apply(WriteKind::kMessageActivity, sources);
  BOOST_TEST_REQUIRE(write.has_value());
  return write->value("f");
}

// The value of a constant run through `transforms`.
inline Json transformed(const Json& value, const Json& transforms) {
  return applyField({{"value", value}, {"transforms", transforms}});
}

inline std::vector<MappingError> fieldErrors(const Json& field, const Json& lookups = Json::object()) {
  return errorsOf(oneFieldDoc(field, lookups));
}

// The first error at `pointer` whose message contains `fragment`, or nullptr.
inline const MappingError* findError(const std::vector<MappingError>& errors, const std::string& pointer,
                                     const std::string& fragment) {
  for (const MappingError& e : errors) {
    if (e.pointer == pointer && e.message.find(fragment) != std::string::npos) return &e;
  }
  return nullptr;
}

#define CHECK_ERROR(errors, pointer, fragment)                                                              \
  BOOST_TEST((::crmsync::mapping::test::findError((errors), (pointer), (fragment)) != nullptr),             \
             "no error at '" << (pointer) << "' containing '" << (fragment) << "'; got:"                    \
                             << ::crmsync::mapping::test::describe(errors))

inline const std::string kField = "/writes/message_activity/fields/f";

}  // namespace crmsync::mapping::test
