#!/usr/bin/env python3
"""The Python peers for JSONBenchmarks, timed on the same files: orjson and the standard json.

Usage: python3 Benchmarks/peers/json_peers.py [BENCH_DATA_DIR]
Prints MB/s (input size / median time) for parse (loads) and serialize (dumps, compact; MB/s
of the compact output). `make bench` runs it right after the Swift suite, so the numbers come
from the same machine in the same run.
"""
import json, os, statistics, sys, time

try:
    import orjson
except ImportError:  # pip install orjson
    orjson = None

data_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../../shared/bench-data/json")

def median_seconds(fn, budget=1.5):
    times = []
    deadline = time.perf_counter() + budget
    while time.perf_counter() < deadline or len(times) < 5:
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)

print("| peer | operation | input | MB/s |")
print("|---|---|---|---:|")
for name in ["twitter", "citm_catalog", "canada"]:
    raw = open(os.path.join(data_dir, name + ".json"), "rb").read()
    value = json.loads(raw)
    compact = len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())
    peers = [("json (CPython)", json.loads, lambda v: json.dumps(v, separators=(",", ":"), ensure_ascii=False))]
    if orjson:
        peers.insert(0, ("orjson " + orjson.__version__, orjson.loads, orjson.dumps))
    for peer, loads, dumps in peers:
        print(f"| {peer} | parse | {name} | {len(raw) / median_seconds(lambda: loads(raw)) / 1e6:,.0f} |")
        print(f"| {peer} | serialize | {name} | {compact / median_seconds(lambda: dumps(value)) / 1e6:,.0f} |")
