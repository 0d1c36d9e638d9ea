// swift-tools-version: 6.1
import Foundation
import PackageDescription

// Upcoming features as in Hummingbird 2.28.1's manifest.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]
// NonisolatedNonsendingByDefault is off in every module. Measured with it on for the modules with
// `async` code on the request path (gateway, backends, auth, rate-limit stores, the server adapters):
// `tollgate serve` under wrk (orders POST, 3 runs each way) and `tollgate bench invoke` (orders POST,
// error-handling Lambda) came out the same within noise (-2% to +3%). It would also make
// `Gateway.handle` run its CPU-bound work on the caller's actor (the main actor, for a caller there)
// instead of the global executor, so it stays off until a measurement says otherwise.

let package = Package(
    name: "tollgate",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "TollgateJSON", targets: ["TollgateJSON"]),
        .library(name: "TollgateJavaRegex", targets: ["TollgateJavaRegex"]),
        .library(name: "TollgateJSONSchema", targets: ["TollgateJSONSchema"]),
        .library(name: "TollgateRateLimit", targets: ["TollgateRateLimit"]),
        .library(name: "TollgatePostgres", targets: ["TollgatePostgres"]),
        .library(name: "TollgateVTL", targets: ["TollgateVTL"]),
        .library(name: "TollgateAuth", targets: ["TollgateAuth"]),
        .library(name: "TollgateGateway", targets: ["TollgateGateway"]),
        .library(name: "TollgateOpenAPI", targets: ["TollgateOpenAPI"]),
        .library(name: "TollgateBackends", targets: ["TollgateBackends"]),
        .library(name: "TollgateHummingbird", targets: ["TollgateHummingbird"]),
        .library(name: "TollgateVapor", targets: ["TollgateVapor"]),
        .executable(name: "tollgate", targets: ["TollgateCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-extras/swift-extras-base64.git", from: "1.2.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "4.1.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        // `make docs`: the DocC reference of each library (`swift package generate-documentation`).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin.git", from: "1.5.0"),
    ],
    targets: [
        .target(name: "TollgateJSON", swiftSettings: swiftSettings),
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),
        .target(name: "TollgateJavaRegex", dependencies: ["CPCRE2"], swiftSettings: swiftSettings),
        .target(name: "TollgateJSONSchema", dependencies: ["TollgateJSON", "TollgateJavaRegex"], swiftSettings: swiftSettings),
        .target(name: "TollgateRateLimit", swiftSettings: swiftSettings),
        .target(
            name: "TollgatePostgres",
            dependencies: [
                "TollgateRateLimit", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"), .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TollgateVTL",
            dependencies: ["TollgateJSON", "TollgateJavaRegex", .product(name: "ExtrasBase64", package: "swift-extras-base64")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TollgateAuth",
            dependencies: [
                "TollgateJSON", .product(name: "JWTKit", package: "jwt-kit"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ExtrasBase64", package: "swift-extras-base64"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TollgateGateway",
            dependencies: [
                "TollgateJSON", "TollgateJSONSchema", "TollgateJavaRegex", "TollgateVTL", "TollgateRateLimit", "TollgateAuth",
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TollgateOpenAPI",
            dependencies: ["TollgateGateway", "TollgateJSON", "TollgateRateLimit", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TollgateBackends",
            dependencies: [
                "TollgateGateway", "TollgateAuth", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TollgateHummingbird",
            dependencies: [
                "TollgateGateway", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TollgateVapor",
            dependencies: [
                "TollgateGateway", .product(name: "Vapor", package: "vapor"), .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "TollgateCLI",
            dependencies: [
                "TollgateJSON",
                "TollgateJavaRegex",
                "TollgateJSONSchema",
                "TollgateRateLimit",
                "TollgatePostgres",
                "TollgateVTL",
                "TollgateGateway",
                "TollgateOpenAPI",
                "TollgateBackends",
                "TollgateHummingbird",
                "TollgateAuth",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TollgateJSONTests", dependencies: ["TollgateJSON", "_TollgateTestSupport"], swiftSettings: swiftSettings),
        // Helpers the test targets share (the oracles' line escaping, a seeded generator, the fixtures and
        // a request through a gateway); not a product.
        .target(
            name: "_TollgateTestSupport",
            dependencies: [
                "TollgateGateway", "TollgateOpenAPI", .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "JWTKit", package: "jwt-kit"), .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "ExtrasBase64", package: "swift-extras-base64"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TollgateJavaRegexTests",
            dependencies: ["TollgateJavaRegex", "TollgateJSON", "_TollgateTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TollgateJSONSchemaTests",
            dependencies: ["TollgateJSONSchema", "TollgateJSON", "_TollgateTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TollgateAuthTests",
            dependencies: ["TollgateAuth", "TollgateJSON", "_TollgateTestSupport", .product(name: "ExtrasBase64", package: "swift-extras-base64")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TollgateRateLimitTests", dependencies: ["TollgateRateLimit"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TollgatePostgresTests",
            dependencies: [
                "TollgatePostgres", "TollgateRateLimit", "_TollgateTestSupport", .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TollgateVTLTests", dependencies: ["TollgateVTL", "TollgateJSON", "_TollgateTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TollgateBackendsTests",
            dependencies: [
                "TollgateBackends", "TollgateGateway", "TollgateOpenAPI", "TollgateAuth", "TollgateJSON", "_TollgateTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TollgateHummingbirdTests",
            dependencies: [
                "TollgateHummingbird", "TollgateGateway", "TollgateOpenAPI", "_TollgateTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TollgateVaporTests",
            dependencies: [
                "TollgateVapor", "TollgateGateway", "TollgateOpenAPI", "_TollgateTestSupport",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "VaporTesting", package: "vapor"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TollgateGatewayTests",
            dependencies: [
                "TollgateGateway", "TollgateOpenAPI", "TollgateJSON", "TollgateRateLimit", "TollgateAuth",
                "_TollgateTestSupport", .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "MetricsTestKit", package: "swift-metrics"), .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TollgateOpenAPITests",
            dependencies: [
                "TollgateOpenAPI", "TollgateGateway", "TollgateJSON", "TollgateRateLimit", "TollgateAuth", "_TollgateTestSupport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TollgateCLITests", dependencies: ["TollgateCLI", "_TollgateTestSupport"], swiftSettings: swiftSettings),
        // What the fuzz targets do with an input (`make fuzz`), and the replay of every input a campaign
        // found (Fixtures/fuzz/); not a product.
        .target(
            name: "_TollgateFuzzing",
            dependencies: [
                "TollgateJSON", "TollgateJSONSchema", "TollgateJavaRegex", "TollgateVTL", "TollgateGateway", "TollgateOpenAPI",
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TollgateFuzzRegressionTests", dependencies: ["_TollgateFuzzing", "_TollgateTestSupport"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "AuthBenchmarks",
            dependencies: [
                "TollgateAuth", "_TollgateTestSupport", .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/AuthBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "JSONBenchmarks",
            dependencies: ["TollgateJSON", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/JSONBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "JavaRegexBenchmarks",
            dependencies: ["TollgateJavaRegex", "CPCRE2", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/JavaRegexBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "JSONSchemaBenchmarks",
            dependencies: ["TollgateJSONSchema", "TollgateJSON", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/JSONSchemaBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "VTLBenchmarks",
            dependencies: ["TollgateVTL", "TollgateJSON", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/VTLBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "GatewayBenchmarks",
            dependencies: [
                "TollgateGateway", "TollgateOpenAPI", "TollgateBackends", "TollgateAuth", "TollgateRateLimit",
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/GatewayBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "BareHummingbird",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types")],
            path: "Benchmarks/BareHummingbird",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "RateLimitBenchmarks",
            dependencies: ["TollgateRateLimit", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/RateLimitBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)

// The libFuzzer driver, only when `make fuzz` builds it (TOLLGATE_FUZZ=1, its own build folder, with
// TOLLGATE_FUZZER_LIB the toolchain's libFuzzer): an ordinary build has no libFuzzer to link it with.
if ProcessInfo.processInfo.environment["TOLLGATE_FUZZ"] == "1" {
    let fuzzer = ProcessInfo.processInfo.environment["TOLLGATE_FUZZER_LIB"] ?? ""
    package.targets.append(
        .executableTarget(
            name: "TollgateFuzz",
            dependencies: ["_TollgateFuzzing"],
            path: "Fuzz/TollgateFuzz",
            swiftSettings: swiftSettings,
            linkerSettings: [.unsafeFlags(["-Xlinker", fuzzer, "-lstdc++"])]
        )
    )
}

// make test's sanitizer passes (TOLLGATE_SANITIZE=address for test-asan, =thread for test-tsan):
// Tollgate's own targets, where its unsafe code is, are compiled and linked with the sanitizer; the
// dependencies are not, so a pass reuses their build in .build and only Tollgate's modules are
// compiled again.
if let sanitizer = ProcessInfo.processInfo.environment["TOLLGATE_SANITIZE"], !sanitizer.isEmpty {
    for target in package.targets where target.type != .system && !(target.path ?? "").hasPrefix("Benchmarks") {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-sanitize=\(sanitizer)"])]
        target.linkerSettings = (target.linkerSettings ?? []) + [.unsafeFlags(["-sanitize=\(sanitizer)"])]
    }
}
