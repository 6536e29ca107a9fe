public import Foundation
/// Random identifiers with a time-ordered prefix.
public enum Identifiers {
    /// Random bytes from the system generator.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        // Eight bytes per call of the generator (each call is a system call).
        var g = SystemRandomNumberGenerator()
        var out = [UInt8]()
        out.reserveCapacity(count + 7)
        while out.count < count {
            withUnsafeBytes(of: g.next() as UInt64) { out.append(contentsOf: $0) }
        }
        out.removeLast(out.count - count)
        return out
    }

    /// The bytes of a hex string (either case); `nil` if it is not an even run of hex digits.
    public static func bytes(fromHex s: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count / 2)
        var it = s.utf8.makeIterator()
        while let a = it.next() {
            guard let b = it.next(), let h = hexValue(a), let l = hexValue(b) else { return nil }
            out.append(h << 4 | l)
        }
        return out
    }

    /// Lower-case hex of `bytes`.
    ///
    /// Written straight into the string's storage from contiguous bytes: appending to an array
    /// with no size known (a digest's `underestimatedCount` is 0) cost 40,000 instructions per
    /// request in the two hex strings of a SigV4 check (callgrind, docs/benchmarks.md).
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        if let s = bytes.withContiguousStorageIfAvailable({ hex(raw: UnsafeRawBufferPointer($0)) }) { return s }
        return Array(bytes).withUnsafeBytes { hex(raw: $0) }
    }

    /// Lower-case hex of a digest or MAC (read in place; iterating one copies it into an array first).
    public static func hex(digest: some ContiguousBytes) -> String {
        digest.withUnsafeBytes { hex(raw: $0) }
    }

    /// Lower-case hex of raw bytes.
    ///
    /// Each byte's two digits are one load from ``hexPairs`` and one 16-bit store: an upload id of
    /// a listing page (16 bytes) costs 196 instructions, where digit by digit it cost 379
    /// (callgrind, docs/benchmarks.md, "The thirty-third pass"); making the `String` costs more.
    public static func hex(raw: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: raw.count * 2) { out in
            guard let destination = UnsafeMutableRawPointer(out.baseAddress) else { return 0 }
            hexPairs.withUnsafeBufferPointer { pairs in
                for (i, b) in raw.enumerated() {
                    destination.storeBytes(of: pairs[Int(b)], toByteOffset: 2 * i, as: UInt16.self)
                }
            }
            return raw.count * 2
        }
    }

    /// The two lower-case hex digits of each byte value, in the order they are written (the
    /// first digit in the low byte of a little-endian `UInt16`).
    private static let hexPairs: [UInt16] = (0...255).map { (b: Int) in
        (UInt16(hexDigit(UInt8(b & 0x0F))) << 8 | UInt16(hexDigit(UInt8(b >> 4)))).littleEndian
    }

    /// The lower-case hex digit (ASCII) of a value 0...15.
    @inline(__always)
    public static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 48 + v : 87 + v }

    /// The value of an ASCII hex digit (either case), or nil.
    @inline(__always)
    public static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 65...70: c - 55
        case 97...102: c - 87
        default: nil
        }
    }
}

/// An upload id. New ids are time-ordered: 16 hex digits of the initiation time in
/// microseconds, then 16 random hex digits, so ids of one key sort by initiation.
public struct UploadID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The id as it appears on the wire.
    public let value: String

    /// Wraps an id from the wire or from storage.
    public init(_ value: String) { self.value = value }

    /// A fresh id for an upload initiated at `time`: ``timeBytes(_:)`` then 8 random bytes, in hex.
    public static func generate(at time: Timestamp) -> UploadID {
        UploadID(Identifiers.hex(timeBytes(time)) + Identifiers.hex(Identifiers.randomBytes(8)))
    }

    /// The first 8 bytes of every id generated at `time`: its microseconds, big-endian (a store
    /// may order uploads by initiation through them).
    public static func timeBytes(_ time: Timestamp) -> [UInt8] {
        let t = UInt64(bitPattern: time.microseconds)
        return (0..<8).map { UInt8(truncatingIfNeeded: t >> (56 - 8 * UInt64($0))) }
    }

    /// Orders by UTF-8 bytes.
    public static func < (a: UploadID, b: UploadID) -> Bool { a.value.utf8.lexicographicallyPrecedes(b.value.utf8) }
    /// The id.
    public var description: String { value }
}

/// The name of one immutable blob in the ``BlobStore``. Never derived from a key.
public struct BlobID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// 32 lower-case hex digits.
    public let value: String

    /// Wraps a stored id.
    public init(_ value: String) { self.value = value }

    /// A fresh random id.
    public static func generate() -> BlobID { BlobID(Identifiers.hex(Identifiers.randomBytes(16))) }

    /// The id.
    public var description: String { value }
}
