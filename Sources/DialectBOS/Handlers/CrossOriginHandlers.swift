public import HTTPTypes
import TesseraCore
public import TesseraHTTP

extension BOSDialect {
    /// GetBucketCors: `{"corsConfiguration":[…]}`; 404 when the bucket has no rules.
    func getBucketCors(_ bucket: BucketName, _ caller: Owner) async throws -> WireResponse {
        json(CrossOriginDocuments.render(try await engine.bucketCrossOrigin(bucket: bucket, caller: caller)))
    }

    /// PutBucketCors: the body's rules replace the bucket's (one rule set with S3's `?cors`).
    func putBucketCors(_ bucket: BucketName, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let rules = try CrossOriginDocuments.parse(try await document(r, for: bucket, caller: caller, action: .putBucketCORS))
        try await engine.setBucketCrossOrigin(rules, bucket: bucket, caller: caller)
        return WireResponse(status: .ok)
    }

    /// DeleteBucketCors: the bucket keeps no rules.
    func deleteBucketCors(_ bucket: BucketName, _ caller: Owner) async throws -> WireResponse {
        try await engine.deleteBucketCrossOrigin(bucket: bucket, caller: caller)
        return WireResponse(status: .ok)
    }

    /// A browser's preflight, answered by the bucket's CORS rules (``CrossOrigin/preflight(_:bucket:object:engine:)``).
    func preflight(_ bucket: BucketName, object: Bool, _ r: WireRequest) async throws -> WireResponse {
        try await CrossOrigin.preflight(r, bucket: bucket, object: object, engine: engine)
    }

    /// An actual request from a browser: the fields of the bucket's first rule allowing its
    /// origin and method, on its answer whatever that is; none when no rule does.
    public func crossOriginFields(_ op: BOSOperation, _ r: WireRequest, origin: String) async -> HTTPFields {
        if case .preflight = op { return [:] }  // answered with its own
        guard let name = OperationTarget.of(op).bucket, let bucket = try? BucketName(name) else { return [:] }
        return await CrossOrigin.fields(r, origin: origin, bucket: bucket, engine: engine)
    }
}
