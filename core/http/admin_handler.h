#pragma once
// GET /admin and /admin/<file>: the mapping editor, served from the binary itself (no CDN, works
// offline). The files are public; everything they do goes through the token-protected API.

#include "http/router.h"

namespace crmsync::http {

void addAdminRoutes(Router& router);

}  // namespace crmsync::http
