#include "crm/bitrix24/bitrix24_api.h"

#include <algorithm>

namespace crmsync::connectors::bitrix24 {

using nlohmann::json;

namespace {

void appendRows(const json& result, std::vector<json>& rows) {
  if (!result.is_array()) return;
  for (const json& row : result) rows.push_back(row);
}

}  // namespace

CallResult Bitrix24Api::call(const Call& c) {
  Result<HttpResponse> sent = http_->send(buildRequest(c));
  if (!sent.isOk()) return {sent.outcome, nullptr, std::nullopt, 0};
  return parseResponse(sent.value, clock_.nowMs());
}

std::vector<CallResult> Bitrix24Api::batch(const std::vector<Call>& calls) {
  Result<HttpResponse> sent = http_->send(buildBatchRequest(calls));
  if (!sent.isOk()) return std::vector<CallResult>(calls.size(), CallResult{sent.outcome, nullptr, std::nullopt, 0});
  return parseBatchResponse(sent.value, calls.size(), clock_.nowMs());
}

std::vector<CallResult> Bitrix24Api::callAll(const std::vector<Call>& calls) {
  if (calls.size() == 1) return {call(calls.front())};
  std::vector<CallResult> out;
  for (std::size_t from = 0; from < calls.size(); from += kMaxBatch) {
    std::size_t to = std::min(calls.size(), from + static_cast<std::size_t>(kMaxBatch));
    std::vector<CallResult> part =
        batch({calls.begin() + static_cast<long>(from), calls.begin() + static_cast<long>(to)});
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

Result<std::vector<json>> Bitrix24Api::listAll(const Call& c) {
  Call first = c;
  first.params["start"] = 0;
  CallResult page = call(first);
  if (!page.outcome.isOk()) return Result<std::vector<json>>::fail(page.outcome);
  std::vector<json> rows;
  appendRows(page.result, rows);
  if (!page.next) return Result<std::vector<json>>::ok(std::move(rows));
  // The total is known now: ask for every remaining page at once.
  std::vector<Call> rest;
  for (int start = *page.next; start < page.total; start += kPageSize) {
    Call more = c;
    more.params["start"] = start;
    rest.push_back(std::move(more));
  }
  for (const CallResult& r : callAll(rest)) {
    if (!r.outcome.isOk()) return Result<std::vector<json>>::fail(r.outcome);
    appendRows(r.result, rows);
  }
  return Result<std::vector<json>>::ok(std::move(rows));
}

}  // namespace crmsync::connectors::bitrix24
