# Tollgate: setup, tests and benchmarks. `make test` is what CI runs (.ci/run).
SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages the build and the conformance runners need.
APT_PACKAGES := libpcre2-dev pkg-config json-schema-test-suite node-ajv velocity libcommons-lang-java libcommons-collections3-java \
	libjsonpath-java libjson-smart-java libslf4j-java wrk

# Apache Velocity 1.7 and what it needs (Debian paths), for the VTL oracle and benchmark peer; the peer's
# `$input.json` uses Jayway JsonPath over json-smart, as API Gateway does.
VELOCITY_CP := /usr/share/java/velocity.jar:/usr/share/java/commons-collections3.jar:/usr/share/java/commons-lang.jar
VELOCITY_BENCH_CP := $(VELOCITY_CP):/usr/share/java/json-path.jar:/usr/share/java/json-smart.jar:/usr/share/java/accessors-smart.jar:/usr/share/java/asm.jar:/usr/share/java/slf4j-api.jar:/usr/share/java/slf4j-nop.jar

.PHONY: setup build test lint bench demo clean velocity-classpath

## setup: install the Debian packages the project needs (idempotent; quick when installed).
## The conformance oracles need Java 17 (java.util.regex) and Node (ECMAScript RegExp); the
## JSON Schema suite is Debian's json-schema-test-suite; node-ajv is the schema benchmark's peer.
## velocity (Apache Velocity 1.7, with commons-lang and commons-collections) is the VTL oracle and benchmark peer.
setup:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v java >/dev/null 2>&1 || missing="$$missing openjdk-17-jdk-headless"; \
	command -v node >/dev/null 2>&1 || missing="$$missing nodejs"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: setup
	swift build

## lint: swift-format in strict mode, with the configuration in .swift-format
lint:
	swift format lint --strict -r Sources Tests Benchmarks Package.swift

## test: setup, lint, then every test (unit, end-to-end, conformance), then the rate-limit
## concurrency tests again under ThreadSanitizer (a separate build folder, .build-tsan)
test: setup lint
	swift test
	swift test --scratch-path .build-tsan --sanitize=thread --filter "TollgateRateLimitTests|RenderMemoryTests"

## bench: the benchmark suites, then the peers on the same files, in one run
bench: setup
	@mkdir -p .build
	swift package benchmark --target JSONBenchmarks --no-progress | tee .build/json-bench.txt
	python3 Benchmarks/scripts/json-report.py < .build/json-bench.txt
	python3 Benchmarks/peers/json_peers.py
	swift package benchmark --target JavaRegexBenchmarks --no-progress | tee .build/regex-bench.txt
	java Benchmarks/peers/RegexBench.java | tee .build/regex-java.txt
	python3 Benchmarks/scripts/regex-report.py .build/regex-bench.txt .build/regex-java.txt
	swift package benchmark --target JSONSchemaBenchmarks --no-progress | tee .build/schema-bench.txt
	NODE_PATH=/usr/share/nodejs node Benchmarks/peers/ajv_bench.js 2>/dev/null | tee .build/schema-ajv.txt
	python3 Benchmarks/scripts/schema-report.py .build/schema-bench.txt .build/schema-ajv.txt
	swift package benchmark --target VTLBenchmarks --no-progress | tee .build/vtl-bench.txt
	python3 Benchmarks/scripts/vtl-event.py Fixtures/events/headers-passthrough.json | java -cp $(VELOCITY_BENCH_CP) \
		Benchmarks/peers/VelocityBench.java Fixtures/templates/headers-passthrough.vtl 5 | tee .build/vtl-velocity.txt
	python3 Benchmarks/scripts/vtl-report.py .build/vtl-bench.txt .build/vtl-velocity.txt
	swift package benchmark --target RateLimitBenchmarks --no-progress | tee .build/ratelimit-bench.txt
	swift package benchmark --target GatewayBenchmarks --no-progress | tee .build/gateway-bench.txt
	Benchmarks/scripts/serve-bench.sh | tee .build/serve-bench.txt

## velocity-classpath: the Java classpath of the VTL benchmark's peer (Benchmarks/peers/VelocityBench.java)
velocity-classpath:
	@echo $(VELOCITY_BENCH_CP)

## demo: build and serve the seed's request-validation API on 127.0.0.1:3000 (Ctrl-C stops it)
demo:
	swift run tollgate serve Fixtures/apis/orders-validation.json --host 127.0.0.1 --port 3000

clean:
	rm -rf .build
