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
struct StoredUploadID {
    /// The id's wire form.
    let text: String
    /// Its 16 bytes as two big-endian halves, when it is a generated id.
    private let halves: (high: UInt64, low: UInt64)?

    /// The stored form of `id`, worked out once for every statement of an operation that binds it
    /// (an UploadPart binds its upload's id four times).
    init(_ id: String) {
        text = id
        // Over the contiguous bytes: iterating `utf8` here cost 6,000 instructions a call (callgrind).
        var id = id
        halves = id.withUTF8 { digits -> (UInt64, UInt64)? in
            guard digits.count == 32 else { return nil }
            var high: UInt64 = 0, low: UInt64 = 0
            for i in 0..<16 {
                guard let h = Self.digit(digits[i]), let l = Self.digit(digits[16 + i]) else { return nil }
                high = high << 4 | UInt64(h)
                low = low << 4 | UInt64(l)
            }
            return (high, low)
        }
    }

    /// The stored form of `id`.
    init(_ id: UploadID) { self.init(id.value) }

    /// Whether the id is one Tessera generated (stored as its bytes).
    var isGenerated: Bool { halves != nil }

    /// Calls `body` with the 16 bytes of a generated id, or with nil for any other id.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer?) throws -> R) rethrows -> R {
        guard let halves else { return try body(nil) }
        let bigEndian = (halves.high.bigEndian, halves.low.bigEndian)
        return try withUnsafeBytes(of: bigEndian) { try body($0) }
    }

    /// The 16 bytes of a generated id; nil for any other.
    var bytes: [UInt8]? { withBytes { $0.map { Array($0) } } }

    /// The value stored.
    var databaseValue: DatabaseValue { withBytes { $0.map { Data($0).databaseValue } } ?? text.databaseValue }

    /// Binds the value stored as the next value.
    func bind(_ b: inout Bindings) {
        withBytes { bytes in
            if let bytes { b.blob(bytes) } else { b.text(text) }
        }
    }

    /// The value of a lower-case hex digit; nil for any other byte (an upper-case digit is not
    /// one a generated id has, and ids are compared case-sensitively: `Identifiers.hexValue`
    /// takes either case).
    private static func digit(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 97...102: c - 87
        default: nil
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

    /// The condition "an id after `id`", for an id that is not generated (a client's
    /// `upload-id-marker` need not be an id at all), in the UTF-8 order of ids, as SQL over
    /// `column` with its arguments. `Codecs.rangeClause` puts it beside "the same key"; for a
    /// generated id it uses the row value `(key, upload_id) > (?, ?)`, which SQLite scans as one
    /// index range.
    ///
    /// The id compares with the TEXT ids as text, and with the generated ids through
    /// ``smallestGeneratedID(after:)``: those after it are those at or after that one, and when
    /// there is none, no generated id is after it.
    static func after(_ id: String, column: String) -> (sql: String, arguments: [DatabaseValue]) {
        let asText = "(\(column) < X'' AND \(column) > ?)"  // every TEXT is below every BLOB
        guard let next = smallestGeneratedID(after: id) else { return (asText, [id.databaseValue]) }
        return ("(\(asText) OR \(column) >= ?)", [id.databaseValue, StoredUploadID(next).databaseValue])
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
        return StoredUploadID(s).databaseValue
    }
}
