#define BOOST_TEST_MODULE mapping_service
#include <boost/test/unit_test.hpp>

#include "crmsync/config_error.h"
#include "service/mapping_service.h"
#include "store/sqlite_store.h"
#include "support/test_support.h"

using namespace crmsync;
using crmsync::test::TempDir;

namespace {

std::string document(const std::string& bodyTemplate) {
  return R"({"connector": "local", "writes": {"message_activity": {"object": "activity", "fields": {"body": {"template": ")" +
         bodyTemplate + R"("}}}}})";
}

struct Fixture {
  TempDir dir;
  SqliteStore store{dir / "store.db"};
  Metrics metrics;
  ManualClock clock;
  std::filesystem::path file = dir / "local.json";
  std::unique_ptr<MappingService> service;

  void open() {
    service = std::make_unique<MappingService>(
        store, std::vector<MappingService::Target>{{"local", file, {{"message_activity", {"body"}}}}}, metrics, clock);
    service->load();
  }
  std::string bodyOf(const std::string& text) {
    nlohmann::json sources = {{"message", {{"text", text}}}};
    auto write = service->active("local")->apply(mapping::WriteKind::kMessageActivity, sources);
    return write ? write->value("body").get<std::string>() : "<none>";
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(mapping_service_suite, Fixture)

BOOST_AUTO_TEST_CASE(the_file_becomes_version_one_and_is_not_imported_twice) {
  test::writeFile(file, document("A {{message.text}}"));
  open();
  BOOST_TEST(service->activeVersion("local") == 1);
  BOOST_TEST(bodyOf("hi") == "A hi");
  open();  // a restart with the same file
  BOOST_TEST(service->activeVersion("local") == 1);
  BOOST_TEST(store.mappingVersions("local", 10).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_changed_file_is_picked_up_without_restart) {
  test::writeFile(file, document("A {{message.text}}"));
  open();
  test::writeFile(file, document("B {{message.text}}"));
  BOOST_TEST(service->checkFiles() == 1);
  BOOST_TEST(service->activeVersion("local") == 2);
  BOOST_TEST(bodyOf("hi") == "B hi");
  BOOST_TEST(store.latestMapping("local")->diff.find("+ ") != std::string::npos);
  BOOST_TEST(store.auditLog(1)[0].action == "mapping.reload");
}

BOOST_AUTO_TEST_CASE(an_invalid_file_is_refused_and_the_last_good_version_stays) {
  test::writeFile(file, document("A {{message.text}}"));
  open();
  test::writeFile(file, document("B {{message.nope}}"));
  BOOST_TEST(service->checkFiles() == 0);
  BOOST_TEST(service->activeVersion("local") == 1);
  BOOST_TEST(bodyOf("hi") == "A hi");
  BOOST_TEST(metrics.value("crmsync_mapping_reload_failures_total") == 1);
  auto audit = store.auditLog(1);
  BOOST_TEST(audit[0].action == "mapping.reload_failed");
  BOOST_TEST(audit[0].detail.find("message.nope") != std::string::npos, audit[0].detail);
}

BOOST_AUTO_TEST_CASE(saves_are_validated_versioned_and_can_be_rolled_back) {
  test::writeFile(file, document("A {{message.text}}"));
  open();
  auto bad = service->save("local", document("{{#if message.text}}unclosed"), "alice");
  BOOST_TEST(!bad.ok);
  BOOST_TEST(!bad.errors.empty());
  BOOST_TEST(service->activeVersion("local") == 1);

  auto good = service->save("local", document("C {{message.text}}"), "alice");
  BOOST_TEST(good.ok);
  BOOST_TEST(good.version == 2);
  BOOST_TEST(bodyOf("x") == "C x");
  BOOST_TEST(store.latestMapping("local")->author == "alice");

  auto back = service->rollback("local", 1, "bob");
  BOOST_TEST(back.ok);
  BOOST_TEST(back.version == 3);
  BOOST_TEST(bodyOf("x") == "A x");
  BOOST_TEST(store.latestMapping("local")->origin == "rollback:1");
  BOOST_TEST(store.auditLog(1)[0].actor == "bob");
  BOOST_TEST(!service->rollback("local", 42, "bob").ok);
}

BOOST_AUTO_TEST_CASE(a_document_for_another_connector_is_refused) {
  test::writeFile(file, document("A"));
  open();
  std::string other = R"({"connector": "hubspot", "writes": {}})";
  auto r = service->save("local", other, "alice");
  BOOST_TEST(!r.ok);
  BOOST_TEST(r.errors.at(0).pointer == "/connector");
}

BOOST_AUTO_TEST_CASE(missing_required_target_field_is_refused) {
  test::writeFile(file, document("A"));
  open();
  std::string noBody = R"({"connector": "local", "writes": {"message_activity": {"object": "activity", "fields": {"subject": {"value": "x"}}}}})";
  auto r = service->save("local", noBody, "alice");
  BOOST_TEST(!r.ok);
}

BOOST_AUTO_TEST_CASE(no_valid_document_at_all_is_a_configuration_error) {
  test::writeFile(file, "{ not json");
  BOOST_CHECK_THROW(open(), ConfigError);
}

BOOST_AUTO_TEST_SUITE_END()
