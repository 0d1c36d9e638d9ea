#!/usr/bin/env python3
"""The three JSON Schema anchor workloads, Tollgate next to ajv 6, interleaved in one run.

Usage: python3 Benchmarks/scripts/schema-anchors.py TOLLGATE_BINARY [ROUNDS] [SHARED]
SHARED is the shared folder (default ../shared); its bench-data/jsonschema/anchor-workloads.json is
written out as a schema file and a document file per workload in a temporary folder (never into the
repository). Each round runs that folder's ajv_bench_anchor.js once, then `tollgate bench validate`
through isValid(JSONValue), isValid(JSONTape) (--tape) and from the document's bytes (--tape
--parse) on each workload; the table keeps each cell's fastest round (the machine's noise is one-sided)
and prints the ratios ajv / Tollgate (above 1: Tollgate is faster).
"""
import json
import os
import re
import subprocess
import sys
import tempfile

tollgate = sys.argv[1]
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
shared = sys.argv[3] if len(sys.argv) > 3 else "../shared"
anchors = os.path.join(shared, "bench-data", "jsonschema")
workloads = json.load(open(os.path.join(anchors, "anchor-workloads.json")))
best = {}


def keep(key, ns):
    best[key] = min(best.get(key, float("inf")), ns)


with tempfile.TemporaryDirectory() as folder:
    for name, workload in workloads.items():
        json.dump(workload["schema"], open(os.path.join(folder, name + ".schema.json"), "w"))
        json.dump(workload["doc"], open(os.path.join(folder, name + ".doc.json"), "w"))
    for _ in range(rounds):
        ajv = subprocess.run(
            ["node", "ajv_bench_anchor.js"], cwd=anchors, capture_output=True, text=True, check=True,
            env=dict(os.environ, NODE_PATH=os.environ.get("NODE_PATH", "/usr/share/nodejs")),
        ).stdout
        for line in ajv.splitlines():
            m = re.match(r"(\S+)\s+ajv validate\((obj|JSON\.parse\(text\))\)\s+[\d,]+ val/s\s+([\d,.]+) ns/val", line)
            if m:
                keep((m.group(1), "ajv" if m.group(2) == "obj" else "ajv-parse"), float(m.group(3).replace(",", "")))
        for name in workloads:
            for mode, flags in [("value", []), ("tape", ["--tape"]), ("bytes", ["--tape", "--parse"])]:
                out = subprocess.run(
                    [tollgate, "bench", "validate", "--schema", os.path.join(folder, name + ".schema.json"),
                     os.path.join(folder, name + ".doc.json"), "--seconds", "1"] + flags,
                    capture_output=True, text=True, check=True,
                ).stdout
                keep((name, mode), json.loads(out)["ns_per_op"])


def fmt(ns):
    return f"{ns:,.0f} ns" if ns < 1000 else f"{ns / 1000:,.1f} µs"


print("| workload | `isValid(JSONValue)` | `isValid(JSONTape)` | ajv `validate(obj)` | value vs ajv | tape vs ajv "
      "| bytes to verdict (`--tape --parse`) | ajv `JSON.parse` + validate | ratio |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for name in workloads:
    value, tape, bytes_, ajv, ajv_parse = (best[(name, k)] for k in ["value", "tape", "bytes", "ajv", "ajv-parse"])
    print(f"| {name} | {fmt(value)} | {fmt(tape)} | {fmt(ajv)} | {ajv / value:.2f}× | {ajv / tape:.2f}× "
          f"| {fmt(bytes_)} | {fmt(ajv_parse)} | {ajv_parse / bytes_:.2f}× |")
