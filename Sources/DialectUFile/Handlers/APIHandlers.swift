import TesseraCore
import TesseraHTTP

extension UFileDialect {
    /// One call of the API form, for the credential that signed it.
    func api(_ call: UFileAPICall, _ caller: Owner) async throws -> WireResponse {
        switch call {
        case .getMultiUploadId(let b, let q):
            return try await multiUploadIDs(b, q, caller)
        case .createBucket(let b, let access, let region):
            _ = try await engine.createBucket(b, region: region, access: access, caller: caller)
            return json(APIDocuments.bucketResult(call.action, b))
        case .describeBucket(let b?, _, _):
            return json(APIDocuments.describe([try await engine.authorizedBucket(b, caller: caller, action: .getBucketLocation)], domain: router.suffixes.first ?? ""))
        case .describeBucket(nil, let offset, let limit):
            let page = try await engine.listBuckets(caller: caller).dropFirst(offset).prefix(limit)
            return json(APIDocuments.describe(Array(page), domain: router.suffixes.first ?? ""))
        case .updateBucket(let b, let access):
            _ = try await engine.setBucketAccess(b, access, caller: caller)
            return json(APIDocuments.bucketResult(call.action, b))
        case .deleteBucket(let b):
            // In-progress uploads block it, as objects do: nothing is discarded unasked.
            try await engine.deleteBucket(b, abortingUploads: false, caller: caller)
            return json(APIDocuments.bucketResult(call.action, b))
        }
    }
}
