#!/usr/bin/env python3
"""The shared rate-limit store from 1, 2 and 4 processes against one PostgreSQL server on this machine
(a throwaway one, Tests/Oracles/postgres_server.py), beside the in-memory store in the same run.
Each process is `tollgate bench store` (the gateway's three layers per decision: the key's bucket and
quota, the stage's method bucket), all started at one --start-at. Prints one row per setting:
processes, decisions per second in all, p50 and p99 per decision (the worst process's).
Usage: python3 Benchmarks/scripts/store-scaling.py [SECONDS] [CONCURRENCY]   (from the package root;
builds in release)"""
import json
import subprocess
import sys
import time

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5
concurrency = int(sys.argv[2]) if len(sys.argv) > 2 else 16
subprocess.run(["swift", "build", "-c", "release", "--product", "tollgate"], check=True, stdout=subprocess.DEVNULL)
bindir = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], check=True, capture_output=True, text=True).stdout.strip()
tollgate = f"{bindir}/tollgate"

server = subprocess.Popen(["python3", "Tests/Oracles/postgres_server.py"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
port = int(server.stdout.readline())
url = f"postgres://tollgate@127.0.0.1:{port}/postgres?sslmode=disable"
subprocess.run([tollgate, "db", "migrate", url], check=True, stdout=subprocess.DEVNULL)


def run(processes, store, durable=True, batch=None, stage=None):
    start_at = int(time.time() * 1000) + 1500
    command = [tollgate, "bench", "store", "--seconds", str(seconds), "--concurrency", str(concurrency), "--start-at", str(start_at)]
    if stage:
        command += ["--stage-rate", str(stage[0]), "--stage-burst", str(stage[1])]
    if store:
        command += ["--rate-limit-store", url] + ([] if durable else ["--rate-limit-store-async-commit"])
        command += ["--rate-limit-store-batch", str(batch)] if batch else []
    children = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(processes)]
    results = [json.loads(child.communicate()[0]) for child in children]
    return {
        "processes": processes,
        "store": results[0]["store"] + ("" if durable or not store else " (async commit)") + (f" (batch {batch})" if batch else ""),
        "per_sec": sum(r["per_sec"] for r in results),
        "p50_us": max(r["p50_us"] for r in results),
        "p99_us": max(r["p99_us"] for r in results),
        "allowed": sum(r["allowed"] for r in results),
    }


try:
    rows = [run(1, False)] + [run(n, True) for n in (1, 2, 4)] + [run(n, True, durable=False) for n in (1, 2, 4)]
    rows += [run(n, True, batch=100) for n in (1, 2, 4)]
finally:
    server.stdin.close()
    server.wait()
print(f"{'store':<26}{'processes':>10}{'decisions/s':>14}{'p50 µs':>10}{'p99 µs':>10}   ({concurrency} in flight per process, {seconds:g} s)")
for row in rows:
    print(f"{row['store']:<26}{row['processes']:>10}{row['per_sec']:>14,}{row['p50_us']:>10}{row['p99_us']:>10}")

# The approximation's error: a stage bucket of rate 500/s and burst 50 shared by two processes, exact
# and leased in batches of 100, against what one bucket allows in the run (burst + rate × seconds).
rate, burst = 500, 50
print(f"\nstage bucket {rate}/s, burst {burst}, 2 processes, {seconds:g} s: one bucket allows at most {burst + int(rate * seconds):,}")
server2 = subprocess.Popen(["python3", "Tests/Oracles/postgres_server.py"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
url = f"postgres://tollgate@127.0.0.1:{int(server2.stdout.readline())}/postgres?sslmode=disable"
try:
    for batch in (None, 100):
        row = run(2, True, batch=batch, stage=(rate, burst))
        print(f"{row['store']:<26} allowed {row['allowed']:>8,}  (bound with batches: {burst + int(rate * (seconds + 1)):,})")
finally:
    server2.stdin.close()
    server2.wait()
