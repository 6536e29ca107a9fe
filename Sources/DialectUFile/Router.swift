import HTTPTypes
import TesseraCore
public import TesseraHTTP

/// Parses a UFile request. The bucket is always in the Host: `<bucket><suffix>` for one of the
/// configured domain suffixes (port ignored); the path is the key.
public struct UFileRouter: Sendable {
    /// Domain suffixes, lower-case, with leading dot, without port.
    public let suffixes: [String]

    /// Creates a router for the given suffixes (`.ufile.local`, `.cn-bj.ufileos.com`, ...).
    public init(suffixes: [String]) {
        self.suffixes = suffixes.map { s in
            var v = s.lowercased()
            if let colon = v.lastIndex(of: ":") { v = String(v[..<colon]) }
            return v.hasPrefix(".") ? v : "." + v
        }
    }

    /// The bucket named by `host`, if it ends in a configured suffix.
    public func bucketName(host: String) -> String? {
        for s in suffixes where host.hasSuffix(s) && host.count > s.count { return String(host.dropLast(s.count)) }
        return nil
    }

    /// The bucket (from the Host) and key (the decoded path) a request is signed over.
    public func resource(_ request: WireRequest) throws -> (bucket: String, key: String) {
        guard let name = bucketName(host: request.host) else {
            throw WireError(.invalidTarget, "The Host \(request.host) is not <bucket> followed by a configured UFile domain.")
        }
        guard let path = PercentEncoding.decode(request.rawPath), path.hasPrefix("/") else {
            throw StorageError(.invalidArgument, "The key is not valid UTF-8.")
        }
        return (name, String(path.dropFirst()))
    }

    /// The operation `request` asks for.
    public func route(_ request: WireRequest) throws -> UFileOperation {
        if UFileAPIForm.matches(request) {
            guard request.method == .get else { throw WireError(.methodNotAllowed, "The API form is served for GET.") }
            return .api(try UFileAPIForm(request).call())
        }
        let (name, rawKey) = try resource(request)
        let bucket = try BucketName(name)
        let q = request.query
        if rawKey.isEmpty {
            switch request.method {
            case .get:
                if q.has("muploadid") { return .getMultiUploadId(bucket, try UFileListingParameters.uploads(q)) }
                if q.has("muploadpart") {
                    guard let id = q["uploadId"], !id.isEmpty else { throw StorageError.invalidArgument("uploadId is required", name: "uploadId", value: "") }
                    return .getMultiUploadPart(bucket, UploadID(id), try UFileListingParameters.parts(q))
                }
                if q.has("listobjects") { return .listObjects(bucket, try UFileListingParameters.objects(q)) }
                if q.has("list") { return .prefixFileList(bucket, try UFileListingParameters.prefixFileList(q)) }
                return .unsupported("GET bucket")
            case .post: return .postFile(bucket)
            default: return .unsupported("\(request.method.rawValue) bucket")
            }
        }
        let key = try ObjectKey(rawKey)
        let uploadID = q["uploadId"].flatMap { $0.isEmpty ? nil : UploadID($0) }
        let source = try request.header("x-ufile-copy-source").map { v throws in try UFileRouter.copySource(v) }
        switch request.method {
        case .put:
            if q.has("restore") { return .restore(bucket, key) }
            if let storageClass = q["storageClass"] { return .classSwitch(bucket, key, storageClass: storageClass) }
            if let uploadID {
                guard let pn = q["partNumber"], let n = Int(pn), n >= 0, n < PartNumber.range.upperBound else {
                    throw StorageError.invalidArgument("partNumber must be an integer from 0 to 9999", name: "partNumber", value: q["partNumber"] ?? "")
                }
                if let source { return .uploadPartCopy(bucket, key, uploadID, part: n, sourceBucket: source.0, sourceKey: source.1) }
                return .uploadPart(bucket, key, uploadID, part: n)
            }
            if let source { return .copy(bucket, key, sourceBucket: source.0, sourceKey: source.1) }
            return .putFile(bucket, key)
        case .get: return .getFile(bucket, key)
        case .head: return .headFile(bucket, key)
        case .delete:
            // JuiceFS's UFile client aborts with `?uploads=<id>`; the SDK with `?uploadId=<id>`.
            if let id = uploadID ?? q["uploads"].flatMap({ $0.isEmpty ? nil : UploadID($0) }) { return .abortMultipartUpload(bucket, key, id) }
            return .deleteFile(bucket, key)
        case .post:
            if q.has("uploads") { return .initiateMultipartUpload(bucket, key) }
            if let uploadID {
                let newKey = try (q["newKey"] ?? q["newObject"]).flatMap { v throws in v.isEmpty ? nil : try ObjectKey(v) }
                return .finishMultipartUpload(bucket, key, uploadID, newKey: newKey)
            }
            if q.has("opmeta") { return .opMeta(bucket, key) }
            return .unsupported("POST object")
        default:
            throw WireError(.methodNotAllowed, "The specified method is not allowed against this resource.")
        }
    }

    /// `X-Ufile-Copy-Source: /bucket/<url-quoted key>`.
    static func copySource(_ raw: String) throws -> (BucketName, ObjectKey) {
        var s = Substring(raw)
        if s.hasPrefix("/") { s = s.dropFirst() }
        guard let slash = s.firstIndex(of: "/"), let key = PercentEncoding.decode(String(s[s.index(after: slash)...])) else {
            throw StorageError(.invalidArgument, "X-Ufile-Copy-Source must be /bucket/key", context: ErrorContext(argument: .init(name: "X-Ufile-Copy-Source", value: "")))
        }
        return (try BucketName(String(s[..<slash])), try ObjectKey(key))
    }
}
