#pragma once
// The read model of a person's timeline: messages oldest first, each with its current delivery status
// and status history, media ids, provider ids and CRM write state. Pure; safe from any thread.

#include <vector>

#include <nlohmann/json.hpp>

#include "crmsync/store.h"

namespace crmsync::http {

nlohmann::json timelineJson(const std::vector<StoredEvent>& events);
// One stored event with its pipeline state: where it is and why (GET /api/v1/events/{id}).
nlohmann::json eventStateJson(const StoredEvent& event);
nlohmann::json personJson(const Person& person);

}  // namespace crmsync::http
