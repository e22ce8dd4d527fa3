#pragma once
// Realistic WhatsApp Cloud API webhook bodies for the benchmark, in the shapes of
// ../shared/corpus/whatsapp (pywa message__text.json, message_status__read.json): one change per body,
// `contacts[0].wa_id` and `from` as digits (as Meta sends them), contact names and countries varied.
// Pure functions: no I/O; deterministic for a given seed. Thread-safe (no shared state).

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace crmsync::bench {

struct Sender {
  std::string waId;  // E.164 digits without '+', e.g. "4915123456789"
  std::string name;  // profile name
  std::string region;  // ISO 3166 of the number, for building messy spellings
};

// `count` distinct plausible mobile numbers from a dozen countries, with names from several cultures.
std::vector<Sender> makeSenders(std::size_t count, std::uint64_t seed);

// One mobile number of `region` as E.164 digits (no '+'), drawn from `rng`.
std::string randomMobile(const std::string& region, std::mt19937_64& rng);
// Every region randomMobile knows.
const std::vector<std::string>& benchRegions();

// An inbound text message from `sender` with message id `id`.
std::string textMessageBody(const Sender& sender, const std::string& id, std::int64_t timestamp,
                            const std::string& text);
// A delivery status (`status`: sent, delivered, read) for an outbound message `id` to `sender`.
std::string statusBody(const Sender& sender, const std::string& id, std::int64_t timestamp,
                       const std::string& status);

// A short chat line chosen from a varied set (multi-byte UTF-8 included).
const std::string& sampleText(std::size_t index);

}  // namespace crmsync::bench
