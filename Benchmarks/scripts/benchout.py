"""Reads `swift package benchmark` text output: the p50 wall-clock time of every benchmark.

Shared by the report scripts in this folder.
"""
import re

UNITS_NS = {"ns": 1, "μs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}


def p50_ns(text):
    """{benchmark name: p50 wall clock in ns} for the benchmarks in `text` (ANSI colours ignored)."""
    text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)
    results, current = {}, None
    for line in text.splitlines():
        stripped = line.strip()
        if line.startswith("│ Time (wall clock)") and current:
            cells = [c.strip() for c in line.split("│")[1:-1]]
            unit = re.search(r"\((\w+)\)", cells[0]).group(1)
            results[current] = float(cells[3]) * UNITS_NS[unit]
            current = None
        elif stripped and stripped[0] not in "│╒╞╘├─╤╪╧=":
            current = stripped  # the last line outside a table names the table that follows
    return results
