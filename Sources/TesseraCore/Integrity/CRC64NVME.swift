/// CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5), slicing-by-8.
public struct CRC64NVME: Sendable {
    private static let tables: [[UInt64]] = {
        let poly: UInt64 = 0x9A6C_9329_AC4B_C9B5
        var t = [[UInt64]](repeating: [UInt64](repeating: 0, count: 256), count: 8)
        for i in 0..<256 {
            var c = UInt64(i)
            for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ poly : c >> 1 }
            t[0][i] = c
        }
        for i in 0..<256 {
            for k in 1..<8 { t[k][i] = (t[k - 1][i] >> 8) ^ t[0][Int(t[k - 1][i] & 0xFF)] }
        }
        return t
    }()

    private var state: UInt64 = ~0

    /// A fresh CRC.
    public init() {}

    /// Feeds bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var crc = state
        let t = CRC64NVME.tables
        t[0].withUnsafeBufferPointer { t0 in t[1].withUnsafeBufferPointer { t1 in t[2].withUnsafeBufferPointer { t2 in
        t[3].withUnsafeBufferPointer { t3 in t[4].withUnsafeBufferPointer { t4 in t[5].withUnsafeBufferPointer { t5 in
        t[6].withUnsafeBufferPointer { t6 in t[7].withUnsafeBufferPointer { t7 in
            var i = 0
            let n = bytes.count
            while i + 8 <= n {
                let v = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) ^ crc
                crc = t7[Int(v & 0xFF)] ^ t6[Int((v >> 8) & 0xFF)] ^ t5[Int((v >> 16) & 0xFF)] ^ t4[Int((v >> 24) & 0xFF)]
                    ^ t3[Int((v >> 32) & 0xFF)] ^ t2[Int((v >> 40) & 0xFF)] ^ t1[Int((v >> 48) & 0xFF)] ^ t0[Int(v >> 56)]
                i += 8
            }
            while i < n {
                crc = (crc >> 8) ^ t0[Int((crc ^ UInt64(bytes[i])) & 0xFF)]
                i += 1
            }
        } } } } } } } }
        state = crc
    }

    /// Feeds bytes from an array.
    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// The CRC of everything fed so far.
    public var value: UInt64 { ~state }
    /// The big-endian digest bytes.
    public var digest: [UInt8] { let v = value; return (0..<8).map { UInt8(truncatingIfNeeded: v >> (56 - 8 * UInt64($0))) } }
}
