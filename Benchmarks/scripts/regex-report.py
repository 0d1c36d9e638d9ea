#!/usr/bin/env python3
"""Summarise JavaRegexBenchmarks and the Java peer in one table.

Usage: python3 Benchmarks/scripts/regex-report.py SWIFT_BENCH_OUTPUT JAVA_OUTPUT
Tollgate and raw PCRE2 JIT: p50 wall clock per whole-input match; Java 17: best of five rounds.
"""
import re, sys

from benchout import p50_ns

java = open(sys.argv[2]).read()
results = {}
for name, ns in p50_ns(open(sys.argv[1]).read()).items():
    m = re.match(r"^(.*) on (\d+) B (Tollgate|raw PCRE2 JIT)$", name)
    if m:
        results[m.groups()] = ns
for line in java.splitlines():
    m = re.match(r"^(.*) on (\d+) B java ([\d.]+)$", line.strip())
    if m:
        results[(m.group(1), m.group(2), "java")] = float(m.group(3))

print("| pattern | input | Tollgate | raw PCRE2 JIT | Java 17 | vs PCRE2 | vs Java |")
print("|---|---:|---:|---:|---:|---:|---:|")
for (name, size, impl), ns in sorted(results.items(), key=lambda kv: (kv[0][0], int(kv[0][1]))):
    if impl != "Tollgate":
        continue
    raw = results.get((name, size, "raw PCRE2 JIT"))
    jv = results.get((name, size, "java"))
    fmt = lambda v: f"{v:,.0f} ns" if v is not None else "-"
    ratio = lambda v: f"{ns / v:.2f}×" if v else "-"
    cell = name.replace("|", "\\|")
    print(f"| `{cell}` | {size} B | {fmt(ns)} | {fmt(raw)} | {fmt(jv)} | {ratio(raw)} | {ratio(jv)} |")
