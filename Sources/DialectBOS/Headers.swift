import HTTPTypes
import TesseraCore
import TesseraHTTP

/// BOS request headers into engine values, and object metadata into response headers.
enum BOSHeaders {
    static let metaPrefix = "x-bce-meta-"
    /// `x-bce-request-id`.
    static let requestID = HTTPField.Name("x-bce-request-id")!
    /// `x-bce-tagging`, looked up by field name on every write.
    static let taggingField = HTTPField.Name("x-bce-tagging")!
    static let storageClasses: Set<String> = ["STANDARD", "STANDARD_IA", "COLD", "ARCHIVE", "MAZ_STANDARD", "MAZ_STANDARD_IA"]

    static func attributes(_ r: WireRequest) throws(StorageError) -> ObjectAttributes {
        var meta: [MetadataEntry] = []
        var size = 0
        for (full, value) in r.headers.namesAndValues(canonicalPrefix: metaPrefix) {
            let name = String(full.dropFirst(metaPrefix.count))
            meta.append(MetadataEntry(name: name, value: value))
            size += name.utf8.count + value.utf8.count
        }
        guard size <= 2048 else { throw StorageError(.invalidArgument, "User metadata exceeds 2 KiB.", context: ErrorContext(argument: .init(name: "x-bce-meta-*", value: ""))) }
        let storageClass = r.header("x-bce-storage-class") ?? "STANDARD"
        guard storageClasses.contains(storageClass) else {
            throw StorageError.invalidArgument("Invalid storage class.", name: "x-bce-storage-class", value: storageClass)
        }
        return ObjectAttributes(contentType: r.header(.contentType), cacheControl: r.header(.cacheControl),
                                contentDisposition: r.header(.contentDisposition), contentEncoding: r.header(.contentEncoding),
                                contentLanguage: r.header(.contentLanguage), expires: r.header("expires"),
                                userMetadata: meta, storageClass: storageClass, tags: try tags(r))
    }

    /// The tags of `x-bce-tagging` (`k1=v1&k2=v2`, URL-encoded; ``TagQuery``), nil when absent.
    static func tags(_ r: WireRequest) throws(StorageError) -> [ObjectTag]? {
        try r.header(taggingField).map { v throws(StorageError) in try TagQuery.parse(v, header: "x-bce-tagging") }
    }

    /// `Content-MD5` (base64), `x-bce-content-sha256` (hex), `x-bce-content-crc32` / `-crc32c`
    /// (unsigned decimal) become engine checksums verified while the body streams.
    static func integrity(_ r: WireRequest) throws(StorageError) -> IntegrityCheck {
        var check = IntegrityCheck(contentMD5: r.header("content-md5"))
        if let hex = r.header("x-bce-content-sha256") {
            guard hex.count == 64, let bytes = Identifiers.bytes(fromHex: hex) else {
                throw StorageError(.invalidDigest, "The x-bce-content-sha256 you specified is not valid.")
            }
            check.checksums.append(Checksum(algorithm: .sha256, base64: Base64.encode(bytes)))
        }
        check.checksums += try crcs(r)
        return check
    }

    /// `x-bce-content-crc32` / `-crc32c` (unsigned decimal) as engine checksums.
    static func crcs(_ r: WireRequest) throws(StorageError) -> [Checksum] {
        var out: [Checksum] = []
        for (header, algorithm) in [("x-bce-content-crc32", ChecksumAlgorithm.crc32), ("x-bce-content-crc32c", .crc32c)] {
            guard let text = r.header(header) else { continue }
            guard let v = UInt32(text.trimmingSpaces()) else { throw StorageError(.invalidDigest, "The \(header) you specified is not valid.") }
            out.append(Checksum(algorithm: algorithm, base64: Base64.encode([UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)])))
        }
        return out
    }

    /// The whole object's CRC a Complete request declares (`put_super_object_from_file` sends
    /// `x-bce-content-crc32`): verified against the parts' CRCs combined.
    static func objectCRC(_ r: WireRequest) throws(StorageError) -> Checksum? {
        let declared = try crcs(r)
        return declared.first { $0.algorithm == .crc32 } ?? declared.first
    }

    /// A PutObject's or Complete's condition on the object it would replace, from the headers
    /// bce-python-sdk's `cond_read_write` sends for writes: `If-None-Match: *`, `If-Match`, and
    /// `If-Unmodified-Since`, which the engine cannot check in its write: refused (501), never
    /// ignored.
    static func writeCondition(_ r: WireRequest) throws(StorageError) -> WriteCondition {
        if let since = r.header(.ifUnmodifiedSince) { throw ObjectConditions.notImplemented("If-Unmodified-Since", since) }
        return try ObjectConditions.write(r)
    }

    /// The decimal form BOS uses for a CRC-32 checksum.
    static func decimal(_ c: Checksum) -> String? {
        guard let b = Base64.decode(c.base64), b.count == 4 else { return nil }
        return String(UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3]))
    }

    /// GetObject's `responseContentType`, `responseContentLanguage`, `responseExpires`,
    /// `responseCacheControl`, `responseContentDisposition` and `responseContentEncoding` replace
    /// the stored headers in this response (BOS's GetObject document; HEAD answers alike).
    static func responseOverrides(_ q: QueryParameters, into response: inout WireResponse) {
        response.overrideHeaders(from: q, [("responseContentType", "Content-Type"), ("responseContentLanguage", "Content-Language"),
                                           ("responseExpires", "Expires"), ("responseCacheControl", "Cache-Control"),
                                           ("responseContentDisposition", "Content-Disposition"),
                                           ("responseContentEncoding", "Content-Encoding")])
    }

    static func objectHeaders(_ o: ObjectRecord, into response: inout WireResponse) {
        let a = o.attributes
        response.setStandardHeaders(of: o, defaultType: "application/octet-stream")
        response.setHeader("x-bce-storage-class", a.storageClass)
        for m in a.userMetadata { response.setHeader(metaPrefix + m.name, m.value) }
        if let crc = o.checksums.first(where: { $0.algorithm == .crc32 }), let d = decimal(crc) { response.setHeader("x-bce-content-crc32", d) }
    }
}
