#!/usr/bin/env python3
"""Writes a strictly serializable Jepsen EDN list-append (or rw-register) history for benchmarks.

usage: generate-txn-history.py TRANSACTIONS KEYS [list-append|rw-register] [STALE] [CONCURRENCY]
       > history.edn

Each transaction has 1 to 4 micro-operations on random keys and takes effect when it completes,
against an in-memory store; CONCURRENCY (default 1) transactions are in flight at a time, and
completions come in random order. So the history is strictly serializable, and the checker must
search the whole graph and find nothing. With STALE (a fraction, say 0.01), that share of
list-append reads miss the key's last append: anomalies everywhere. Seeded: the same arguments,
the same file.
"""
import random
import sys

count, keys = int(sys.argv[1]), int(sys.argv[2])
spec = sys.argv[3] if len(sys.argv) > 3 else "list-append"
stale = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
concurrency = int(sys.argv[5]) if len(sys.argv) > 5 else 1
rng = random.Random(17)
lists = {}
registers = {}
next_value = 1
index = 0
out = sys.stdout


def plan():
    global next_value
    ops = []
    for _ in range(rng.randint(1, 4)):
        k = rng.randrange(keys)
        if rng.random() < 0.5:
            ops.append(("append" if spec == "list-append" else "w", k, next_value))
            next_value += 1
        else:
            ops.append(("r", k, None))
    return ops


def execute(ops):
    done = []
    for f, k, v in ops:
        if f == "append":
            lists.setdefault(k, []).append(v)
        elif f == "w":
            registers[k] = v
        elif spec == "list-append":
            seen = list(lists.get(k, []))
            if seen and rng.random() < stale:
                seen = seen[:-1]
            v = seen
        else:
            v = registers.get(k)
        done.append((f, k, v))
    return done


def render(ops):
    parts = []
    for f, k, v in ops:
        if f != "r":
            parts.append("[:%s %d %d]" % (f, k, v))
        elif v is None:
            parts.append("[:r %d nil]" % k)
        elif spec == "list-append":
            parts.append("[:r %d [%s]]" % (k, " ".join(map(str, v))))
        else:
            parts.append("[:r %d %d]" % (k, v))
    return " ".join(parts)


def line(kind, ops, process):
    global index
    out.write("{:type :%s, :f :txn, :value [%s], :process %d, :index %d}\n" % (kind, render(ops), process, index))
    index += 1


in_flight = {}
started = 0
free = list(range(concurrency))
while started < count or in_flight:
    if started < count and free and (not in_flight or rng.random() < 0.5):
        process = free.pop()
        ops = plan()
        in_flight[process] = ops
        line("invoke", ops, process)
        started += 1
    else:
        process = rng.choice(sorted(in_flight))
        line("ok", execute(in_flight.pop(process)), process)
        free.append(process)
