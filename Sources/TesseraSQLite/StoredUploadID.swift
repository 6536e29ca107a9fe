import Foundation
import GRDB
import TesseraCore

/// How the `upload_id` columns of `uploads`, `parts` and `completions` hold an upload id
/// (migration v12): an id Tessera generated (32 lower-case hex digits, ``UploadID/generate(at:)``)
/// as its 16 bytes, a BLOB; any other id (tests, or a store filled by hand) as its TEXT.
///
/// The id is a key column of the `uploads` table and of its three indexes, and of `parts`: as
/// 16 bytes instead of 32 characters it saves 64 bytes an upload and 16 a part
/// (docs/benchmarks.md). Within one key, SQLite orders TEXT before BLOB; among generated ids the
/// bytes order as their hex digits do, so a listing of generated ids is in the UTF-8 order of
/// their wire form, as every store's is.
enum StoredUploadID {
    /// Calls `body` with the 16 bytes of a generated id, or with nil for any other id. The bytes
    /// live on the stack: every initiate, UploadPart and HEAD of an upload binds an id.
    static func withBytes<R>(_ id: String, _ body: (UnsafeRawBufferPointer?) throws -> R) rethrows -> R {
        var id = id
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { out in
            let generated = id.withUTF8 { digits -> Bool in
                guard digits.count == 32 else { return false }
                for j in 0..<16 {
                    guard let high = digit(digits[2 * j]), let low = digit(digits[2 * j + 1]) else { return false }
                    out[j] = high << 4 | low
                }
                return true
            }
            return try body(generated ? UnsafeRawBufferPointer(out) : nil)
        }
    }

    /// The value of a lower-case hex digit; nil for any other byte (an upper-case digit is not
    /// one a generated id has).
    private static func digit(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 97...102: c - 87
        default: nil
        }
    }

    /// The 16 bytes of a generated id; nil for any other.
    static func bytes(_ id: String) -> [UInt8]? {
        withBytes(id) { $0.map { Array($0) } }
    }

    /// The stored value of `id`.
    static func databaseValue(_ id: String) -> DatabaseValue {
        bytes(id).map { Data($0).databaseValue } ?? id.databaseValue
    }

    /// Binds the stored value of `id` as the next value.
    static func bind(_ id: String, _ b: inout Bindings) {
        withBytes(id) { bytes in
            if let bytes { b.blob(bytes) } else { b.text(id) }
        }
    }

    /// The id stored in column `i`.
    static func read(_ c: Columns, _ i: Int32) -> UploadID {
        c.isText(i) ? UploadID(c.text(i)) : UploadID(c.withBytes(i) { Identifiers.hex(raw: $0) })
    }

    /// The id stored in `value` (a column read through GRDB's `Row`).
    static func read(_ value: DatabaseValue) -> UploadID {
        switch value.storage {
        case .blob(let data): UploadID(Identifiers.hex(data))
        case .string(let s): UploadID(s)
        default: UploadID("")
        }
    }

    /// The condition "an id after `id`" in the UTF-8 order of ids, as SQL over `column` with its
    /// arguments (`Codecs.rangeClause` puts it beside "the same key"; for a generated `id` it uses
    /// the row value `(key, upload_id) > (?, ?)` instead, which SQLite scans as one index range).
    ///
    /// A generated id compares as its bytes. Any other id (a client's `upload-id-marker` need not
    /// be an id at all) compares with the TEXT ids as text, and with the generated ids through
    /// ``smallestGeneratedID(after:)``: those after it are those at or after that one, and when
    /// there is none, no generated id is after it.
    static func after(_ id: String, column: String) -> (sql: String, arguments: [DatabaseValue]) {
        if let bytes = bytes(id) { return ("\(column) > ?", [Data(bytes).databaseValue]) }
        let asText = "(\(column) < X'' AND \(column) > ?)"  // every TEXT is below every BLOB
        guard let next = smallestGeneratedID(after: id), let bytes = self.bytes(next) else {
            return (asText, [id.databaseValue])
        }
        return ("(\(asText) OR \(column) >= ?)", [id.databaseValue, Data(bytes).databaseValue])
    }

    /// The smallest generated id (32 lower-case hex digits) greater than `id` in UTF-8 byte
    /// order; nil when there is none (`id` is `ffff…` or starts past `f`).
    static func smallestGeneratedID(after id: String) -> String? {
        let digits = Array("0123456789abcdef".utf8)
        let b = Array(id.utf8)
        var hexPrefix = 0  // how many leading bytes (at most 32) are hex digits
        while hexPrefix < min(b.count, 32), digits.contains(b[hexPrefix]) { hexPrefix += 1 }
        // All of `id` is hex digits and shorter than an id: the id that begins with it and goes
        // on with zeros is the first one after it.
        if hexPrefix == b.count && b.count < 32 {
            return String(decoding: b + Array(repeating: 48, count: 32 - b.count), as: UTF8.self)
        }
        // Otherwise keep the longest prefix that can be kept and raise the next digit by the least.
        for j in stride(from: min(hexPrefix, 31), through: 0, by: -1) {
            if let raised = digits.first(where: { $0 > b[j] }) {
                return String(decoding: b[0..<j] + [raised] + Array(repeating: 48, count: 31 - j), as: UTF8.self)
            }
        }
        return nil
    }

    /// `tessera_upload_id(x)`: the stored form of a TEXT id `x` (for migration v12).
    static let migrationFunction = DatabaseFunction("tessera_upload_id", argumentCount: 1, pure: true) { values in
        guard case .string(let s) = values[0].storage else { return values[0] }
        return databaseValue(s)
    }
}
