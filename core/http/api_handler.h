#pragma once
// The read API (Bearer admin.token on everything under /api and on /metrics; /healthz is open so that
// supervisors can probe it without a secret). Answers from the store only. Safe from every server thread.

#include <string>

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include "crmsync/store.h"
#include "http/router.h"
#include "service/metrics.h"

namespace crmsync::http {

class ApiHandler {
 public:
  ApiHandler(Store& store, Metrics& metrics, std::string adminToken, std::string defaultRegion);
  void addRoutes(Router& router);

 private:
  HandlerFn authorised(void (ApiHandler::*fn)(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&));
  void people(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
  void personTimeline(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
  void event(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
  void metrics(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
  void health(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);

  Store& store_;
  Metrics& metrics_;
  std::string adminToken_;
  std::string defaultRegion_;
};

}  // namespace crmsync::http
