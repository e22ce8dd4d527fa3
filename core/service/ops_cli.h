#pragma once
// The operations commands, for when things went wrong. Each opens the store
// named by the configuration
// (--config FILE, else $CRMSYNC_CONFIG, else /etc/crmsync/crmsync.json) next to
// a running service: WAL and the busy timeout make that safe, and the service
// picks re-queued events up at its next poll.
//   dlq list|show|retry|drop      dead letters: look, put back on the queue, or
//   drop for good (kept) replay --since T              re-queue events received
//   since T; idempotent writes, no duplicates reconcile events by channel and
//   state; messages that never reached the CRM identity show|link            a
//   person's identifiers and CRM links; an admin's choice of record
// Every change is written to the audit log with the actor (--actor NAME, else
// $USER). Exit codes as runCli: 0 ok, 1 failure (unknown id, store error), 2
// usage.

#include <string>
#include <vector>

namespace crmsync {

int runDlqCommand(std::vector<std::string> args);
int runReplayCommand(std::vector<std::string> args);
int runReconcileCommand(std::vector<std::string> args);
int runIdentityCommand(std::vector<std::string> args);

} // namespace crmsync
