#!/bin/bash
# The serve benchmark: the orders POST through `tollgate serve`, and through a bare Hummingbird handler
# returning the same bytes, with wrk on loopback (2 threads, 50 connections, 10 s each, after a warm-up).
# Usage: Benchmarks/scripts/serve-bench.sh   (run from the package root; builds in release)
set -euo pipefail
swift build -c release --product tollgate >/dev/null 2>&1
swift build -c release --product BareHummingbird >/dev/null 2>&1
bin=$(swift build -c release --show-bin-path)
lua=$(mktemp --suffix .lua)
body=$(python3 -c 'import json,sys; print(json.dumps(open("Fixtures/payloads/orders-valid.json").read()))')
cat > "$lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = $body
LUA
run() {
    local name=$1 port=$2
    sleep 1
    wrk -t2 -c50 -d3s -s "$lua" "http://127.0.0.1:$port/orders" >/dev/null   # warm-up
    echo "== $name"
    wrk -t2 -c50 -d10s --latency -s "$lua" "http://127.0.0.1:$port/orders" | grep -E 'Requests/sec|Latency|99%|Non-2xx'
}
"$bin/tollgate" serve Fixtures/apis/orders-validation.json --port 3100 --log-level warning > /dev/null &
tollgate=$!
run "tollgate serve" 3100
kill -INT $tollgate; wait $tollgate || true
"$bin/BareHummingbird" 3101 > /dev/null 2>&1 &
bare=$!
run "bare Hummingbird" 3101
kill -INT $bare; wait $bare || true
rm -f "$lua"
