public import TesseraCore
public import Foundation
import TesseraSQLite
public import TesseraPostgres

/// Every ``MetadataStore`` implementation, for suites that must hold for all of them
/// (`@Test(arguments: StoreKind.allCases)`).
public enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    /// ``InMemoryMetadataStore``.
    case memory
    /// The SQLite store in a fresh temporary directory.
    case sqlite
    /// The PostgreSQL store in a fresh schema of the server `TESSERA_TEST_POSTGRES` names
    /// (`scripts/test.sh` starts one and sets it; it fails the run if the server cannot start).
    case postgres

    /// The kinds this run can make: PostgreSQL when `TESSERA_TEST_POSTGRES` is set.
    public static var allCases: [StoreKind] {
        postgresURL == nil ? [.memory, .sqlite] : [.memory, .sqlite, .postgres]
    }

    /// The test server's URL, if any.
    public static var postgresURL: String? { ProcessInfo.processInfo.environment["TESSERA_TEST_POSTGRES"] }

    /// The name shown in test results.
    public var description: String { rawValue }

    /// A new, empty store.
    public func make() async throws -> any MetadataStore {
        switch self {
        case .memory: return InMemoryMetadataStore()
        case .sqlite: return try SQLiteMetadataStore(path: try StoreKind.temporaryDirectory().appendingPathComponent("m.sqlite").path)
        case .postgres: return try await StoreKind.postgresStore(schema: StoreKind.freshSchema())
        }
    }

    /// A schema name no other test uses.
    public static func freshSchema() -> String { "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased() }

    /// A PostgreSQL store on the test server in `schema` (created if needed), as gateway `gateway`:
    /// two stores on one schema are two gateways sharing a database.
    public static func postgresStore(schema: String, gateway: String = "test", garbageLease: Duration = .seconds(60)) async throws -> PostgresMetadataStore {
        guard let url = postgresURL else { throw PostgresLocation.Invalid(description: "TESSERA_TEST_POSTGRES is not set") }
        let location = try PostgresLocation(parsing: url + (url.contains("?") ? "&" : "?") + "sslmode=disable&schema=\(schema)")
        return try await PostgresMetadataStore.open(location, gateway: gateway, maximumConnections: 4, garbageLease: garbageLease)
    }

    /// A fresh directory under the system's temporary directory.
    public static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
