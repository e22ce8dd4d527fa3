#pragma once
// Reads what a WhatsApp webhook body contains, independently of crmsync's parser, so end-to-end tests
// can check the service against the corpus. Also rewrites ids: the corpus re-uses message ids across
// files, and a test that wants every file's content in the timeline must make them unique.

#include <string>
#include <vector>

namespace crmsync::test {

struct ExpectedMessage {
  std::string id;
  std::string type;   // as written; "" when the body has no type
  std::string text;   // text.body for text messages, else ""
  bool outbound = false;
};

struct ExpectedStatus {
  std::string id;
  std::string status;
};

struct ExpectedContent {
  std::vector<ExpectedMessage> messages;
  std::vector<ExpectedStatus> statuses;
};

ExpectedContent expectedContent(const std::string& body);

// The same body with every message, status and echo id `X` renamed to "X<suffix>" (re-serialised;
// the raw-bytes form of each corpus file is tested separately).
std::string withUniqueIds(const std::string& body, const std::string& suffix);

// A minimal signed-able inbound text message body.
std::string textMessageBody(const std::string& id, const std::string& fromDigits, const std::string& text,
                            long timestamp = 1700000000, const std::string& name = "Client");
// A minimal status body (sent, delivered, read, failed) for an outbound message `id`.
std::string statusBody(const std::string& id, const std::string& status, const std::string& recipientDigits,
                       long timestamp = 1700000100);

}  // namespace crmsync::test
