#!/usr/bin/env python3
"""Every template of the benchmark corpus on every body, Tollgate next to Apache Velocity 1.7, in one run.

Usage: python3 Benchmarks/scripts/vtl-corpus.py TOLLGATE_BINARY VELOCITY_CLASSPATH [SECONDS]
Templates: Fixtures/bench/templates/*.vtl and the seed's (Fixtures/templates/); bodies:
Fixtures/bench/events/*.json (written by Fixtures/bench/generate.py). Tollgate: `tollgate bench render`
(the template parsed once, a render per operation); Velocity: Benchmarks/peers/VelocityBench.java (each
template parsed once and warmed). Prints a Markdown table with time, MB/s of body and the speed-up per
pair, and whether the two outputs are the same (json-smart writes `/` as `\\/` in `$input.json`, Tollgate
does not: that difference is set aside before comparing).
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

tollgate, classpath = sys.argv[1], sys.argv[2]
seconds = sys.argv[3] if len(sys.argv) > 3 else "1"
templates = sorted(glob.glob("Fixtures/bench/templates/*.vtl")) + ["Fixtures/templates/headers-passthrough.vtl", "Fixtures/templates/lambda-error.vtl"]
events = sorted(glob.glob("Fixtures/bench/events/*.json"), key=lambda e: len(json.load(open(e))["body"].encode()))
pairs = [(t, e) for t in templates for e in events]

with tempfile.TemporaryDirectory() as folder:
    java = subprocess.run(
        ["java", "-cp", classpath, "Benchmarks/peers/VelocityBench.java", seconds] + [x for pair in pairs for x in pair],
        env=dict(os.environ, VELOCITY_BENCH_OUTPUT=folder), capture_output=True, text=True, check=True,
    )
    velocity = [json.loads(line) for line in java.stdout.splitlines() if line.startswith("{")]
    velocity_outputs = [open(os.path.join(folder, f"{k + 1}.txt"), "rb").read() for k in range(len(pairs))]

print("| template | body | body bytes | Tollgate | MB/s | Apache Velocity 1.7 | speed-up | same output |")
print("|---|---|---:|---:|---:|---:|---:|:---:|")
ratios = []
for k, (template, event) in enumerate(pairs):
    size = len(json.load(open(event))["body"].encode())
    bench = subprocess.run([tollgate, "bench", "render", "--template", template, "--event", event, "--seconds", seconds],
                           capture_output=True, text=True, check=True)
    ours = json.loads(bench.stdout)["ns_per_op"]
    output = subprocess.run([tollgate, "render", "--template", template, "--event", event], capture_output=True, check=True).stdout
    theirs = velocity[k]["ns_per_op"]
    same = output.replace(b"\\/", b"/") == velocity_outputs[k].replace(b"\\/", b"/")
    ratios.append((theirs / ours, template, event))
    name = os.path.basename(template)[:-4]
    body = os.path.basename(event)[:-5]
    print(f"| {name} | {body} | {size:,} | {ours / 1000:,.2f} µs | {size / ours * 1000:,.0f} | {theirs / 1000:,.2f} µs | "
          f"{theirs / ours:,.1f}× | {'yes' if same else 'NO'} |")
low = min(ratios)
print(f"\nLowest speed-up: {low[0]:.1f}× ({os.path.basename(low[1])} on {os.path.basename(low[2])}).")
