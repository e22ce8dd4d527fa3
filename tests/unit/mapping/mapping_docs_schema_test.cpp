#define BOOST_TEST_MODULE mapping_docs_schema
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "crmsync/mapping.h"
#include "mapping/source_fields.h"
#include "mapping/transforms.h"
#include "support/test_support.h"

using Json = nlohmann::json;
using crmsync::test::readFile;
using crmsync::test::sourceDir;

namespace {

const std::vector<std::string> kWriteKinds = {"contact_create", "contact_update", "message_activity", "status_update",
                                              "context_read"};

std::string docs() { return readFile(sourceDir() / "docs" / "mappings.md"); }
Json schema() { return Json::parse(readFile(sourceDir() / "mappings" / "schema.json")); }

}  // namespace

BOOST_AUTO_TEST_CASE(docs_table_lists_every_source_field_with_its_type) {
  std::string text = docs();
  for (const auto& field : crmsync::mapping::sourceFieldTable()) {
    std::string row = "| `" + field.name + "` | " + crmsync::mapping::toString(field.type) + " |";
    BOOST_TEST(text.find(row) != std::string::npos, "docs/mappings.md lacks the row " << row);
  }
}

BOOST_AUTO_TEST_CASE(docs_describe_every_transform_policy_and_write_kind) {
  std::string text = docs();
  for (const std::string& op : crmsync::mapping::transformOps()) {
    BOOST_TEST(text.find("`" + op + "`") != std::string::npos, op);
  }
  for (const char* policy : {"`overwrite`", "`only_if_empty`", "`never`"}) {
    BOOST_TEST(text.find(policy) != std::string::npos, policy);
  }
  for (const std::string& kind : kWriteKinds) BOOST_TEST(text.find("`" + kind + "`") != std::string::npos, kind);
}

BOOST_AUTO_TEST_CASE(schema_is_draft_2020_12) {
  Json s = schema();
  BOOST_TEST(s["$schema"] == "https://json-schema.org/draft/2020-12/schema");
  BOOST_TEST(s["additionalProperties"] == false);
  BOOST_TEST(s["required"] == Json::array({"connector"}));
}

BOOST_AUTO_TEST_CASE(schema_names_every_transform_op) {
  Json s = schema();
  std::set<std::string> ops(s["$defs"]["transform"]["properties"]["op"]["enum"].begin(),
                            s["$defs"]["transform"]["properties"]["op"]["enum"].end());
  std::set<std::string> expected(crmsync::mapping::transformOps().begin(), crmsync::mapping::transformOps().end());
  BOOST_TEST(ops == expected, boost::test_tools::per_element());
  for (const std::string& op : expected) {
    BOOST_TEST(s["$defs"].contains("op_" + op), op);
    BOOST_TEST(s["$defs"]["op_" + op]["properties"]["op"]["const"] == op);
  }
}

BOOST_AUTO_TEST_CASE(schema_names_every_write_kind) {
  Json writes = schema()["properties"]["writes"];
  BOOST_TEST(writes["additionalProperties"] == false);
  BOOST_TEST(writes["properties"].size() == kWriteKinds.size());
  for (const std::string& kind : kWriteKinds) BOOST_TEST(writes["properties"].contains(kind), kind);
}

BOOST_AUTO_TEST_CASE(schema_lists_exactly_the_source_fields) {
  Json s = schema();
  std::set<std::string> listed(s["$defs"]["sourceField"]["enum"].begin(), s["$defs"]["sourceField"]["enum"].end());
  std::set<std::string> fields, context;
  for (const auto& field : crmsync::mapping::sourceFields()) {
    fields.insert(field.first);
    if (field.first.rfind("context.", 0) == 0) context.insert(field.first);
  }
  BOOST_TEST(listed == fields, boost::test_tools::per_element());
  std::set<std::string> contextListed(s["$defs"]["contextField"]["enum"].begin(),
                                      s["$defs"]["contextField"]["enum"].end());
  BOOST_TEST(contextListed == context, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(schema_and_engine_agree_on_policies) {
  Json policies = schema()["$defs"]["policy"]["enum"];
  BOOST_TEST(policies == Json::array({"overwrite", "only_if_empty", "never"}));
}
