#!/bin/bash
# What access logs and metrics cost `tollgate serve`: GET /orders of the request-validation example
# (a mock), with `wrk -t1 -c16 -d8s` on loopback, alternately without them and with a JSON access log
# to a file and the Prometheus endpoint on; RUNS pairs (default 6). Prints each run's requests/s and
# the server's CPU microseconds per request (from /proc), then the medians and their ratios.
# Run from the repository root after `swift build -c release --product tollgate`.
set -euo pipefail
runs=${1:-6}
bin=.build/release/tollgate
log=$(mktemp)
results=$(mktemp)
trap 'rm -f "$log" "$results"' EXIT
one() {
    local label=$1
    shift
    : > "$log"
    "$bin" serve Fixtures/apis/orders-validation.json --port 3901 --log-level warning "$@" > /dev/null 2>&1 &
    local pid=$!
    sleep 2
    local t0 t1 out
    t0=$(awk '{print $14+$15}' /proc/$pid/stat)
    out=$(wrk -t1 -c16 -d8s -H 'Account-Id: a1' http://127.0.0.1:3901/orders)
    t1=$(awk '{print $14+$15}' /proc/$pid/stat)
    kill $pid
    wait $pid 2> /dev/null || true
    local requests rps
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    echo "$label $rps $(python3 -c "print(round(($t1 - $t0) / $(getconf CLK_TCK) / $requests * 1e6, 1))")" | tee -a "$results"
}
for _ in $(seq "$runs"); do
    one plain
    one logged --access-log json --access-log-file "$log" --metrics-port 3902
done
python3 - "$results" << 'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    label, rps, cpu = line.split()
    runs.setdefault(label, []).append((float(rps), float(cpu)))
median = {k: (statistics.median(r for r, _ in v), statistics.median(c for _, c in v)) for k, v in runs.items()}
for k, (r, c) in median.items():
    print(f"{k}: median {r:.0f} req/s, {c:.1f} µs CPU per request")
print(f"logged / plain: throughput {median['logged'][0] / median['plain'][0]:.2f}x, CPU per request {median['logged'][1] / median['plain'][1]:.2f}x")
PY
