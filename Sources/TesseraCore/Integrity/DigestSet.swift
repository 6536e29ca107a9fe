import Crypto
public import NIOCore

/// Hashes a body while it streams: always MD5 (the ETag), plus whatever checksums the
/// ``IntegrityCheck`` declares or asks for. ``finish()`` verifies the declarations. The MD5 is
/// its own, or a stream of ``MD5Lanes`` given to ``update(_:md5:)`` and ``finish(md5:)``.
public struct DigestSet {
    private var md5 = MD5()
    private var sha256: SHA256?
    private var sha1: Insecure.SHA1?
    private var crc32: CRC32?
    private var crc32c: CRC32?
    private var crc64: CRC64NVME?
    private var blocks: SHA1BlockDigest?
    private let check: IntegrityCheck
    /// Bytes seen so far.
    public private(set) var count: Int64 = 0

    /// Prepares the hashers `check` needs.
    public init(check: IntegrityCheck) {
        self.check = check
        var algos = check.compute
        check.checksums.forEach { algos.insert($0.algorithm) }
        if let t = check.trailing { algos.formUnion(t.expected) }
        if algos.contains(.sha256) || check.payloadSHA256 != nil { sha256 = SHA256() }
        if algos.contains(.sha1) { sha1 = Insecure.SHA1() }
        if algos.contains(.crc32) { crc32 = .ieee }
        if algos.contains(.crc32c) { crc32c = .castagnoli }
        if algos.contains(.crc64nvme) { crc64 = CRC64NVME() }
        if check.ufileETag { blocks = SHA1BlockDigest() }
    }

    /// Feeds a buffer.
    public mutating func update(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { md5.update($0) }
        updateChecksums(buffer)
    }

    /// Feeds a buffer whose MD5 goes through `lanes` (every buffer of the body, then
    /// ``finish(md5:)`` with the same stream).
    public mutating func update(_ buffer: ByteBuffer, md5 lanes: MD5Lanes.Stream) async {
        await lanes.append(buffer)
        updateChecksums(buffer)
    }

    /// Counts the buffer and feeds every hasher but MD5.
    private mutating func updateChecksums(_ buffer: ByteBuffer) {
        count += Int64(buffer.readableBytes)
        buffer.withUnsafeReadableBytes { p in
            sha256?.update(bufferPointer: p)
            sha1?.update(bufferPointer: p)
            crc32?.update(p)
            crc32c?.update(p)
            crc64?.update(p)
            blocks?.update(p)
        }
    }

    /// The digests, once all bytes are in.
    public struct Result: Sendable, Hashable {
        /// Raw MD5.
        public var md5: [UInt8]
        /// The checksums computed (declared or requested).
        public var checksums: [Checksum]
        /// Byte count.
        public var size: Int64
        /// UFile's ETag, when asked for.
        public var ufileETag: String?
    }

    /// Finishes hashing and verifies every declaration; throws `badDigest` or
    /// `badDigest` (context: the digest) on a mismatch.
    public func finish() throws(StorageError) -> Result {
        try finish(md5: md5.finalize())
    }

    /// ``finish()`` for a body fed with ``update(_:md5:)``: its MD5 is the lanes stream's.
    public func finish(md5 lanes: MD5Lanes.Stream) async throws(StorageError) -> Result {
        try finish(md5: await lanes.finish())
    }

    private func finish(md5 md5Bytes: [UInt8]) throws(StorageError) -> Result {
        if let declared = check.contentMD5, Base64.decode(declared) != md5Bytes {
            throw StorageError(.badDigest, "The Content-MD5 you specified did not match what we received.",
                               context: ErrorContext(digest: .init(kind: .content, declared: declared, computed: Base64.encode(md5Bytes))))
        }
        let shaBytes = sha256.map { Array($0.finalize()) }
        if let declared = check.payloadSHA256, let shaBytes, declared.lowercased() != Identifiers.hex(shaBytes) {
            throw StorageError(.badDigest, "The body's SHA-256 that the signature covers does not match what was computed.",
                               context: ErrorContext(digest: .init(kind: .signedPayloadSHA256, declared: declared, computed: Identifiers.hex(shaBytes))))
        }
        var computed: [Checksum] = []
        if let c = crc32 { computed.append(Checksum(algorithm: .crc32, base64: Base64.encode(c.digest))) }
        if let c = crc32c { computed.append(Checksum(algorithm: .crc32c, base64: Base64.encode(c.digest))) }
        if let c = crc64 { computed.append(Checksum(algorithm: .crc64nvme, base64: Base64.encode(c.digest))) }
        if let s = sha1 { computed.append(Checksum(algorithm: .sha1, base64: Base64.encode(Array(s.finalize())))) }
        if let shaBytes, check.compute.contains(.sha256) || check.checksums.contains(where: { $0.algorithm == .sha256 }) {
            computed.append(Checksum(algorithm: .sha256, base64: Base64.encode(shaBytes)))
        }
        var declaredAll = check.checksums
        if let t = check.trailing {
            let received = t.received
            for a in t.expected where !received.contains(where: { $0.algorithm == a }) {
                throw StorageError(.invalidRequest, "The \(a.rawValue) checksum trailer was announced but not sent.",
                                   context: ErrorContext(argument: .init(name: "checksum-\(a.headerSuffix)", value: "")))
            }
            declaredAll += received
        }
        for declared in declaredAll {
            guard let mine = computed.first(where: { $0.algorithm == declared.algorithm }), mine.base64 == declared.base64 else {
                throw StorageError(.badDigest, "The \(declared.algorithm.rawValue) you specified did not match the calculated checksum.")
            }
        }
        return Result(md5: md5Bytes, checksums: computed, size: count, ufileETag: blocks?.etag)
    }
}
