#define BOOST_TEST_MODULE pipedrive_factory
#include <boost/test/unit_test.hpp>
#include <string>

#include "crm/pipedrive/pipedrive_connector.h"
#include "crm/pipedrive/pipedrive_fields.h"
#include "crmsync/config_error.h"
#include "crmsync/mapping.h"
#include "crmsync/phone.h"
#include "mapping/sources.h"
#include "support/test_support.h"

using namespace crmsync;
using crmsync::connectors::pipedrive::PipedriveConnectorFactory;
using nlohmann::json;

namespace {

constexpr const char* kSecret = "s3cr3t-token-value";

// What the factory asked core's HTTP client factory for; the client itself refuses every call.
struct Requested {
  std::string baseUrl;
  std::vector<RateBudget> budgets;
  int timeoutMs = 0;
};

class RefusingClient final : public HttpClient {
 public:
  Result<HttpResponse> send(const HttpRequest&) override {
    return Result<HttpResponse>::fail(Outcome::retryable("network: refused"));
  }
};

ConnectorEnvironment environment(Requested& requested) {
  ConnectorEnvironment env;
  env.defaultRegion = "RU";
  env.httpClient = [&requested](const std::string& baseUrl, const std::vector<RateBudget>& budgets, int timeoutMs) {
    requested = {baseUrl, budgets, timeoutMs};
    return std::make_unique<RefusingClient>();
  };
  return env;
}

// The key the factory names for `section`, with the reason; empty when it does not throw ConfigError.
std::string failingKey(const json& section, std::string* reason = nullptr) {
  Requested requested;
  try {
    PipedriveConnectorFactory().create(section, environment(requested));
  } catch (const ConfigError& e) {
    if (reason != nullptr) *reason = e.reason();
    BOOST_TEST(std::string(e.what()).find(kSecret) == std::string::npos, "the token leaked into: " << e.what());
    return e.key();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(defaults_point_at_the_api_host_with_pipedrives_budgets) {
  Requested requested;
  auto crm = PipedriveConnectorFactory().create({{"api_token", kSecret}}, environment(requested));
  BOOST_REQUIRE(crm != nullptr);
  BOOST_TEST(crm->name() == "pipedrive");
  BOOST_TEST(requested.baseUrl == "https://api.pipedrive.com");
  BOOST_TEST(requested.timeoutMs == 30000);
  Capabilities caps = crm->capabilities();
  BOOST_TEST(caps.maxLookupBatch == 1);
  BOOST_TEST(caps.maxWriteBatch == 10);
  BOOST_TEST(!caps.nativeIdempotency);
  BOOST_TEST(caps.updatesStatusInPlace);
  BOOST_REQUIRE_EQUAL(caps.budgets.size(), 2u);
  BOOST_TEST(caps.budgets[0].scope == "default");
  BOOST_TEST(caps.budgets[0].requests == 20);
  BOOST_TEST(caps.budgets[0].windowMs == 2000);
  BOOST_TEST(caps.budgets[0].burst == 0);
  BOOST_TEST(caps.budgets[1].scope == "search");
  BOOST_TEST(caps.budgets[1].requests == 10);
  BOOST_TEST(caps.budgets[1].windowMs == 2000);
  BOOST_TEST(requested.budgets.size() == 2u);
}

BOOST_AUTO_TEST_CASE(company_domain_and_base_url_choose_the_host) {
  Requested requested;
  PipedriveConnectorFactory().create({{"api_token", kSecret}, {"company_domain", "acme-law"}}, environment(requested));
  BOOST_TEST(requested.baseUrl == "https://acme-law.pipedrive.com");
  PipedriveConnectorFactory().create(
      {{"api_token", kSecret}, {"base_url", "http://127.0.0.1:8080/"}, {"timeout_ms", 1500}}, environment(requested));
  BOOST_TEST(requested.baseUrl == "http://127.0.0.1:8080");
  BOOST_TEST(requested.timeoutMs == 1500);
}

BOOST_AUTO_TEST_CASE(config_errors_name_the_key_and_never_the_token) {
  std::string reason;
  BOOST_TEST(failingKey(json::object(), &reason) == "crm.pipedrive.api_token");
  BOOST_TEST(reason.find("required") != std::string::npos);
  BOOST_TEST(failingKey({{"api_token", ""}}) == "crm.pipedrive.api_token");
  BOOST_TEST(failingKey({{"api_token", 42}}) == "crm.pipedrive.api_token");
  BOOST_TEST(failingKey({{"api_token", kSecret}, {"apitoken", kSecret}}, &reason) == "crm.pipedrive.apitoken");
  BOOST_TEST(reason == "unknown key");
  BOOST_TEST(failingKey({{"api_token", kSecret}, {"company_domain", "acme.pipedrive.com"}}) ==
             "crm.pipedrive.company_domain");
  BOOST_TEST(failingKey({{"api_token", kSecret}, {"base_url", "api.pipedrive.com"}}) == "crm.pipedrive.base_url");
  BOOST_TEST(failingKey({{"api_token", kSecret}, {"base_url", "https://x"}, {"company_domain", "acme"}}) ==
             "crm.pipedrive.base_url");
  BOOST_TEST(failingKey({{"api_token", kSecret}, {"timeout_ms", 0}}) == "crm.pipedrive.timeout_ms");
  BOOST_TEST(failingKey({{"api_token", kSecret}, {"timeout_ms", "30000"}}) == "crm.pipedrive.timeout_ms");
  BOOST_TEST(failingKey(json::array()) == "crm.pipedrive");
  BOOST_TEST(failingKey({{"api_token", kSecret}}).empty());
}

BOOST_AUTO_TEST_CASE(validate_checks_without_building) {
  Requested requested;
  PipedriveConnectorFactory().validate({{"api_token", kSecret}}, environment(requested));
  BOOST_TEST(requested.baseUrl.empty());
  BOOST_CHECK_THROW(PipedriveConnectorFactory().validate({{"token", kSecret}}, environment(requested)), ConfigError);
}

BOOST_AUTO_TEST_CASE(network_failures_are_retryable_and_name_pipedrive) {
  Requested requested;
  auto crm = PipedriveConnectorFactory().create({{"api_token", kSecret}}, environment(requested));
  auto found = crm->find({{{{IdentifierKind::kPhone, "+79161234567"}}, {phone::variants("+79161234567")}}});
  BOOST_TEST((found.outcome.kind == Outcome::Kind::kRetryable));
  BOOST_TEST(found.outcome.reason == "Pipedrive: network: refused");
}

BOOST_AUTO_TEST_CASE(the_shipped_mapping_compiles_against_the_required_fields) {
  std::vector<mapping::MappingError> errors;
  auto doc =
      mapping::MappingDocument::compile(test::readFile(test::sourceDir() / "mappings" / "pipedrive.json"),
                                        "pipedrive.json", errors, PipedriveConnectorFactory().requiredMappingFields());
  for (const auto& e : errors) BOOST_TEST_MESSAGE(e.toString());
  BOOST_REQUIRE(doc != nullptr);
  BOOST_TEST(doc->connector() == "pipedrive");
  std::vector<mapping::MappingError> missing;
  auto without = mapping::MappingDocument::compile(
      R"({"connector":"pipedrive","writes":{"message_activity":{"object":"note","fields":{"body":{"source":"message.text"}}}}})",
      "x.json", missing, PipedriveConnectorFactory().requiredMappingFields());
  BOOST_TEST(without == nullptr);
  BOOST_TEST(!missing.empty());
}

// Every field the shipped document writes is one the connector can send.
BOOST_AUTO_TEST_CASE(the_shipped_mapping_writes_only_fields_pipedrive_takes) {
  std::vector<mapping::MappingError> errors;
  auto doc =
      mapping::MappingDocument::compile(test::readFile(test::sourceDir() / "mappings" / "pipedrive.json"),
                                        "pipedrive.json", errors, PipedriveConnectorFactory().requiredMappingFields());
  BOOST_REQUIRE(doc != nullptr);
  Event e;
  e.channel = "whatsapp";
  e.providerId = "wamid.M";
  e.type = "text";
  e.text = "Hello";
  e.timestamp = 1700000000;
  e.businessNumber = "15550783881";
  e.profileName = "Anna";
  e.counterpart = {{IdentifierKind::kPhone, "+79161234567"}};
  CrmContext ctx;
  ctx.deals.push_back({"12", "Divorce", "Qualified", "open", "1000", "EUR", "3", 1});
  CrmRecordRef record{"person", "42"};
  Person person;
  person.displayName = "Anna";

  ContactDraft draft;
  draft.creationKey = "crmsync-person-1";
  auto create = doc->apply(mapping::WriteKind::kContactCreate, mapping::buildSources(e, &person, nullptr, nullptr));
  BOOST_REQUIRE(create.has_value());
  for (const auto& f : create->fields) draft.fields[f.field] = f.value;
  auto body = connectors::pipedrive::personCreateBody(draft, {});
  BOOST_REQUIRE_MESSAGE(body.isOk(), body.outcome.reason);
  BOOST_TEST(body.value["name"] == "Anna");
  BOOST_TEST(body.value["phones"][0]["value"] == "+79161234567");

  auto update = doc->apply(mapping::WriteKind::kContactUpdate, mapping::buildSources(e, &person, nullptr, &record));
  BOOST_REQUIRE(update.has_value());
  BOOST_TEST(connectors::pipedrive::personPatchBody(update->fields, nullptr).isOk());

  auto message = doc->apply(mapping::WriteKind::kMessageActivity, mapping::buildSources(e, &person, &ctx, &record));
  BOOST_REQUIRE(message.has_value());
  Activity a{e.dedupeKey(), record, e, message->object, json::object()};
  for (const auto& f : message->fields) a.fields[f.field] = f.value;
  auto note = connectors::pipedrive::messageNoteBody(a);
  BOOST_REQUIRE_MESSAGE(note.isOk(), note.outcome.reason);
  BOOST_TEST(note.value["deal_id"] == 12);
  BOOST_TEST(note.value["add_time"] == "2023-11-14 22:13:20");
  BOOST_TEST(note.value["content"].get<std::string>().rfind("<p><b>WhatsApp inbound text</b></p><p>Hello</p>", 0) == 0);

  Event s = e;
  s.kind = EventKind::kStatus;
  s.status = "failed";
  s.details = {{"errors", {{{"code", 131047}, {"title", "Re-engagement message"}}}}};
  auto status = doc->apply(mapping::WriteKind::kStatusUpdate, mapping::buildSources(s, &person, &ctx, &record));
  BOOST_REQUIRE(status.has_value());
  Activity sa{s.dedupeKey(), record, s, status->object, json::object()};
  for (const auto& f : status->fields) sa.fields[f.field] = f.value;
  BOOST_TEST(connectors::pipedrive::placeholderNoteBody(sa).isOk());
  BOOST_TEST(connectors::pipedrive::statusText(sa).rfind("WhatsApp status: failed", 0) == 0);
}
