import CTesseraCRC

/// A reflected 32-bit CRC, parameterised by its polynomial.
/// `CRC32.ieee` is the CRC-32 AWS calls CRC32; `CRC32.castagnoli` is CRC32C.
///
/// Both run in hardware where the CPU has it (CRC-32 by carry-less multiplication, CRC-32C by
/// SSE 4.2's `crc32`, in `CTesseraCRC`); slicing-by-8 tables do the rest: a tail under 16 bytes,
/// other CPUs, and the tests' reference. The tables cost 5 instructions a byte (callgrind), about
/// as much server CPU per MiB as all the rest of an upload of a client that sends CRC32, as boto3
/// and the AWS SDKs do by default (docs/benchmarks.md).
public struct CRC32: Sendable {
    /// The hardware path a polynomial has, if any.
    enum Hardware: Sendable { case none, ieee, castagnoli }

    private let tables: [[UInt32]]
    private let hardware: Hardware
    private var state: UInt32 = 0xFFFF_FFFF

    /// The CRC-32/ISO-HDLC (IEEE) parameters.
    public static var ieee: CRC32 { CRC32(tables: CRC32.ieeeTables, hardware: .ieee) }
    /// The CRC-32C (Castagnoli) parameters.
    public static var castagnoli: CRC32 { CRC32(tables: CRC32.castagnoliTables, hardware: .castagnoli) }

    private static let ieeeTables = makeTables(0xEDB8_8320)
    private static let castagnoliTables = makeTables(0x82F6_3B78)

    private init(tables: [[UInt32]], hardware: Hardware) {
        self.tables = tables
        self.hardware = hardware
    }

    /// The same CRC computed by the tables alone (the reference the hardware paths are tested against).
    func tablesOnly() -> CRC32 {
        var c = CRC32(tables: tables, hardware: .none)
        c.state = state
        return c
    }

    private static func makeTables(_ poly: UInt32) -> [[UInt32]] {
        var t = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 8)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ poly : c >> 1 }
            t[0][i] = c
        }
        for i in 0..<256 {
            for k in 1..<8 { t[k][i] = (t[k - 1][i] >> 8) ^ t[0][Int(t[k - 1][i] & 0xFF)] }
        }
        return t
    }

    /// Feeds bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        var crc = state
        let taken: Int
        switch hardware {
        case .none: taken = 0
        case .ieee: taken = tessera_crc32_ieee_clmul(&crc, base, bytes.count)
        case .castagnoli: taken = tessera_crc32c_sse42(&crc, base, bytes.count)
        }
        state = crc
        if taken < bytes.count { updateByTables(UnsafeRawBufferPointer(rebasing: bytes[taken...])) }
    }

    /// Feeds bytes through the slicing-by-8 tables.
    private mutating func updateByTables(_ bytes: UnsafeRawBufferPointer) {
        var crc = state
        tables.withUnsafeBufferPointer { tp in
            let t0 = tp[0], t1 = tp[1], t2 = tp[2], t3 = tp[3], t4 = tp[4], t5 = tp[5], t6 = tp[6], t7 = tp[7]
            t0.withUnsafeBufferPointer { t0 in t1.withUnsafeBufferPointer { t1 in t2.withUnsafeBufferPointer { t2 in
            t3.withUnsafeBufferPointer { t3 in t4.withUnsafeBufferPointer { t4 in t5.withUnsafeBufferPointer { t5 in
            t6.withUnsafeBufferPointer { t6 in t7.withUnsafeBufferPointer { t7 in
                var i = 0
                let n = bytes.count
                while i + 8 <= n {
                    let lo = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt32.self)) ^ crc
                    let hi = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: i + 4, as: UInt32.self))
                    crc = t7[Int(lo & 0xFF)] ^ t6[Int((lo >> 8) & 0xFF)] ^ t5[Int((lo >> 16) & 0xFF)] ^ t4[Int(lo >> 24)]
                        ^ t3[Int(hi & 0xFF)] ^ t2[Int((hi >> 8) & 0xFF)] ^ t1[Int((hi >> 16) & 0xFF)] ^ t0[Int(hi >> 24)]
                    i += 8
                }
                while i < n {
                    crc = (crc >> 8) ^ t0[Int((crc ^ UInt32(bytes[i])) & 0xFF)]
                    i += 1
                }
            } } } } } } } }
        }
        state = crc
    }

    /// Feeds bytes from an array.
    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// The CRC of everything fed so far.
    public var value: UInt32 { state ^ 0xFFFF_FFFF }
    /// The big-endian digest bytes.
    public var digest: [UInt8] { let v = value; return [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
}
