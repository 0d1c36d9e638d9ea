#!/usr/bin/env python3
"""Summarise JSONSchemaBenchmarks and ajv 6 (Benchmarks/peers/ajv_bench.js) in one table.

Usage: python3 Benchmarks/scripts/schema-report.py SWIFT_BENCH_OUTPUT AJV_OUTPUT
Tollgate: p50 wall clock per validation; ajv: median of five rounds.
"""
import re, sys

from benchout import p50_ns

ours = {name: ns for name, ns in p50_ns(open(sys.argv[1]).read()).items() if re.match(r"^(isValid|parse|validate) ", name)}
ajv = open(sys.argv[2]).read()
theirs = {}
for line in ajv.splitlines():
    m = re.match(r"^(.*) ajv ([\d.]+)$", line.strip())
    if m:
        theirs[m.group(1)] = float(m.group(2))

def fmt(ns):
    return f"{ns:,.0f} ns" if ns < 10_000 else f"{ns / 1000:,.1f} µs"

print("| case | Tollgate | ajv 6 | Tollgate / ajv | Tollgate validations/s |")
print("|---|---:|---:|---:|---:|")
for name, ns in ours.items():
    # The tape rows: same case, same ajv run (ajv's parse row is JSON.parse + validate).
    peer = theirs.get(name.replace("isValid tape ", "isValid ").replace("parse tape + ", "parse + "))
    ratio = f"{ns / peer:.2f}×" if peer else "-"
    print(f"| {name} | {fmt(ns)} | {fmt(peer) if peer else '-'} | {ratio} | {1e9 / ns:,.0f} |")
