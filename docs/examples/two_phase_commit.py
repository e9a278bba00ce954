#!/usr/bin/env python3
"""A small two-phase commit between threads, logging what each node does in its own words.

It writes one JSON object per line to stdout: the log that docs/tutorial.md checks against the
catalogue model with `faultline verify LOG --model two-phase-commit --mapping MAPPING`.
Usage: python3 docs/examples/two_phase_commit.py [PARTICIPANTS] [SEED] [early]
With "early", the coordinator commits as soon as the first vote arrives: the bug conformance finds.
"""
import json
import queue
import random
import sys
import threading

lock = threading.Lock()


def log(node, what, **fields):
    with lock:
        print(json.dumps({"node": node, "what": what, "txid": "t1", **fields}), flush=True)


def participant(name, inbox, coordinator_inbox, rng):
    log(name, "PREPARED", ballot="YES")
    log(name, "SEND", msg="Prepared", dst="coord")
    coordinator_inbox.put((name, "Prepared"))
    sender, message = inbox.get()
    log(name, "RECV", msg=message, src=sender)
    log(name, "COMMITTED" if message == "Commit" else "ABORTED")
    if rng.random() < 0.5:
        log(name, "HEARTBEAT")


def coordinator(names, inbox, inboxes, early):
    votes = set()
    while votes != set(names) and not (early and votes):
        sender, message = inbox.get()
        log("coord", "RECV", msg=message, src=sender)
        votes.add(sender)
    log("coord", "DECIDED_COMMIT", members=names)
    for name in names:
        log("coord", "SEND", msg="Commit", dst=name)
        inboxes[name].put(("coord", "Commit"))


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    names = [f"rm{i}" for i in range(1, count + 1)]
    inboxes = {name: queue.Queue() for name in names}
    coordinator_inbox = queue.Queue()
    early = len(sys.argv) > 3 and sys.argv[3] == "early"
    threads = [threading.Thread(target=coordinator, args=(names, coordinator_inbox, inboxes, early))]
    threads += [
        threading.Thread(target=participant, args=(name, inboxes[name], coordinator_inbox, rng))
        for name in names
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    main()
