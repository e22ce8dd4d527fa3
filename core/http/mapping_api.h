#pragma once
// /api/v1/mappings… (Bearer admin.token): list, read, validate as you type, save, history, rollback and
// preview of mapping documents; /api/v1/events (recent events to preview against) and /api/v1/audit.
// Preview never calls the CRM: it maps the event with the given text and asks the connector to
// describe the requests it would send. Safe from every server thread.

#include "crmsync/crm_connector.h"
#include "crmsync/store.h"
#include "http/router.h"
#include "service/mapping_service.h"

namespace crmsync::http {

class MappingApi {
 public:
  MappingApi(MappingService& mappings, Store& store, const CrmConnector& connector, std::string adminToken);
  void addRoutes(Router& router);

 private:
  using Req = Poco::Net::HTTPServerRequest;
  using Resp = Poco::Net::HTTPServerResponse;
  void list(Req& request, Resp& response);
  void document(Req& request, Resp& response);  // GET/PUT/POST under /api/v1/mappings/{connector}[/…]
  void validate(Req& request, Resp& response);
  void preview(Req& request, Resp& response);
  void recentEvents(Req& request, Resp& response);
  void auditLog(Req& request, Resp& response);
  void get(const std::string& connector, Resp& response);
  void put(const std::string& connector, Req& request, Resp& response);
  void versions(const std::string& connector, Resp& response);
  void rollback(const std::string& connector, Req& request, Resp& response);
  HandlerFn guard(void (MappingApi::*fn)(Req&, Resp&));

  MappingService& mappings_;
  Store& store_;
  const CrmConnector& connector_;
  std::string adminToken_;
};

}  // namespace crmsync::http
