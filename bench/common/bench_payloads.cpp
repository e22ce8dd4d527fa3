#include "common/bench_payloads.h"

#include <array>
#include <set>

#include <nlohmann/json.hpp>

namespace crmsync::bench {
namespace {

using nlohmann::json;

struct MobilePlan {
  const char* region;
  const char* countryCode;
  std::vector<const char*> prefixes;  // national mobile prefixes (after the country code)
  int restDigits;                     // random digits after the prefix
};

const std::vector<MobilePlan>& plans() {
  static const std::vector<MobilePlan> kPlans = {
      {"RU", "7", {"916", "926", "903", "985", "977"}, 7},
      {"DE", "49", {"151", "160", "170", "176"}, 8},
      {"GB", "44", {"7700", "7911", "7400", "7557"}, 6},
      {"US", "1", {"212555", "415555", "646555", "312555"}, 4},
      {"BR", "55", {"119", "219", "319"}, 8},
      {"IN", "91", {"98", "97", "91", "70"}, 8},
      {"ES", "34", {"6", "7"}, 8},
      {"FR", "33", {"6", "7"}, 8},
      {"IL", "972", {"50", "52", "54"}, 7},
      {"MX", "52", {"55", "33", "81"}, 8},
      {"NG", "234", {"803", "806", "813"}, 7},
      {"IT", "39", {"347", "333", "320"}, 7},
  };
  return kPlans;
}

const std::array<const char*, 24> kNames = {
    "Ivan Petrov",  "Мария Иванова", "Jürgen Müller", "Anna Schmidt",  "Oliver Smith",  "Amelia Jones",
    "John Carter",  "Emily Davis",   "João Silva",    "Ana Souza",     "Priya Sharma",  "Rahul Gupta",
    "Lucía García", "Javier López",  "Chloé Martin",  "Lucas Bernard", "נועה כהן",      "Yosef Levi",
    "María Pérez",  "José Hernández", "Chinedu Okafor", "Ngozi Adeyemi", "Giulia Rossi", "Marco Bianchi"};

const std::array<std::string, 10> kTexts = {
    "Hello, is my order ready?",
    "Здравствуйте! Когда будет доставка?",
    "Können Sie mich morgen anrufen?",
    "Thanks, received 👍",
    "Quanto custa a entrega para São Paulo?",
    "Please send the invoice to my email",
    "¿Tienen disponible la talla M?",
    "D'accord, à demain 10h",
    "I'd like to reschedule my appointment to Friday afternoon if that works for you.",
    "ok"};

json envelope(const Sender& sender, const char* field, json item) {
  json value = {{"messaging_product", "whatsapp"},
                {"metadata", {{"display_phone_number", "15550001111"}, {"phone_number_id", "1122334455667"}}},
                {"contacts", json::array({{{"profile", {{"name", sender.name}}}, {"wa_id", sender.waId}}})},
                {field, json::array({std::move(item)})}};
  return {{"object", "whatsapp_business_account"},
          {"entry", json::array({{{"id", "1234567890987654321"},
                                  {"changes", json::array({{{"value", std::move(value)}, {"field", "messages"}}})}}})}};
}

}  // namespace

const std::vector<std::string>& benchRegions() {
  static const std::vector<std::string> kRegions = [] {
    std::vector<std::string> out;
    for (const MobilePlan& plan : plans()) out.emplace_back(plan.region);
    return out;
  }();
  return kRegions;
}

std::string randomMobile(const std::string& region, std::mt19937_64& rng) {
  for (const MobilePlan& plan : plans()) {
    if (region != plan.region) continue;
    std::string out = plan.countryCode;
    out += plan.prefixes[rng() % plan.prefixes.size()];
    for (int i = 0; i < plan.restDigits; ++i) out += static_cast<char>('0' + rng() % 10);
    return out;
  }
  return {};
}

std::vector<Sender> makeSenders(std::size_t count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::set<std::string> seen;
  std::vector<Sender> out;
  out.reserve(count);
  while (out.size() < count) {
    const MobilePlan& plan = plans()[rng() % plans().size()];
    std::string number = randomMobile(plan.region, rng);
    if (!seen.insert(number).second) continue;
    out.push_back({number, kNames[rng() % kNames.size()], plan.region});
  }
  return out;
}

std::string textMessageBody(const Sender& sender, const std::string& id, std::int64_t timestamp,
                            const std::string& text) {
  json message = {{"from", sender.waId},
                  {"id", id},
                  {"timestamp", std::to_string(timestamp)},
                  {"text", {{"body", text}}},
                  {"type", "text"}};
  return envelope(sender, "messages", std::move(message)).dump();
}

std::string statusBody(const Sender& sender, const std::string& id, std::int64_t timestamp, const std::string& status) {
  json item = {{"id", id},
               {"status", status},
               {"timestamp", std::to_string(timestamp)},
               {"recipient_id", sender.waId},
               {"conversation", {{"id", "7270432eae37498234f4444b35ffc5"}, {"origin", {{"type", "service"}}}}},
               {"pricing", {{"billable", true}, {"pricing_model", "CBP"}, {"category", "service"}}}};
  return envelope(sender, "statuses", std::move(item)).dump();
}

const std::string& sampleText(std::size_t index) { return kTexts[index % kTexts.size()]; }

}  // namespace crmsync::bench
