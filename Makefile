# Tollgate: setup, tests and benchmarks. `make test` is what CI runs (.ci/run).
SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages the build needs (CPCRE2 links PCRE2 through pkg-config), then those the conformance
# runners and benchmark peers need as well.
BUILD_PACKAGES := libpcre2-dev pkg-config
APT_PACKAGES := $(BUILD_PACKAGES) time json-schema-test-suite node-ajv velocity libcommons-lang-java libcommons-collections3-java \
	libjsonpath-java libjson-smart-java libjackson2-databind-java libslf4j-java wrk postgresql

# Apache Velocity 1.7 and what it needs (Debian paths), for the VTL oracle and benchmark peer; the peer's
# `$input.json` uses Jayway JsonPath and json-smart, as API Gateway does, and Jackson to parse bodies.
VELOCITY_CP := /usr/share/java/velocity.jar:/usr/share/java/commons-collections3.jar:/usr/share/java/commons-lang.jar
VELOCITY_BENCH_CP := $(VELOCITY_CP):/usr/share/java/json-path.jar:/usr/share/java/json-smart.jar:/usr/share/java/accessors-smart.jar:/usr/share/java/asm.jar:/usr/share/java/slf4j-api.jar:/usr/share/java/slf4j-nop.jar:/usr/share/java/jackson-databind.jar:/usr/share/java/jackson-core.jar:/usr/share/java/jackson-annotations.jar

# postgresql: the shared rate-limit store's tests start a throwaway server of their own on loopback
# (Tests/Oracles/postgres_server.py: initdb in a temp directory, stopped and deleted with the test process).
# The SigV4 tests sign with botocore (the AWS SDK for Python's signer), and the AWS service integration
# tests run moto's server on loopback (Tests/Oracles/moto_server.py starts it and stops it with the test
# process) and read it back with boto3: the system Python's when it has them, else a venv made for them.
# TOLLGATE_PYTHON tells the tests which.
ORACLE_VENV := .build-oracle-venv
ORACLE_MODULES := import botocore, boto3, moto.server, flask
ORACLE_PYTHON := $(shell python3 -c '$(ORACLE_MODULES)' 2>/dev/null && echo python3 || echo $(CURDIR)/$(ORACLE_VENV)/bin/python3)
export TOLLGATE_PYTHON := $(ORACLE_PYTHON)

# The port `make demo` listens on (`make demo DEMO_PORT=3001` when 3000 is taken).
DEMO_PORT ?= 3000

.PHONY: setup setup-build build test test-asan test-asan-all test-tsan lint bench demo quickstart-check clean velocity-classpath fuzz docs

# install-missing(packages, extra shell that appends to $$missing): installs with apt-get (sudo when not
# root) the Debian packages that dpkg does not know; prints nothing when every one is there.
define install-missing
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	$(2) \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
endef

## setup-build: install what building Tollgate needs (libpcre2-dev, pkg-config); every target that builds runs it.
setup-build:
	$(call install-missing,$(BUILD_PACKAGES),)

## setup: install the Debian packages the project needs (idempotent; quick when installed).
## The conformance oracles need Java 17 (java.util.regex) and Node (ECMAScript RegExp); the
## JSON Schema suite is Debian's json-schema-test-suite; node-ajv is the schema benchmark's peer.
## velocity (Apache Velocity 1.7, with commons-lang and commons-collections) is the VTL oracle and benchmark peer.
setup:
	$(call install-missing,$(APT_PACKAGES),command -v java >/dev/null 2>&1 || missing="$$missing openjdk-17-jdk-headless"; command -v node >/dev/null 2>&1 || missing="$$missing nodejs";)
	@$(ORACLE_PYTHON) -c '$(ORACLE_MODULES)' 2>/dev/null || { \
		echo "installing botocore (the SigV4 oracle), boto3 and moto[server] (the AWS services) into $(ORACLE_VENV)"; \
		python3 -m venv $(ORACLE_VENV) && $(ORACLE_VENV)/bin/pip install -q botocore boto3 "moto[server]"; }

build: setup-build
	swift build

## lint: swift-format in strict mode, with the configuration in .swift-format
lint:
	swift format lint --strict -r Sources Tests Benchmarks Fuzz Package.swift

## test: setup, lint, then every test (unit, end-to-end, conformance), then every test again with
## Tollgate's own modules under AddressSanitizer (test-asan), then the concurrency tests (the rate
## limiter's shards, concurrent renders) with Tollgate's modules under ThreadSanitizer (test-tsan)
test: setup lint
	swift test
	$(MAKE) test-asan
	$(MAKE) test-tsan

## test-tsan: the concurrency tests with Tollgate's own modules under ThreadSanitizer
## (TOLLGATE_SANITIZE=thread, the dependencies' build kept, as test-asan does): the code they
## exercise (TollgateRateLimit, TollgateVTL, TollgateJSON) has no dependency outside Tollgate
test-tsan: setup
	TOLLGATE_SANITIZE=thread swift test --filter "TollgateRateLimitTests|RenderMemoryTests"

## test-asan: every test with Tollgate's own modules (where its unsafe code is) compiled under
## AddressSanitizer (TOLLGATE_SANITIZE=address in Package.swift): the dependencies keep their build in
## .build, so only Tollgate's modules are compiled again (about 2 minutes), and the next plain build
## compiles them back. An error report fails the run. Leak reports are off: the ones it finds are
## process-lifetime singletons (NIO's thread pool, static caches).
test-asan: setup
	TOLLGATE_SANITIZE=address ASAN_OPTIONS=detect_leaks=0 swift test

