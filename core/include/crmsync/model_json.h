#pragma once
// JSON form of the canonical model. Used by the store (events are kept as JSON) and the read API.
// from_json throws nlohmann::json::exception or std::invalid_argument on malformed input.

#include <nlohmann/json.hpp>

#include "crmsync/model.h"

namespace crmsync {

void to_json(nlohmann::json& j, const Identifier& id);
void from_json(const nlohmann::json& j, Identifier& id);
void to_json(nlohmann::json& j, const Media& m);
void from_json(const nlohmann::json& j, Media& m);
void to_json(nlohmann::json& j, const Event& e);
void from_json(const nlohmann::json& j, Event& e);
void to_json(nlohmann::json& j, const IgnoredChange& c);

}  // namespace crmsync
