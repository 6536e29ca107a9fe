public import HTTPTypes
import TesseraCore
public import TesseraHTTP

extension S3Dialect {
    /// GetBucketCors: the bucket's rules; 404 NoSuchCORSConfiguration when it has none.
    func getBucketCors(_ bucket: BucketName, _ caller: Owner) async throws -> WireResponse {
        xml(CrossOriginDocuments.render(try await engine.bucketCrossOrigin(bucket: bucket, caller: caller)))
    }

    /// PutBucketCors: the `CORSConfiguration` body replaces the bucket's rules (200, as S3 answers).
    func putBucketCors(_ bucket: BucketName, _ r: WireRequest, _ auth: S3Authentication) async throws -> WireResponse {
        let rules = try CrossOriginDocuments.parse(try await document(r, auth, for: bucket, action: .putBucketCORS))
        try await engine.setBucketCrossOrigin(rules, bucket: bucket, caller: auth.credential.owner)
        return WireResponse(status: .ok)
    }

    /// DeleteBucketCors: the bucket keeps no rules (204 whether or not it had some).
    func deleteBucketCors(_ bucket: BucketName, _ caller: Owner) async throws -> WireResponse {
        try await engine.deleteBucketCrossOrigin(bucket: bucket, caller: caller)
        return WireResponse(status: .noContent)
    }

    /// A browser's preflight, answered by the bucket's CORS rules (``CrossOrigin/preflight(_:bucket:object:engine:)``).
    func preflight(_ bucket: BucketName, object: Bool, _ r: WireRequest) async throws -> WireResponse {
        try await CrossOrigin.preflight(r, bucket: bucket, object: object, engine: engine)
    }

    /// An actual request from a browser: the fields of the bucket's first rule allowing its
    /// origin and method, on its answer whatever that is; none when no rule does.
    public func crossOriginFields(_ op: S3Operation, _ r: WireRequest, origin: String) async -> HTTPFields {
        if case .preflight = op { return [:] }  // answered with its own
        guard let bucket = op.bucket else { return [:] }
        return await CrossOrigin.fields(r, origin: origin, bucket: bucket, engine: engine)
    }
}
