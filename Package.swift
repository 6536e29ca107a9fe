// swift-tools-version:6.0
import PackageDescription

/// Every target of ours: Swift 6 mode (tools 6.0), `any` spelled out, imports internal unless
/// marked `public import`.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("InternalImportsByDefault")]

let package = Package(
    name: "Tessera",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tessera", targets: ["tessera"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-async-algorithms.git", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
        // HTTPS (--tls-cert / --tls-key); already under Hummingbird's TLS support.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.27.0"),
        // Metadata of several gateways (--metadata postgres://…): the design's chosen driver.
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.21.0"),
        // The web console's server-rendered pages (the design's chosen template engine).
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.0.0"),
    ],
    targets: [
        // MD5 of four streams in the lanes of a vector (the ETag of concurrent uploads); C for the
        // vector types, which Swift's SIMD shifts do not lower to (they compile to scalar rotates).
        .target(name: "CTesseraMD5"),
        // CRC-32 by carry-less multiplication and CRC-32C by SSE 4.2 (the checksums boto3 and the
        // AWS SDKs send with every upload); C for the intrinsics, which Swift does not expose.
        .target(name: "CTesseraCRC"),
        // SQLite's process-wide configuration: `sqlite3_config` is variadic, which Swift cannot call.
        // Whether a blob's range is in the page cache (`cachestat(2)`): `syscall` is variadic.
        .target(name: "CTesseraPageCache"),
        .target(name: "CTesseraSQLiteConfig", dependencies: [.product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .target(name: "TesseraCore", dependencies: [
            "CTesseraMD5", "CTesseraCRC",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        .target(name: "TesseraSQLite", dependencies: [
            "TesseraCore", "CTesseraSQLiteConfig",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ], swiftSettings: strict),
        .target(name: "TesseraPostgres", dependencies: [
            "TesseraCore",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ], swiftSettings: strict),
        .target(name: "TesseraFiles", dependencies: [
            "TesseraCore", "CTesseraPageCache",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "_NIOFileSystem", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ], swiftSettings: strict),
        .target(name: "TesseraHTTP", dependencies: [
            "TesseraCore",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"),
        ], swiftSettings: strict),
        .target(name: "DialectS3", dependencies: [
            "TesseraCore", "TesseraHTTP",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ], swiftSettings: strict),
        .target(name: "DialectBOS", dependencies: [
            "TesseraCore", "TesseraHTTP",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        .target(name: "DialectUFile", dependencies: [
            "TesseraCore", "TesseraHTTP",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"),
        ], swiftSettings: strict),
        // One client connection's handlers: the guard, the HTTP/1.1 codec, the request dispatcher
        // and the bodies both ways. Only NIO and the wire types: the fuzz harness builds them alone.
        .target(name: "TesseraConnections", dependencies: [
            "TesseraHTTP",
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
        ], swiftSettings: strict),
        .target(name: "TesseraServer", dependencies: [
            "TesseraCore", "TesseraHTTP", "TesseraConnections", "TesseraSQLite", "TesseraPostgres", "TesseraFiles", "DialectS3", "DialectBOS", "DialectUFile",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        .target(name: "TesseraBench", dependencies: [
            "TesseraServer", "TesseraCore", "TesseraHTTP", "TesseraSQLite", "DialectS3",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ], swiftSettings: strict),
        .executableTarget(name: "tessera", dependencies: [
            "TesseraServer", "TesseraBench", "TesseraCore", "DialectS3",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "NIOCore", package: "swift-nio"),
        ], swiftSettings: strict),
        .target(name: "TesseraTestSupport", dependencies: [
            "TesseraCore", "TesseraHTTP", "TesseraSQLite", "TesseraPostgres",
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ], path: "Tests/TesseraTestSupport", swiftSettings: strict),
        .testTarget(name: "TesseraFilesTests", dependencies: [
            "TesseraCore", "TesseraFiles", "TesseraTestSupport",
            .product(name: "NIOCore", package: "swift-nio"),
        ], swiftSettings: strict),
        .testTarget(name: "TesseraCoreTests", dependencies: [
            "TesseraCore", "TesseraTestSupport", "CTesseraCRC",
            // The reference the engine's own MD5 is checked against.
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        .testTarget(name: "TesseraHTTPTests", dependencies: [
            "TesseraCore", "TesseraHTTP", "TesseraTestSupport", .product(name: "HTTPTypes", package: "swift-http-types"),
        ], swiftSettings: strict),
        .testTarget(name: "TesseraSQLiteTests", dependencies: [
            "TesseraCore", "TesseraSQLite", "TesseraPostgres", "TesseraTestSupport", .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ], swiftSettings: strict),
        .testTarget(name: "DialectUFileTests", dependencies: ["DialectUFile", "TesseraCore", "TesseraHTTP", "TesseraTestSupport"],
                    resources: [.copy("Golden")], swiftSettings: strict),
        .testTarget(name: "DialectBOSTests", dependencies: ["DialectBOS", "TesseraCore", "TesseraHTTP", "TesseraTestSupport"],
                    resources: [.copy("Golden")], swiftSettings: strict),
        .testTarget(name: "DialectS3Tests", dependencies: ["DialectS3", "TesseraCore", "TesseraHTTP", "TesseraTestSupport"],
                    resources: [.copy("Golden")], swiftSettings: strict),
        .testTarget(name: "TesseraConnectionsTests", dependencies: [
            "TesseraConnections", "TesseraHTTP", "TesseraTestSupport",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ], swiftSettings: strict),
        .testTarget(name: "TesseraServerTests", dependencies: [
            "TesseraServer", "TesseraCore", "TesseraHTTP", "TesseraTestSupport", "DialectS3", "DialectBOS", "DialectUFile",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ], swiftSettings: strict),
    ]
)

// The libFuzzer harness (`Fuzz/`), declared only for `scripts/fuzz.sh` (TESSERA_FUZZ=1), which
// builds it with `-sanitize=fuzzer` in its own build folder: libFuzzer supplies `main`.
if Context.environment["TESSERA_FUZZ"] == "1" {
    package.products.append(.executable(name: "tessera-fuzz", targets: ["TesseraFuzz"]))
    package.targets.append(.target(name: "FuzzDriver", path: "Fuzz/Driver"))
    package.targets.append(.executableTarget(name: "TesseraFuzz", dependencies: [
        "FuzzDriver", "TesseraCore", "TesseraHTTP", "DialectS3", "DialectBOS", "DialectUFile", "TesseraConnections",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        .product(name: "NIOEmbedded", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Logging", package: "swift-log"),
    ], path: "Fuzz/Sources", swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
}
