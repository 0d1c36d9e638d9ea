#!/usr/bin/env python3
"""Summarise `swift package benchmark --target JSONBenchmarks` output as MB/s and ratios.

Usage: swift package benchmark --target JSONBenchmarks | python3 Benchmarks/scripts/json-report.py [BENCH_DATA_DIR]
MB/s = input size / p50 wall-clock time (parse: the input file; serialize: the compact output).
"""
import os, re, sys, json

from benchout import p50_ns

data_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../../shared/bench-data/json")
root = os.path.join(os.path.dirname(__file__), "../..")

def size_of(name, op):
    paths = {"twitter": os.path.join(data_dir, "twitter.json"), "citm_catalog": os.path.join(data_dir, "citm_catalog.json"),
             "canada": os.path.join(data_dir, "canada.json")}
    path = paths.get(name) or os.path.join(root, "Fixtures", name.replace("-", "/", 1))
    raw = open(path, "rb").read()
    if op == "serialize":  # compact output size
        return len(json.dumps(json.loads(raw), separators=(",", ":"), ensure_ascii=False).encode())
    return len(raw)

results = {}
for benchmark, ns in p50_ns(sys.stdin.read()).items():
    m = re.match(r"^(parse|serialize) (\S+) \(\d+ KiB(?: out)?\) (\S+)$", benchmark)
    if m:
        op, name, impl = m.groups()
        results[(op, name, impl)] = size_of(name, op) / (ns * 1e-9) / 1e6

print("| operation | input | Tollgate MB/s | JSONSerialization MB/s | ratio |")
print("|---|---|---:|---:|---:|")
for (op, name, impl), mbs in sorted(results.items()):
    if impl != "Tollgate":
        continue
    peer = results.get((op, name, "JSONSerialization"))
    ratio = f"{mbs / peer:.1f}x" if peer else "-"
    print(f"| {op} | {name} | {mbs:,.0f} | {peer:,.0f} | {ratio} |" if peer else f"| {op} | {name} | {mbs:,.0f} | - | - |")
