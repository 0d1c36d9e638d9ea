#!/usr/bin/env python3
"""Tollgate's headers-passthrough render next to Apache Velocity 1.7's, from the same run.

Usage: python3 Benchmarks/scripts/vtl-report.py SWIFT_BENCH_OUTPUT VELOCITY_OUTPUT
Tollgate: p50 wall clock of "render headers-passthrough"; Velocity: Benchmarks/peers/VelocityBench.java's JSON line.
"""
import json, sys

from benchout import p50_ns

ours = p50_ns(open(sys.argv[1]).read())
velocity = json.loads(open(sys.argv[2]).read().strip().splitlines()[-1])
print("| case | Tollgate | Apache Velocity 1.7 | Tollgate speed-up |")
print("|---|---:|---:|---:|")
ns = ours["render headers-passthrough"]
print(f"| headers-passthrough, 742-byte body | {ns / 1000:.2f} µs ({1e9 / ns:,.0f}/s) | "
      f"{velocity['ns_per_op'] / 1000:.2f} µs ({velocity['ops_per_sec']:,}/s) | {velocity['ns_per_op'] / ns:.2f}× |")
for name in ("render lambda-error", "parse headers-passthrough"):
    if name in ours:
        print(f"| {name} | {ours[name] / 1000:.2f} µs | - | - |")
