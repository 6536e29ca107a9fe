import Foundation
import TesseraCore

/// The value last decoded from one column of a statement's rows, given again while the rows
/// repeat its bytes.
///
/// A listing's rows share their bucket, nearly always their owner, and often their attributes
/// (objects put by one tool carry the same content type): each new `String` is a UTF-8
/// validation and often an allocation, and attributes a parse of their JSON (2,363 instructions
/// a listed object). Comparing the bytes with the last text costs a `memcmp`.
struct Repeated<Value> {
    private var text: String?
    private var value: Value?

    /// Column `i`'s value (its text as `decode` makes it; "" for NULL), from the last row's when
    /// its bytes are the same.
    mutating func read(_ c: Columns, _ i: Int32, _ decode: (String) throws -> Value) rethrows -> Value {
        try c.withBytes(i) { raw in
            if var known = text, let value, known.withUTF8({ Self.same($0, raw) }) { return value }
            let fresh = String(decoding: raw, as: UTF8.self)
            let decoded = try decode(fresh)
            text = fresh
            value = decoded
            return decoded
        }
    }

    private static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let x = a.baseAddress, let y = b.baseAddress else { return true }
        return memcmp(x, y, a.count) == 0
    }
}

/// The columns of object rows that repeat from row to row (``Codecs/object(_:_:)``): one for each
/// statement read, so that a listing page decodes its bucket, owner and common attributes once:
/// a 1,000-object ListObjectsV2 page -13 % instructions, its objects sharing their attributes
/// (callgrind, docs/benchmarks.md, the twentieth pass).
final class ObjectRepeats {
    var bucket = Repeated<BucketName>()
    var ownerID = Repeated<String>()
    var ownerName = Repeated<String>()
    var attributes = Repeated<ObjectAttributes>()
}

/// The columns of upload rows that repeat from row to row (``Codecs/upload(_:listed:_:)``): the
/// bucket, the owner, the dialect and a listed upload's storage class.
final class UploadRepeats {
    var bucket = Repeated<BucketName>()
    var ownerID = Repeated<String>()
    var ownerName = Repeated<String>()
    var dialect = Repeated<Dialect>()
    var storageClass = Repeated<ObjectAttributes>()
}
