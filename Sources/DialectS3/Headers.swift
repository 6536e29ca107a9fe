import HTTPTypes
import TesseraCore
import TesseraHTTP

/// Reading S3 request headers into engine values, and object metadata into response headers.
enum S3Headers {
    static let metaPrefix = "x-amz-meta-"
    /// `x-amz-request-id`.
    static let requestID = HTTPField.Name("x-amz-request-id")!
    /// `x-amz-id-2`.
    static let requestID2 = HTTPField.Name("x-amz-id-2")!

    /// The headers ``integrity(_:payload:)`` reads: `content-md5`, one `x-amz-checksum-*` for
    /// each algorithm in `ChecksumAlgorithm.allCases`' order, and `x-amz-sdk-checksum-algorithm`.
    private static let integrityHeaders = ["content-md5"] + ChecksumAlgorithm.allCases.map { "x-amz-checksum-\($0.headerSuffix)" }
        + ["x-amz-sdk-checksum-algorithm"]

    /// Content headers, user metadata, storage class, ACL and tags from a write request.
    static func attributes(_ r: WireRequest) throws(StorageError) -> ObjectAttributes {
        var meta: [MetadataEntry] = []
        var metaBytes = 0
        for (name, value) in r.headers.namesAndValues(canonicalPrefix: metaPrefix) {
            let short = String(name.dropFirst(metaPrefix.count))
            meta.append(MetadataEntry(name: short, value: value))
            metaBytes += short.utf8.count + value.utf8.count
        }
        guard metaBytes <= 2048 else {
            throw StorageError(.invalidArgument, "Your metadata headers exceed the maximum allowed metadata size", context: ErrorContext(argument: .init(name: "x-amz-meta-*", value: String(metaBytes))))
        }
        let storageClass = r.header("x-amz-storage-class") ?? "STANDARD"
        guard ["STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER",
               "DEEP_ARCHIVE", "GLACIER_IR", "OUTPOSTS", "EXPRESS_ONEZONE"].contains(storageClass) else {
            throw StorageError(.invalidArgument, "Invalid storage class.", context: ErrorContext(argument: .init(name: "x-amz-storage-class", value: storageClass)))
        }
        // Kept as sent (`deflate, gzip` stays so); only the aws-chunked framing is taken out.
        var encoding = r.header(.contentEncoding)
        if let e = encoding, e.split(separator: ",").contains(where: { $0.trimmingCharacters() == "aws-chunked" }) {
            let kept = e.split(separator: ",").map { $0.trimmingCharacters() }.filter { $0 != "aws-chunked" }
            encoding = kept.isEmpty ? nil : kept.joined(separator: e.contains(", ") ? ", " : ",")
        }
        return ObjectAttributes(
            contentType: r.header(.contentType), cacheControl: r.header(.cacheControl),
            contentDisposition: r.header(.contentDisposition), contentEncoding: encoding,
            contentLanguage: r.header(.contentLanguage), expires: r.header("expires"),
            userMetadata: meta, storageClass: storageClass, acl: try ACLHeaders.parse(r), tags: try TaggingHeaders.parse(r),
            websiteRedirectLocation: try websiteRedirect(r))
    }

    /// `x-amz-website-redirect-location`.
    static let websiteRedirectField = HTTPField.Name("x-amz-website-redirect-location")!

    /// A write's `x-amz-website-redirect-location`, checked as S3 checks it: it begins with `/`,
    /// `http://` or `https://` and is at most 2 KiB (`InvalidRedirectLocation` otherwise).
    static func websiteRedirect(_ r: WireRequest) throws(StorageError) -> String? {
        guard let location = r.header(websiteRedirectField) else { return nil }
        let context = ErrorContext(argument: .init(name: websiteRedirectField.canonicalName, value: location))
        guard location.hasPrefix("/") || location.hasPrefix("http://") || location.hasPrefix("https://") else {
            throw StorageError(.invalidArgument, "The website redirect location must have a prefix of 'http://' or 'https://' or '/'.", context: context)
        }
        guard location.utf8.count <= 2048 else {
            throw StorageError(.invalidArgument, "The website redirect location must be at most 2 KB.", context: context)
        }
        return location
    }

