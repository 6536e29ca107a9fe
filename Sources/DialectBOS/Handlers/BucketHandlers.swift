import TesseraCore
import TesseraHTTP

extension BOSDialect {
    func listBuckets(_ caller: Owner) async throws -> WireResponse {
        json(BOSDocuments.listBuckets(try await engine.listBuckets(caller: caller), owner: caller, defaultRegion: region))
    }

    func putBucket(_ name: BucketName, _ caller: Owner) async throws -> WireResponse {
        try BOSBucketRules.validate(name)
        _ = try await engine.createBucket(name, region: "", caller: caller)
        return WireResponse(status: .ok)
    }

    func headBucket(_ name: BucketName, _ caller: Owner) async throws -> WireResponse {
        _ = try await engine.authorizedBucket(name, caller: caller, action: .listBucket)
        return WireResponse(status: .ok)
    }

    func deleteBucket(_ name: BucketName, _ caller: Owner) async throws -> WireResponse {
        try await engine.deleteBucket(name, caller: caller)
        return WireResponse(status: .noContent)
    }

    func getBucketLocation(_ name: BucketName, _ caller: Owner) async throws -> WireResponse {
        let bucket = try await engine.authorizedBucket(name, caller: caller, action: .getBucketLocation)
        return json(BOSDocuments.location(bucket.region.isEmpty ? region : bucket.region))
    }
}

/// BOS's stricter bucket names: `^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$`.
enum BOSBucketRules {
    static func validate(_ name: BucketName) throws(StorageError) {
        guard !name.value.contains(".") else {
            throw StorageError(.invalidBucketName, "The specified bucket is not valid.", context: ErrorContext(bucket: name.value))
        }
    }
}

extension BOSDialect {
    func putBucketLifecycle(_ name: BucketName, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let configuration = try LifecycleDocuments.parse(try await document(r, for: name, caller: caller, action: .putLifecycleConfiguration), bucket: name)
        try await engine.putBucketLifecycle(configuration, bucket: name, caller: caller)
        return WireResponse(status: .ok)
    }

    func getBucketLifecycle(_ name: BucketName, _ caller: Owner) async throws -> WireResponse {
        json(LifecycleDocuments.render(try await engine.bucketLifecycle(bucket: name, caller: caller), bucket: name))
    }

    func deleteBucketLifecycle(_ name: BucketName, _ caller: Owner) async throws -> WireResponse {
        try await engine.deleteBucketLifecycle(bucket: name, caller: caller)
        return WireResponse(status: .ok)
    }
}
