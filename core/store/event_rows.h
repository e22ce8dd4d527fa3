#pragma once
// Internal to crmsync_store: how an Event maps to an events row and back.

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "crmsync/store.h"

namespace crmsync::store_detail {

// The per-person ordering key: the first phone identifier of the counterpart, else its first identifier,
// else "none" (all anonymous events then share one route, which keeps them ordered).
std::string routeKeyOf(const Event& event);

// 32-bit FNV-1a: stable across builds and platforms (std::hash is neither), so shards stay put.
std::uint32_t fnv1a32(std::string_view text);

// The select list readStoredEvent expects, for a query that names the events table `e`.
extern const char* const kEventColumns;

// Reads the current row of a statement that selected kEventColumns first.
StoredEvent readStoredEvent(const SQLite::Statement& row);

// A BLOB or TEXT column as bytes (NUL bytes kept).
std::string columnBytes(const SQLite::Column& column);

}  // namespace crmsync::store_detail
