import Crypto

/// A part as named by a Complete request.
public struct RequestedPart: Sendable, Hashable {
    /// Engine part number.
    public var number: PartNumber
    /// The ETag the client got for it (quotes optional).
    public var etag: String
    /// Checksums the client lists for it, verified against the stored ones.
    public var checksums: [Checksum]

    /// Creates a requested part.
    public init(number: PartNumber, etag: String, checksums: [Checksum] = []) {
        self.number = number
        self.etag = etag
        self.checksums = checksums
    }
}

/// The pure decision of Complete: validate the requested part list against the stored parts and
/// the upload's rules, and compute the object's manifest, size, ETag and checksums.
public struct CompletionPlan: Sendable, Hashable {
    /// The blobs of the chosen parts, in order.
    public var manifest: [Segment]
    /// Total size.
    public var size: Int64
    /// `md5(concat(binary part md5s))-N`.
    public var etag: ETag
    /// Composite checksums (`<b64>-N`) when every chosen part carries the upload's algorithm.
    public var checksums: [Checksum]
    /// UFile's block ETag, when every part but the last is one whole UFile block and all carry a SHA-1.
    public var ufileETag: String?

    /// Validates and plans. Errors: `invalidPartOrder` (not strictly ascending), `invalidPart`
    /// (missing part, ETag or checksum mismatch), `entityTooSmall` (size rules).
    public init(requested: [RequestedPart], stored: [Part], upload: Upload) throws(StorageError) {
        guard !requested.isEmpty else {
            throw StorageError(.malformedDocument, "You must specify at least one part")
        }
        for (a, b) in zip(requested, requested.dropFirst()) where !(a.number < b.number) {
            throw StorageError(.invalidPartOrder, "The list of parts was not in ascending order. Parts must be ordered by part number.",
                               context: ErrorContext(uploadID: upload.id.value))
        }
        let byNumber = Dictionary(stored.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        let rules = PartRules.rules(for: upload)
        var chosen: [Part] = []
        for (i, want) in requested.enumerated() {
            guard let part = byNumber[want.number], let etag = ETag(parsing: want.etag), etag == part.etag else {
                throw StorageError(.invalidPart,
                                   "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
                                   context: ErrorContext(uploadID: upload.id.value, partNumber: want.number.value, etag: want.etag))
            }
            for c in want.checksums where !part.checksums.contains(c) {
                throw StorageError(.invalidPart, "The \(c.algorithm.rawValue) you specified for part \(want.number.value) did not match the stored checksum.",
                                   context: ErrorContext(uploadID: upload.id.value, partNumber: want.number.value))
            }
            let isLast = i == requested.count - 1
            if !isLast, part.size < rules.minimumSize {
                throw StorageError(.entityTooSmall, "Your proposed upload is smaller than the minimum allowed size",
                                   context: ErrorContext(partNumber: part.number.value, etag: part.etag.hex, proposedSize: part.size,
                                                         minSizeAllowed: rules.minimumSize))
            }
            if let exact = rules.exactSize, isLast ? part.size > exact : part.size != exact {
                throw StorageError(.entityTooSmall, "Every part but the last must be exactly \(exact) bytes; the last at most that.",
                                   context: ErrorContext(partNumber: part.number.value, proposedSize: part.size))
            }
            chosen.append(part)
        }
        var md5 = Insecure.MD5()
        for p in chosen { md5.update(data: Identifiers.bytes(fromHex: p.etag.hex) ?? []) }
        self.etag = ETag(hex: Identifiers.hex(md5.finalize()), partCount: chosen.count)
        self.manifest = chosen.map { Segment(blob: $0.blob, size: $0.size) }
        self.size = chosen.reduce(0) { $0 + $1.size }
        self.checksums = CompletionPlan.composite(chosen, algorithm: upload.checksumAlgorithm)
        self.ufileETag = CompletionPlan.ufileETag(chosen)
    }

    static func ufileETag(_ parts: [Part]) -> String? {
        let block = Int64(SHA1BlockDigest.ufileBlockSize)
        var digests: [[UInt8]] = []
        for (i, p) in parts.enumerated() {
            let isLast = i == parts.count - 1
            guard isLast ? p.size <= block : p.size == block,
                  let sha = p.checksums.first(where: { $0.algorithm == .sha1 }), let raw = Base64.decode(sha.base64) else { return nil }
            digests.append(raw)
        }
        return SHA1BlockDigest.etag(blockDigests: digests)
    }

    /// A digest of the part list that identifies a retried Complete.
    public static func digest(of requested: [RequestedPart]) -> String {
        var h = SHA256()
        for p in requested {
            let e = ETag(parsing: p.etag)?.description ?? p.etag
            h.update(data: Array("\(p.number.value):\(e);".utf8))
        }
        return Identifiers.hex(h.finalize())
    }

    static func composite(_ parts: [Part], algorithm: ChecksumAlgorithm?) -> [Checksum] {
        guard let algorithm else { return [] }
        var concatenated: [UInt8] = []
        for p in parts {
            guard let c = p.checksums.first(where: { $0.algorithm == algorithm }), let raw = Base64.decode(c.base64) else { return [] }
            concatenated += raw
        }
        let digest: [UInt8]
        switch algorithm {
        case .crc32: var c = CRC32.ieee; c.update(concatenated); digest = c.digest
        case .crc32c: var c = CRC32.castagnoli; c.update(concatenated); digest = c.digest
        case .crc64nvme: return []  // CRC64NVME objects are full-object checksums in S3; not composed here.
        case .sha1: digest = Array(Insecure.SHA1.hash(data: concatenated))
        case .sha256: digest = Array(SHA256.hash(data: concatenated))
        }
        return [Checksum(algorithm: algorithm, base64: "\(Base64.encode(digest))-\(parts.count)")]
    }
}
