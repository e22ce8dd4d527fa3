#pragma once
// Helpers shared by the fuzz targets: turning libFuzzer's bytes into inputs, a fixed event to render
// mappings against, and a failure that libFuzzer (and the seed replayer) reports as a crash.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "crmsync/model.h"
#include "mapping/sources.h"

namespace crmsync::fuzz {

inline std::string text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// The input split at its first newline: {before, after}; no newline → {whole input, ""}.
inline std::pair<std::string, std::string> splitFirstLine(const std::string& input) {
  auto nl = input.find('\n');
  if (nl == std::string::npos) return {input, ""};
  return {input.substr(0, nl), input.substr(nl + 1)};
}

// A broken invariant: print what and abort, so the input is saved as a crash.
[[noreturn]] inline void fail(const char* target, const std::string& what) {
  std::fprintf(stderr, "fuzz %s: invariant broken: %s\n", target, what.c_str());
  std::abort();
}

// The canonical sources of one inbound WhatsApp document message with a caption, built once.
inline const nlohmann::json& fixedSources() {
  static const nlohmann::json sources = [] {
    Event e;
    e.channel = "whatsapp";
    e.providerId = "wamid.fuzz";
    e.businessNumber = "15550001234";
    e.businessAccountId = "1234567890";
    e.counterpart = {Identifier{IdentifierKind::kPhone, "+79161234567"}};
    e.profileName = "Анна Петрова";
    e.timestamp = 1700000000;
    e.type = "document";
    e.text = "see the contract {{not a tag}}";
    e.media = {Media{"media-1", "application/pdf", "abc", "", "contract.pdf"}};
    e.replyTo = "wamid.prev";
    e.details = {{"reaction", {{"emoji", "👍"}}}};
    return mapping::buildSources(e, nullptr, nullptr, nullptr);
  }();
  return sources;
}

}  // namespace crmsync::fuzz
