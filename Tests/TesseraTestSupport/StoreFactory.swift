public import TesseraCore
public import Foundation
import TesseraSQLite

/// Every ``MetadataStore`` implementation, for suites that must hold for all of them
/// (`@Test(arguments: StoreKind.allCases)`).
public enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    /// ``InMemoryMetadataStore``.
    case memory
    /// The SQLite store in a fresh temporary directory.
    case sqlite

    /// The name shown in test results.
    public var description: String { rawValue }

    /// A new, empty store.
    public func make() throws -> any MetadataStore {
        switch self {
        case .memory: return InMemoryMetadataStore()
        case .sqlite: return try SQLiteMetadataStore(path: try StoreKind.temporaryDirectory().appendingPathComponent("m.sqlite").path)
        }
    }

    /// A fresh directory under the system's temporary directory.
    public static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
