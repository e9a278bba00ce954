#!/usr/bin/env python3
"""Writes a CAS-register history in Faultline's JSON Lines format, recorded from a simulated
atomic register whose clients always overlap.

usage: generate-register-history.py EVENTS [CLIENTS] [SEED] [VALUES] [INFO-RATE] > history.jsonl

Every client has an operation in flight at all times: it invokes the next one as soon as the
last completes, so no point of the history is quiescent. Each operation (read, write, cas on
values 0..VALUES-1) takes effect at one random moment between its invocation and completion,
on one atomic register starting at nil, so the history is linearizable; a CAS whose expected
value differed at that moment fails. With INFO-RATE (0 by default), that share of writes and
CASes time out (`info`): half of them took effect, half never will.
"""
import random
import sys

events = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
clients = int(sys.argv[2]) if len(sys.argv) > 2 else 8
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
values = int(sys.argv[4]) if len(sys.argv) > 4 else 5
info_rate = float(sys.argv[5]) if len(sys.argv) > 5 else 0.0

register = None
out = sys.stdout
written = 0
# Per client: [operation, arguments, taken effect?, result].
inflight = {}


def invoke(client):
    global written
    roll = rng.random()
    if roll < 0.5:
        inflight[client] = ["read", None, False, None]
        out.write('{"type":"invoke","process":"c%d","op":"read"}\n' % client)
    elif roll < 0.75:
        value = rng.randrange(values)
        inflight[client] = ["write", value, False, None]
        out.write('{"type":"invoke","process":"c%d","op":"write","args":[%d]}\n' % (client, value))
    else:
        old, new = rng.randrange(values), rng.randrange(values)
        inflight[client] = ["cas", (old, new), False, None]
        out.write('{"type":"invoke","process":"c%d","op":"cas","args":[%d,%d]}\n' % (client, old, new))
    written += 1


def take_effect(op):
    global register
    kind, args = op[0], op[1]
    if kind == "read":
        op[3] = register
    elif kind == "write":
        register = args
    elif register == args[0]:
        register = args[1]
        op[3] = True
    else:
        op[3] = False
    op[2] = True


def complete(client):
    global written
    op = inflight.pop(client)
    kind = op[0]
    if kind != "read" and rng.random() < info_rate:
        # Timed out: it took effect, or it never will.
        if not op[2] and rng.random() < 0.5:
            take_effect(op)
        out.write('{"type":"info","process":"c%d","op":"%s"}\n' % (client, kind))
    else:
        if not op[2]:
            take_effect(op)
        if kind == "read":
            result = "null" if op[3] is None else str(op[3])
            out.write('{"type":"ok","process":"c%d","op":"read","result":%s}\n' % (client, result))
        elif kind == "cas" and not op[3]:
            out.write('{"type":"fail","process":"c%d","op":"cas"}\n' % client)
        else:
            out.write('{"type":"ok","process":"c%d","op":"%s"}\n' % (client, kind))
    written += 1


for client in range(clients):
    invoke(client)
while inflight:
    client = rng.randrange(clients)
    op = inflight.get(client)
    if op is None:
        continue
    if not op[2] and rng.random() < 0.5:
        take_effect(op)  # its linearization point: no line
        continue
    complete(client)
    # Stop invoking once only the completions of the operations in flight fit.
    if events - written > len(inflight):
        invoke(client)
