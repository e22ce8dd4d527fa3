#pragma once
// How one write() call becomes Bitrix24 calls, as pure planning (the connector runs the rounds):
//   lookup : crm.activity.list of every message key involved (ORIGINATOR_ID + "@ORIGIN_ID");
//   round 1: crm.activity.add for each message not stored yet (one per key), crm.activity.update to fill a
//            placeholder the message finds, crm.activity.add of a placeholder for statuses whose message is
//            neither stored nor in this call;
//   round 2: per message, the highest-ranked status of this call, as crm.activity.update when it outranks
//            the stored ORIGIN_VERSION; otherwise nothing (a repeated or late status).
// Items already stored are Ok without a call; so a retried write never adds a second activity.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crm/bitrix24/bitrix24_activities.h"
#include "crm/bitrix24/bitrix24_requests.h"
#include "crmsync/crm_connector.h"

namespace crmsync::connectors::bitrix24 {

struct WriteStep {
  Call call;
  std::vector<std::size_t> items;  // the activities that take this call's outcome
  std::string key;                 // message key (ORIGIN_ID)
  std::string version;             // ORIGIN_VERSION once the call succeeded
  std::string id;                  // the activity updated; "" for an add (the answer is the new id)
};

using Stored = std::map<std::string, StoredActivity>;
using Results = std::vector<std::optional<ActivityResult>>;  // per activity; nullopt = not decided yet

// Every distinct message key of the activities, in order.
std::vector<std::string> messageKeys(const std::vector<Activity>& activities);

// Round 1. Items it settles without a call (already stored, bad record or fields) get their result.
std::vector<WriteStep> planRoundOne(const std::vector<Activity>& activities, const Stored& stored,
                                    const std::string& responsibleId, Results& results);
// Round 2, after round 1's outcomes were applied: the statuses still undecided. A status whose message
// failed in round 1 takes that failure (`failed`, by key).
std::vector<WriteStep> planRoundTwo(const std::vector<Activity>& activities, const Stored& stored,
                                    const std::map<std::string, Outcome>& failed, Results& results);

// Records each step's outcome for its items; a successful step updates `stored` (new ids, versions).
// `failed` collects the outcome of failed steps per key, for statuses whose message could not be written.
void applyOutcomes(const std::vector<WriteStep>& steps, const std::vector<CallResult>& outcomes, Stored& stored,
                   std::map<std::string, Outcome>& failed, Results& results);

std::vector<Call> callsOf(const std::vector<WriteStep>& steps);

}  // namespace crmsync::connectors::bitrix24
