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
    /// The object's checksums: the upload's algorithm as its type says (composite `<b64>-N` or
    /// a whole-object CRC), and any CRC the request asserted and the parts allowed to verify.
    public var checksums: [Checksum]
    /// UFile's block ETag, when every part but the last is one whole UFile block and all carry a SHA-1.
    public var ufileETag: String?

    /// Validates and plans. Errors: `invalidPartOrder` (not strictly ascending), `invalidPart`
    /// (missing part, ETag or checksum mismatch), `entityTooSmall` (size rules), `badDigest` and
    /// `invalidRequest` (an assertion in `expected` that does not hold).
    public init(requested: [RequestedPart], stored: [Part], upload: Upload, expecting expected: CompletionExpectations = .none) throws(StorageError) {
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
        let algorithm = upload.checksumAlgorithm
        self.manifest = chosen.map { p in
            Segment(blob: p.blob, size: p.size, checksum: algorithm.flatMap { a in p.checksums.first { $0.algorithm == a } })
        }
        self.size = chosen.reduce(0) { $0 + $1.size }
        try CompletionPlan.checkExpectations(expected, requested: requested, upload: upload, size: size)
        self.checksums = try CompletionPlan.objectChecksums(chosen, upload: upload, expecting: expected)
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

    /// The checksum of the concatenated part checksums, `<b64>-N`; `nil` unless each part carries one.
    static func composite(_ parts: [Part], algorithm: ChecksumAlgorithm) -> Checksum? {
        var concatenated: [UInt8] = []
        for p in parts {
            guard let c = p.checksums.first(where: { $0.algorithm == algorithm }), let raw = Base64.decode(c.base64) else { return nil }
            concatenated += raw
        }
        let digest: [UInt8]
        switch algorithm {
        case .crc32: var c = CRC32.ieee; c.update(concatenated); digest = c.digest
        case .crc32c: var c = CRC32.castagnoli; c.update(concatenated); digest = c.digest
        case .crc64nvme: var c = CRC64NVME(); c.update(concatenated); digest = c.digest  // S3 refuses this type; kept total
        case .sha1: digest = Array(Insecure.SHA1.hash(data: concatenated))
        case .sha256: digest = Array(SHA256.hash(data: concatenated))
        }
        return Checksum(algorithm: algorithm, base64: "\(Base64.encode(digest))-\(parts.count)")
    }
}
