import Crypto
import HTTPTypes
import NIOCore
import TesseraCore
import TesseraHTTP

/// S3's POST Object: a browser's form upload (boto3's `generate_presigned_post`), its key,
/// metadata and signed policy in fields before the file, the file streamed into the object.
extension S3Dialect {
    /// Form fields that become the object's headers, under the header's name.
    static let postHeaderFields: [String: String] = [
        "acl": "x-amz-acl", "content-type": "content-type", "cache-control": "cache-control",
        "content-disposition": "content-disposition", "content-encoding": "content-encoding", "content-language": "content-language",
        "expires": "expires", "x-amz-storage-class": "x-amz-storage-class", "x-amz-server-side-encryption": "x-amz-server-side-encryption",
        "x-amz-website-redirect-location": "x-amz-website-redirect-location",
    ]

    /// PostObject: reads the fields, authenticates the policy's signature (none: an anonymous
    /// upload, which the bucket's ACL must allow), checks the policy, stores the file under the
    /// key (`${filename}` replaced by the file's name), and answers as `success_action_redirect`
    /// or `success_action_status` ask (204 by default, 201 with S3's `PostResponse`).
    func postObject(_ bucket: BucketName, _ r: WireRequest) async throws -> WireResponse {
        let malformed = WireError(.malformedForm, "The body of your POST request is not well-formed multipart/form-data.")
        guard let type = r.header(.contentType), let boundary = FormData.boundary(contentType: type) else { throw malformed }
        let (list, file) = try await FormData.read(r.body, boundary: boundary, malformed: malformed)
        var fields: [String: String] = ["bucket": bucket.value]
        for f in list where fields[f.name.lowercased()] == nil { fields[f.name.lowercased()] = f.value }
        guard let rawKey = fields["key"] else {
            throw StorageError.invalidArgument("Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
                                               name: "key", value: "")
        }
        guard let file else {
            throw StorageError.invalidArgument("POST requires exactly one file upload per request.", name: "file", value: "0")
        }
        var caller = Owner.anonymous
        var range: ClosedRange<Int64>?
        if let text = fields["policy"] {
            caller = try await postSigner(fields, policy: text)
            let policy = try PostPolicy.parse(base64: text)
            try policy.check(fields, now: engine.clock.now())
            range = policy.lengthRange
        }
        let key = try ObjectKey(rawKey.replacingOccurrences(of: "${filename}", with: file.filename))
        var attributes = try S3Headers.attributes(postHeaders(r, fields, file: file))
        if let tagging = fields["tagging"] { attributes.tags = try TaggingDocuments.parse(Array(tagging.utf8)) }
        let body = range.map { ByteStream(SizeLimitedBytes(upstream: file.content, range: $0)) } ?? file.content
        let (record, _) = try await engine.putObjectAndExpiry(bucket: bucket, key: key, body: body, declaredLength: nil,
                                                              attributes: attributes, check: IntegrityCheck(), caller: caller)
        return postResponse(fields, bucket: bucket, key: key, etag: record.etag, r)
    }

    /// The request as if the form's object fields were its headers, for ``S3Headers/attributes(_:)``.
    private func postHeaders(_ r: WireRequest, _ fields: [String: String], file: FormData.File) -> WireRequest {
        var headers = HTTPFields()
        for (name, value) in fields {
            let header = Self.postHeaderFields[name] ?? (name.hasPrefix("x-amz-meta-") ? name : nil)
            if let header, let field = HTTPField.Name(header) { headers[field] = value }
        }
        if headers[.contentType] == nil, let type = file.contentType { headers[.contentType] = type }
        var pseudo = r
        pseudo.headers = headers
        return pseudo
    }

