/// What a Complete request asserts about the object it makes — S3's `x-amz-checksum-<alg>`,
/// `x-amz-checksum-type` and `x-amz-mp-object-size`, BOS's `x-bce-content-crc32` — checked in
/// the completing transaction against what the parts make. A failed assertion leaves the upload.
public struct CompletionExpectations: Sendable, Hashable {
    /// The object's checksum: a whole-object CRC, or a composite value with or without `-<parts>`.
    public var checksum: Checksum?
    /// The checksum type the upload must have been created with.
    public var checksumType: ChecksumType?
    /// The object's size in bytes.
    public var size: Int64?
    /// Whether every part in the list must name its checksum when the upload's type is COMPOSITE
    /// (S3 requires it; BOS and UFile part lists carry no checksums).
    public var partChecksumsRequired: Bool
    /// Whether a declared checksum the parts cannot verify (some part lacks that CRC) is refused
    /// (S3) or let pass unkept (BOS: an upload begun before its parts carried CRCs still completes).
    public var unverifiableChecksumRefused: Bool

    /// Creates expectations.
    public init(checksum: Checksum? = nil, checksumType: ChecksumType? = nil, size: Int64? = nil, partChecksumsRequired: Bool = false,
                unverifiableChecksumRefused: Bool = true) {
        self.unverifiableChecksumRefused = unverifiableChecksumRefused
        self.checksum = checksum
        self.checksumType = checksumType
        self.size = size
        self.partChecksumsRequired = partChecksumsRequired
    }

    /// No assertions.
    public static let none = CompletionExpectations()
}

extension CompletionPlan {
    /// The object's checksums from the chosen parts: the upload's algorithm as its type says
    /// (COMPOSITE `<b64>-N`, FULL_OBJECT combined from the part CRCs), then the asserted checksum
    /// verified — or, for a CRC the upload did not name but every part carries, combined and kept.
    static func objectChecksums(_ parts: [Part], upload: Upload, expecting expected: CompletionExpectations) throws(StorageError) -> [Checksum] {
        var result: [Checksum] = []
        if let algorithm = upload.checksumAlgorithm {
            let made = upload.checksumType == .fullObject ? fullObject(parts, algorithm: algorithm) : composite(parts, algorithm: algorithm)
            result += made.map { [$0] } ?? []
        }
        guard let declared = expected.checksum else { return result }
        let name = declared.algorithm.rawValue
        if let mine = result.first(where: { $0.algorithm == declared.algorithm }) {
            guard mine.digestBase64 == declared.digestBase64 else {
                throw StorageError(.badDigest, "The \(name) you specified did not match the calculated checksum.")
            }
            return result
        }
        guard let combined = fullObject(parts, algorithm: declared.algorithm) else {
            guard expected.unverifiableChecksumRefused else { return result }
            let created = upload.checksumAlgorithm.map { "a \($0.rawValue.lowercased()) checksum" } ?? "no checksum algorithm"
            throw StorageError(.invalidRequest, "The upload was created using \(created); a \(name) checksum of the object cannot be verified.",
                               context: ErrorContext(uploadID: upload.id.value, argument: .init(name: "checksum-\(declared.algorithm.headerSuffix)", value: declared.base64)))
        }
        guard combined.base64 == declared.base64 else {
            throw StorageError(.badDigest, "The \(name) you specified did not match the calculated checksum.")
        }
        return result + [combined]
    }

    /// Checks the assertions that do not depend on checksums: the type, the size and, for S3's
    /// composite uploads, that each listed part names its checksum.
    static func checkExpectations(_ expected: CompletionExpectations, requested: [RequestedPart], upload: Upload, size: Int64) throws(StorageError) {
        if let type = expected.checksumType, type != upload.checksumType {
            throw StorageError(.invalidRequest, "The upload was created using the \(upload.checksumType?.rawValue ?? "null") checksum mode. The complete request must use the same checksum mode.",
                               context: ErrorContext(uploadID: upload.id.value, argument: .init(name: "checksum-type", value: type.rawValue)))
        }
        if expected.partChecksumsRequired, upload.checksumType == .composite, let algorithm = upload.checksumAlgorithm,
           let missing = requested.first(where: { p in !p.checksums.contains { $0.algorithm == algorithm } }) {
            throw StorageError(.invalidRequest,
                               "The upload was created using a \(algorithm.rawValue.lowercased()) checksum. The complete request must include the checksum for each part. It was missing for part \(missing.number.value) in the request.",
                               context: ErrorContext(uploadID: upload.id.value, partNumber: missing.number.value))
        }
        if let declared = expected.size, declared != size {
            throw StorageError(.invalidRequest, "The declared object size \(declared) does not match what was computed: \(size)",
                               context: ErrorContext(uploadID: upload.id.value, argument: .init(name: "mp-object-size", value: String(declared))))
        }
    }

    /// The whole object's CRC combined from every part's; `nil` unless each part carries one.
    static func fullObject(_ parts: [Part], algorithm: ChecksumAlgorithm) -> Checksum? {
        var pieces: [(digest: [UInt8], length: Int64)] = []
        for p in parts {
            guard let c = p.checksums.first(where: { $0.algorithm == algorithm }), let raw = Base64.decode(c.base64) else { return nil }
            pieces.append((raw, p.size))
        }
        return algorithm.combined(pieces).map { Checksum(algorithm: algorithm, base64: Base64.encode($0)) }
    }
}
