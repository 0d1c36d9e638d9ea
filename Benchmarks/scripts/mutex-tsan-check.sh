#!/bin/bash
# Why TollgateRateLimit's shards keep their own lock (Lockbox) instead of Synchronization.Mutex: builds
# a ten-line program under ThreadSanitizer in which four threads increment a counter only ever touched
# inside one Mutex's withLock, and says whether TSan reports a race. With Swift 6.3.1 on Linux it does
# (Mutex's futex hand-off is not instrumented, so TSan cannot see that the lock orders the accesses),
# which would make `make test`'s ThreadSanitizer pass fail on every contended shard. When this prints
# "no race reported", Lockbox can become a Mutex.
set -euo pipefail
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/Sources/mutexcheck"
cat > "$dir/Package.swift" <<'SWIFT'
// swift-tools-version: 6.1
import PackageDescription
let package = Package(name: "mutexcheck", platforms: [.macOS(.v15)], targets: [.executableTarget(name: "mutexcheck")])
SWIFT
cat > "$dir/Sources/mutexcheck/main.swift" <<'SWIFT'
import Dispatch
import Synchronization

final class Box: @unchecked Sendable {
    let lock = Mutex<Int>(0)
    var guarded = 0  // only touched inside lock.withLock
}
let box = Box()
DispatchQueue.concurrentPerform(iterations: 4) { _ in
    for _ in 0..<400_000 { box.lock.withLock { count in count += 1; box.guarded += 1 } }
}
print(box.lock.withLock { $0 }, box.guarded)
SWIFT
swift --version 2>&1 | head -1
(cd "$dir" && swift build --sanitize=thread -q >/dev/null)
# A report needs a contended hand-off, so the program runs a few times.
races=0
for _ in 1 2 3 4 5; do
    # TSan exits non-zero when it reports, so the output is kept before it is searched.
    out=$("$dir/.build/debug/mutexcheck" 2>&1 || true)
    if grep -q "ThreadSanitizer: Swift access race" <<<"$out"; then races=$((races + 1)); fi
done
echo "$races of 5 runs reported a race"
if [ "$races" -gt 0 ]; then
    echo "ThreadSanitizer reports a race on data guarded by Mutex: keep Lockbox"
else
    echo "no race reported: Mutex's hand-off is visible to ThreadSanitizer here"
fi
