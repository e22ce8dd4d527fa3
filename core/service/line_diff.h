#pragma once
// A line diff for showing what changed between two versions of a document: unchanged lines prefixed
// "  ", removed "- ", added "+ ". Longest-common-subsequence based; meant for documents of a few
// thousand lines at most. Pure.

#include <string>

namespace crmsync {

std::string lineDiff(const std::string& before, const std::string& after);

}  // namespace crmsync
