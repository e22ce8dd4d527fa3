#pragma once
// The admin editor's static files (core/http/admin/*), embedded at build time, by file name.

#include <map>
#include <string>

namespace crmsync::http {

const std::map<std::string, std::string>& adminAssets();

}  // namespace crmsync::http