    /// The owner of the credential that signed `policy`: SigV4 (`x-amz-algorithm`,
    /// `x-amz-credential`, `x-amz-signature`) or SigV2 (`AWSAccessKeyId`, `signature`).
    private func postSigner(_ fields: [String: String], policy: String) async throws -> Owner {
        func mismatch(_ key: String) -> WireError {
            WireError(.signatureDoesNotMatch, "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
                      details: [.init("AWSAccessKeyId", key), .init("StringToSign", policy)])
        }
        func credential(_ key: String) async throws -> Credential {
            guard let c = try await engine.credential(accessKey: key) else {
                throw WireError(.invalidAccessKeyId, "The AWS Access Key Id you provided does not exist in our records.", details: [.init("AWSAccessKeyId", key)])
            }
            return c
        }
        if let scope = fields["x-amz-credential"] {
            guard fields["x-amz-algorithm"] == SigV4.algorithm, let signature = fields["x-amz-signature"] else {
                throw StorageError.invalidArgument("Bucket POST must contain a field named 'x-amz-signature' and an x-amz-algorithm of AWS4-HMAC-SHA256.",
                                                   name: "x-amz-algorithm", value: fields["x-amz-algorithm"] ?? "")
            }
            let parts = scope.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 5, parts[4] == "aws4_request" else {
                throw StorageError.invalidArgument("Invalid credential: \(scope)", name: "x-amz-credential", value: scope)
            }
            let c = try await credential(parts[0])
            let key = SigV4.signingKey(secret: c.secretKey, date: parts[1], region: parts[2], service: parts[3])
            guard ConstantTime.equals(SigV4.signature(key: key, stringToSign: policy), signature.lowercased()) else { throw mismatch(parts[0]) }
            return c.owner
        }
        guard let accessKey = fields["awsaccesskeyid"], let signature = fields["signature"] else {
            throw StorageError.invalidArgument("Bucket POST must contain a field named 'AWSAccessKeyId'.  If it is specified, please check the order of the fields.",
                                               name: "AWSAccessKeyId", value: "")
        }
        let c = try await credential(accessKey)
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Array(policy.utf8), using: SymmetricKey(data: Array(c.secretKey.utf8)))
        guard ConstantTime.equals(Base64.encode(Array(mac)), signature) else { throw mismatch(accessKey) }
        return c.owner
    }

    /// `success_action_redirect` (303 to it, naming the bucket, key and ETag), else
    /// `success_action_status` 200, 201 (S3's `PostResponse`) or 204, the default.
    private func postResponse(_ fields: [String: String], bucket: BucketName, key: ObjectKey, etag: ETag, _ r: WireRequest) -> WireResponse {
        let location = "\(r.header("x-forwarded-proto") ?? "http")://\(r.authority)/\(bucket.value)/\(PercentEncoding.encode(key.value))"
        if let redirect = fields["success_action_redirect"] ?? fields["redirect"], redirect.hasPrefix("http://") || redirect.hasPrefix("https://") {
            let query = "bucket=\(PercentEncoding.encode(bucket.value))&key=\(PercentEncoding.encode(key.value))&etag=\(PercentEncoding.encode(etag.quoted))"
            var response = WireResponse(status: .seeOther)
            response.headers[.location] = redirect + (redirect.contains("?") ? "&" : "?") + query
            response.headers[.eTag] = etag.quoted
            return response
        }
        switch fields["success_action_status"] {
        case "200":
            var response = WireResponse(status: .ok)
            response.headers[.eTag] = etag.quoted
            response.headers[.location] = location
            return response
        case "201":
            var x = XMLWriter()
            x.open("PostResponse")
            x.element("Location", location)
            x.element("Bucket", bucket.value)
            x.element("Key", key.value)
            x.element("ETag", etag.quoted)
            x.close("PostResponse")
            var response = xml(x.document, status: .created)
            response.headers[.eTag] = etag.quoted
            response.headers[.location] = location
            return response
        default:
            var response = WireResponse(status: .noContent)
            response.headers[.eTag] = etag.quoted
            response.headers[.location] = location
            return response
        }
    }
}

/// The file of a form upload, held to its policy's `content-length-range`: past the upper bound
/// the write fails as it arrives (EntityTooLarge), short of the lower one at its end
/// (EntityTooSmall); the write then leaves nothing.
private struct SizeLimitedBytes: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let upstream: ByteStream
    let range: ClosedRange<Int64>

    struct AsyncIterator: AsyncIteratorProtocol {
        var upstream: ByteStream.Iterator
        let range: ClosedRange<Int64>
        var seen: Int64 = 0

        mutating func next() async throws -> ByteBuffer? {
            guard let chunk = try await upstream.next() else {
                guard seen >= range.lowerBound else {
                    throw StorageError(.entityTooSmall, "Your proposed upload is smaller than the minimum allowed size",
                                       context: ErrorContext(proposedSize: seen, minSizeAllowed: range.lowerBound))
                }
                return nil
            }
            seen += Int64(chunk.readableBytes)
            guard seen <= range.upperBound else {
                throw StorageError(.entityTooLarge, "Your proposed upload exceeds the maximum allowed size",
                                   context: ErrorContext(maxSizeAllowed: range.upperBound))
            }
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(upstream: upstream.makeAsyncIterator(), range: range) }
}
