import HTTPTypes
import TesseraCore
import TesseraHTTP

extension S3Dialect {
    /// GetBucketPolicy: the policy's JSON as it was set; 404 NoSuchBucketPolicy when there is none.
    func getBucketPolicy(_ bucket: BucketName, _ caller: Owner) async throws -> WireResponse {
        .text(.ok, try await engine.bucketPolicy(bucket: bucket, caller: caller).document, contentType: "application/json")
    }

    /// PutBucketPolicy: the JSON body replaces the bucket's policy (204, as S3 answers); 400
    /// MalformedPolicy for what is not one, 403 where the public access block refuses a public one.
    func putBucketPolicy(_ bucket: BucketName, _ r: WireRequest, _ auth: S3Authentication) async throws -> WireResponse {
        let policy = try BucketPolicyDocuments.parse(try await document(r, auth, for: bucket, action: .putBucketPolicy))
        try await engine.setBucketPolicy(policy, bucket: bucket, caller: auth.credential.owner)
        return WireResponse(status: .noContent)
    }

    /// DeleteBucketPolicy: the bucket keeps no policy (204 whether or not it had one).
    func deleteBucketPolicy(_ bucket: BucketName, _ caller: Owner) async throws -> WireResponse {
        try await engine.deleteBucketPolicy(bucket: bucket, caller: caller)
        return WireResponse(status: .noContent)
    }

    /// GetBucketPolicyStatus: whether the policy makes the bucket public; 404 NoSuchBucketPolicy
    /// when there is none.
    func getBucketPolicyStatus(_ bucket: BucketName, _ caller: Owner) async throws -> WireResponse {
        xml(BucketPolicyDocuments.status(isPublic: try await engine.bucketPolicyIsPublic(bucket: bucket, caller: caller)))
    }

    /// The condition keys of `r` a bucket policy can test: those of every dialect's request
    /// (``WireRequest/connectionFacts``), a listing's parameters, how it was signed, its
    /// `x-amz-` headers. Looked up only when a policy's condition asks.
    /// The closure holds only what it reads, not a copy of the whole request.
    static func policyFacts(of r: WireRequest) -> RequestFacts {
        { [headers = r.headers, query = r.query, remoteAddress = r.remoteAddress, secure = r.secure] key in
            let authorization = headers[.authorization]
            switch key {
            case "s3:prefix", "s3:delimiter", "s3:max-keys": return query[String(key.dropFirst(3))].map { [$0] }
            case "s3:signatureversion":
                if authorization?.hasPrefix("AWS4-") == true || query.has("X-Amz-Algorithm") { return ["AWS4-HMAC-SHA256"] }
                return authorization != nil || query.has("Signature") ? ["AWS"] : nil
            case "s3:authtype":
                if authorization != nil { return ["REST-HEADER"] }
                return query.has("X-Amz-Signature") || query.has("Signature") ? ["REST-QUERY-STRING"] : nil
            case let k where k.hasPrefix("s3:x-amz-"):
                return HTTPField.Name(String(k.dropFirst(3))).flatMap { headers[$0] }.map { [$0] }
            default:
                return WireRequest.connectionFact(key, secure: secure, remoteAddress: remoteAddress, headers: headers)
            }
        }
    }
}