    /// `x-amz-abort-date` and `x-amz-abort-rule-id` when a lifecycle rule will abort the upload.
    static func abortSchedule(_ schedule: AbortSchedule?, into response: inout WireResponse) {
        guard let schedule else { return }
        response.setHeader("x-amz-abort-date", schedule.date.httpDate)
        response.setHeader("x-amz-abort-rule-id", schedule.ruleID)
    }

    /// `x-amz-expiration: expiry-date="…", rule-id="…"` when a lifecycle rule will expire the
    /// object; the rule id URL-encoded, as S3 sends it (AWS's SDK references say so).
    static func expiration(_ schedule: AbortSchedule?, into response: inout WireResponse) {
        guard let schedule else { return }
        response.setHeader("x-amz-expiration", "expiry-date=\"\(schedule.date.httpDate)\", rule-id=\"\(PercentEncoding.encode(schedule.ruleID))\"")
    }


    /// Declared digests: `Content-MD5`, `x-amz-checksum-*`, and the signed payload hash.
    static func integrity(_ r: WireRequest, payload: PayloadSigning) throws(StorageError) -> IntegrityCheck {
        var check = IntegrityCheck()
        let values = r.headers(named: integrityHeaders)
        check.contentMD5 = values[0]
        for (i, a) in ChecksumAlgorithm.allCases.enumerated() {
            if let v = values[1 + i] { check.checksums.append(Checksum(algorithm: a, base64: v)) }
        }
        if let sdk = values[values.count - 1] {
            guard let a = ChecksumAlgorithm(name: sdk) else {
                throw StorageError(.invalidRequest, "Value for x-amz-sdk-checksum-algorithm header is invalid.")
            }
            check.compute.insert(a)
        }
        if case .signed(let hash) = payload { check.payloadSHA256 = hash }
        return check
    }

    /// The checksum algorithm announced on CreateMultipartUpload.
    static func checksumAlgorithm(_ r: WireRequest) throws(StorageError) -> ChecksumAlgorithm? {
        guard let v = r.header("x-amz-checksum-algorithm") else { return nil }
        guard let a = ChecksumAlgorithm(name: v) else {
            throw StorageError(.invalidRequest, "Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]")
        }
        return a
    }

    /// Echoes the checksums computed while the body streamed: exactly those the client declared,
    /// asked for, or the upload announced (botocore copies them into Complete).
    static func echoChecksums(_ checksums: [Checksum], into response: inout WireResponse) {
        for c in checksums { response.setHeader("x-amz-checksum-\(c.algorithm.headerSuffix)", c.base64) }
    }

    /// The classes S3 serves only once restored. Every object here is always readable, so one of
    /// them is answered as restored (`x-amz-restore: ongoing-request="false"`, no expiry: it
    /// stays so); aws-cli skips a download of one that does not say so.
    static let archiveClasses: Set<String> = ["GLACIER", "DEEP_ARCHIVE"]

    /// Metadata headers of an object for GET and HEAD.
    static func objectHeaders(_ o: ObjectRecord, into response: inout WireResponse) {
        let a = o.attributes
        response.setStandardHeaders(of: o, defaultType: "binary/octet-stream")
        if a.storageClass != "STANDARD" {
            response.setHeader("x-amz-storage-class", a.storageClass)
            if archiveClasses.contains(a.storageClass) { response.setHeader("x-amz-restore", #"ongoing-request="false""#) }
        }
        for m in a.userMetadata { response.setHeader(metaPrefix + m.name, m.value) }
        if let tags = a.tags { response.setHeader(TaggingHeaders.count, String(tags.count)) }
        if let location = a.websiteRedirectLocation { response.setHeader(websiteRedirectField.canonicalName, location) }
    }

    /// GetObject's and HeadObject's `response-content-type`, `-content-language`, `-expires`,
    /// `-cache-control`, `-content-disposition` and `-content-encoding` replace the stored headers
    /// in this response (signed requests only, which are the only ones served).
    static func responseOverrides(_ q: QueryParameters, into response: inout WireResponse) {
        response.overrideHeaders(from: q, [("response-content-type", "Content-Type"), ("response-content-language", "Content-Language"),
                                           ("response-expires", "Expires"), ("response-cache-control", "Cache-Control"),
                                           ("response-content-disposition", "Content-Disposition"),
                                           ("response-content-encoding", "Content-Encoding")])
    }
}
