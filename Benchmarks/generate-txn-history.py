#!/usr/bin/env python3
"""Writes a serializable Jepsen EDN list-append (or rw-register) history for benchmarks.

usage: generate-txn-history.py TRANSACTIONS KEYS [list-append|rw-register] [STALE] > history.edn

Transactions run one at a time against an in-memory store, each invoked and completed before the
next, with 1 to 4 micro-operations on random keys; the history is strictly serializable, so the
checker must search the whole graph and find nothing. Seeded: the same arguments, the same file.
"""
import random
import sys

count, keys = int(sys.argv[1]), int(sys.argv[2])
spec = sys.argv[3] if len(sys.argv) > 3 else "list-append"
stale = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
rng = random.Random(17)
lists = {}
registers = {}
next_value = 1
out = sys.stdout
for t in range(count):
    process = t % 10
    ops = []
    for _ in range(rng.randint(1, 4)):
        k = rng.randrange(keys)
        if rng.random() < 0.5:
            if spec == "list-append":
                lists.setdefault(k, []).append(next_value)
                ops.append(("append", k, next_value))
            else:
                registers[k] = next_value
                ops.append(("w", k, next_value))
            next_value += 1
        elif spec == "list-append":
            seen = list(lists.get(k, []))
            if seen and rng.random() < stale:
                seen = seen[:-1]
            ops.append(("r", k, seen))
        else:
            ops.append(("r", k, registers.get(k)))

    def render(op, known):
        f, k, v = op
        if f == "r":
            if not known or v is None:
                return "[:r %d nil]" % k
            if spec == "list-append":
                return "[:r %d [%s]]" % (k, " ".join(map(str, v)))
            return "[:r %d %d]" % (k, v)
        return "[:%s %d %d]" % (f, k, v)

    invoke = " ".join(render(op, False) for op in ops)
    done = " ".join(render(op, True) for op in ops)
    out.write("{:type :invoke, :f :txn, :value [%s], :process %d, :index %d}\n" % (invoke, process, 2 * t))
    out.write("{:type :ok, :f :txn, :value [%s], :process %d, :index %d}\n" % (done, process, 2 * t + 1))
