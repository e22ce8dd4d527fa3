#pragma once
// `crmsync mappings validate FILE` and `crmsync mappings preview FILE (--event EVENT.json | --provider-id ID)
// [--config FILE]`: the same checks as every load, and the exact CRM requests a document would produce
// for an event, without calling the CRM.

#include <string>
#include <vector>

#include "service/registry.h"

namespace crmsync {

int runMappingsCommand(std::vector<std::string> args, const Registry& registry);

}  // namespace crmsync
