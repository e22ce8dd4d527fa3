#pragma once
// The one place where every connector, channel and connector command is registered, by name.

#include "service/registry.h"

namespace crmsync {

void registerAll(Registry& registry);

}  // namespace crmsync