## test-asan-all: every test with every module, the dependencies too, under AddressSanitizer (its own
## build folder, .build-asan; about 10 minutes of building on two cores)
test-asan-all: setup
	ASAN_OPTIONS=detect_leaks=0 swift test --scratch-path .build-asan --sanitize=address

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
	java -cp $(VELOCITY_BENCH_CP) Benchmarks/peers/VelocityBench.java 5 \
		Fixtures/templates/headers-passthrough.vtl Fixtures/events/headers-passthrough.json | tee .build/vtl-velocity.txt
	python3 Benchmarks/scripts/vtl-report.py .build/vtl-bench.txt .build/vtl-velocity.txt
	swift build -c release --product tollgate
	python3 Benchmarks/scripts/vtl-corpus.py .build/release/tollgate "$(VELOCITY_BENCH_CP)" 1 | tee .build/vtl-corpus.md
	swift package benchmark --target RateLimitBenchmarks --no-progress | tee .build/ratelimit-bench.txt
	swift package benchmark --target GatewayBenchmarks --no-progress | tee .build/gateway-bench.txt
	swift package benchmark --target AuthBenchmarks --no-progress | tee .build/auth-bench.txt
	$(ORACLE_PYTHON) Benchmarks/peers/sigv4_peer.py | tee .build/sigv4-botocore.txt
	Benchmarks/scripts/serve-bench.sh | tee .build/serve-bench.txt
	python3 Benchmarks/scripts/store-scaling.py | tee .build/store-scaling.txt

## fuzz: builds the libFuzzer driver (Fuzz/TollgateFuzz, AddressSanitizer, in .build-fuzz) and runs each
## of FuzzHarness's targets (json, schema, vtl, regex, definition) for FUZZ_SECONDS from a corpus seeded
## with Fixtures/; exits non-zero when one crashes (the input is in .build-fuzz/crashes/: add it to
## Fixtures/fuzz/<target>/ once fixed, and make test replays it).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= json schema vtl regex definition
# Every module is built with AddressSanitizer and libFuzzer's coverage (what clang's -fsanitize=fuzzer
# instruments with); only the driver links libFuzzer (its no-main library: the driver's main calls it),
# so the build's other executables and plugins link as usual.
FUZZER_LIB := $(firstword $(wildcard $(dir $(realpath $(shell command -v swift)))../lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-$(shell uname -m).a))
fuzz: setup-build
	@test -n "$(FUZZER_LIB)" || { echo "no libclang_rt.fuzzer_no_main in this Swift toolchain"; exit 2; }
	TOLLGATE_FUZZ=1 TOLLGATE_FUZZER_LIB=$(FUZZER_LIB) swift build -c release --scratch-path .build-fuzz --product TollgateFuzz \
		-Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
	@set -o pipefail; status=0; mkdir -p .build-fuzz/crashes; for target in $(FUZZ_TARGETS); do \
		mkdir -p .build-fuzz/corpus/$$target; echo "fuzzing $$target for $(FUZZ_SECONDS) s"; \
		TOLLGATE_FUZZ_TARGET=$$target .build-fuzz/release/TollgateFuzz .build-fuzz/corpus/$$target Fixtures \
			-max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
			-artifact_prefix=.build-fuzz/crashes/$$target- 2>&1 | tail -n 14 || status=1; \
	done; exit $$status

## velocity-classpath: the Java classpath of the VTL benchmark's peer (Benchmarks/peers/VelocityBench.java)
velocity-classpath:
	@echo $(VELOCITY_BENCH_CP)

## demo: install what the build needs, build, and serve the seed's request-validation API on
## 127.0.0.1:$(DEMO_PORT) (Ctrl-C stops it)
demo: setup-build
	swift run tollgate serve Fixtures/apis/orders-validation.json --host 127.0.0.1 --port $(DEMO_PORT)

## quickstart-check: the README's quick start as a new user runs it: `make demo`, then its requests (.ci/quickstart)
quickstart-check:
	.ci/quickstart

## docs: the DocC reference of every library module (Sources/<Module>/<Module>.docc), one archive each in
## .build/docs/<Module>.doccarchive; DocC's warnings fail the build. A failed run is tried once more:
## swift-docc has crashed (a segfault) on a module that documents cleanly on the next run.
DOC_MODULES := TollgateJSON TollgateJSONSchema TollgateJavaRegex TollgateVTL TollgateRateLimit TollgatePostgres \
	TollgateAuth TollgateGateway TollgateOpenAPI TollgateBackends TollgateHummingbird TollgateVapor
docs: setup-build
	@mkdir -p .build/docs
	@for m in $(DOC_MODULES); do \
		echo "== $$m"; \
		for try in 1 2; do \
			swift package --allow-writing-to-directory .build/docs generate-documentation --target $$m \
				--warnings-as-errors --output-path .build/docs/$$m.doccarchive && break; \
			[ $$try = 2 ] && exit 1; \
			echo "== $$m again (DocC failed once; a warning fails twice, a tool crash does not)"; \
		done; \
	done

clean:
	rm -rf .build
