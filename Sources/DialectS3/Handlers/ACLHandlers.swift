import TesseraCore
import TesseraHTTP

extension S3Dialect {
    /// GetBucketAcl (`key` nil) and GetObjectAcl.
    func getACL(_ bucket: BucketName, _ key: ObjectKey?, _ caller: Owner) async throws -> WireResponse {
        xml(ACLDocuments.render(try await policy(bucket, key, caller)))
    }

    private func policy(_ bucket: BucketName, _ key: ObjectKey?, _ caller: Owner) async throws -> AccessPolicy {
        if let key { return try await engine.objectACL(bucket: bucket, key: key, caller: caller) }
        return try await engine.bucketACL(bucket, caller: caller)
    }

    /// PutBucketAcl (`key` nil) and PutObjectAcl: a canned ACL or grant headers, else an
    /// `AccessControlPolicy` body.
    func putACL(_ bucket: BucketName, _ key: ObjectKey?, _ r: WireRequest, _ auth: S3Authentication) async throws -> WireResponse {
        let caller = auth.credential.owner
        var acl = try ACLHeaders.parse(r)
        if acl == nil {
            let body = try await document(r, auth, for: bucket, permission: .writeACP, action: key == nil ? .putBucketAcl : .putObjectAcl, objectLevel: key != nil)
            guard !body.isEmpty else {
                throw StorageError(.malformedDocument, "You must specify an ACL: x-amz-acl, x-amz-grant-* or an AccessControlPolicy document.")
            }
            acl = try ACLDocuments.parse(body, owner: try await policy(bucket, key, caller).owner)
        }
        if let key {
            try await engine.setObjectACL(bucket: bucket, key: key, acl ?? .private, caller: caller)
        } else {
            try await engine.setBucketACL(bucket, acl ?? .private, caller: caller)
        }
        return WireResponse(status: .ok)
    }
}
