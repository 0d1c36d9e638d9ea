"""Writes a `tollgate render` event as the tab-separated lines Benchmarks/peers/VelocityBench.java reads."""
import json
import sys

event = json.load(open(sys.argv[1]))
print("body\t" + event.get("body", "").replace("\n", "\\n"))
for name, value in event.get("params", {}).get("header", {}).items():
    print(f"header\t{name}\t{value}")
for name, value in event.get("context", {}).items():
    print(f"context\t{name}\t{value}")
