#!/usr/bin/env python3
"""Writes a linearizable key-value history in Faultline's JSON Lines format.

usage: generate-kv-history.py EVENTS [CLIENTS] [KEYS] [SEED] > history.jsonl

Clients invoke get/put/append on random keys; a busy client's operation takes effect at the
moment it returns, so every history written is linearizable while operations still overlap.
Puts keep the values short, so appends do not grow them without bound.
"""
import random
import sys

events = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
clients = int(sys.argv[2]) if len(sys.argv) > 2 else 8
keys = int(sys.argv[3]) if len(sys.argv) > 3 else 100
rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)

store = {}
pending = {}
out = sys.stdout
written = 0
counter = 0
while written < events:
    client = rng.randrange(clients)
    if client in pending:
        op, key, arg = pending.pop(client)
        if op == "get":
            out.write('{"type":"ok","process":"c%d","op":"get","result":"%s"}\n' % (client, store.get(key, "")))
        else:
            store[key] = arg if op == "put" else store.get(key, "") + arg
            out.write('{"type":"ok","process":"c%d","op":"%s"}\n' % (client, op))
        written += 1
        continue
    if events - written <= len(pending):
        continue  # leave room to complete every pending operation
    key = "k%d" % rng.randrange(keys)
    roll = rng.random()
    counter += 1
    if roll < 0.45:
        pending[client] = ("get", key, None)
        out.write('{"type":"invoke","process":"c%d","op":"get","key":"%s"}\n' % (client, key))
    else:
        op = "put" if roll < 0.8 else "append"
        arg = "v%d" % counter if op == "put" else "+%d" % (counter % 100)
        pending[client] = (op, key, arg)
        out.write('{"type":"invoke","process":"c%d","op":"%s","key":"%s","args":["%s"]}\n' % (client, op, key, arg))
    written += 1
