import TesseraCore
import TesseraHTTP

/// S3's object-level checksum headers: the type named at CreateMultipartUpload, what Complete
/// asserts about the object (`x-amz-checksum-<alg>`, `x-amz-checksum-type`,
/// `x-amz-mp-object-size`), and the stored values a read returns with `x-amz-checksum-mode`.
enum ChecksumHeaders {
    /// `x-amz-checksum-type` (COMPOSITE or FULL_OBJECT, any case).
    static func type(_ r: WireRequest) throws(StorageError) -> ChecksumType? {
        guard let v = r.header("x-amz-checksum-type") else { return nil }
        guard let t = ChecksumType(name: v.trimmingSpaces()) else {
            throw StorageError(.invalidRequest, "Value for x-amz-checksum-type header is invalid.",
                               context: ErrorContext(argument: .init(name: "checksum-type", value: v)))
        }
        return t
    }

    /// What a Complete request asserts. The `x-amz-checksum-<alg>` header of Complete is the
    /// object's checksum (CompleteMultipartUpload has no body checksum in the S3 model), so the
    /// XML body is not checked against it.
    static func completion(_ r: WireRequest) throws(StorageError) -> CompletionExpectations {
        var expected = CompletionExpectations(checksumType: try type(r), partChecksumsRequired: true)
        let declared = ChecksumAlgorithm.allCases.compactMap { a in r.header("x-amz-checksum-\(a.headerSuffix)").map { Checksum(algorithm: a, base64: $0.trimmingSpaces()) } }
        guard declared.count <= 1 else {
            throw StorageError(.invalidRequest, "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.")
        }
        if let c = declared.first {
            let parts = c.base64.split(separator: "-", omittingEmptySubsequences: false)
            let wellFormed = parts.count == 1 || (parts.count == 2 && Int(parts[1]).map { $0 > 0 } == true)
            guard wellFormed, (try? IntegrityCheck(checksums: [Checksum(algorithm: c.algorithm, base64: String(parts[0]))]).validateShape()) != nil else {
                throw StorageError(.invalidRequest, "Value for x-amz-checksum-\(c.algorithm.headerSuffix) header is invalid.",
                                   context: ErrorContext(argument: .init(name: "checksum-\(c.algorithm.headerSuffix)", value: c.base64)))
            }
            expected.checksum = c
        }
        if let text = r.header("x-amz-mp-object-size") {
            guard let size = Int64(text.trimmingSpaces()) else {
                throw StorageError(.invalidRequest, "Value for x-amz-mp-object-size header is invalid: '\(text)'",
                                   context: ErrorContext(argument: .init(name: "mp-object-size", value: text)))
            }
            guard size >= 0 else {
                throw StorageError(.invalidRequest, "Value for x-amz-mp-object-size header is less than zero: '\(text)'",
                                   context: ErrorContext(argument: .init(name: "mp-object-size", value: text)))
            }
            expected.size = size
        }
        return expected
    }

    /// The stored checksums a GET or HEAD with `x-amz-checksum-mode: ENABLED` returns: the
    /// object's own (composite `<b64>-N` included: botocore skips validating those) with their
    /// type on a whole read; the part's on a `partNumber` read of a multipart object; nothing on
    /// a byte range (a whole-object value would be checked against part of the body).
    static func onRead(_ o: ObjectRecord, _ r: WireRequest, partNumber: Int?, ranged: Bool, into response: inout WireResponse) {
        guard r.header("x-amz-checksum-mode")?.uppercased() == "ENABLED" else { return }
        if let n = partNumber, o.uploadID != nil {
            guard n >= 1, n <= o.manifest.count, let c = o.manifest[n - 1].checksum else { return }
            response.setHeader("x-amz-checksum-\(c.algorithm.headerSuffix)", c.base64)
            return
        }
        guard !ranged || partNumber != nil else { return }
        for c in o.checksums { response.setHeader("x-amz-checksum-\(c.algorithm.headerSuffix)", c.base64) }
        if let first = o.checksums.first { response.setHeader("x-amz-checksum-type", first.type.rawValue) }
    }
}
