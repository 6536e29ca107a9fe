import TesseraCore
import TesseraHTTP

extension BOSDialect {
    /// GetBucketAcl: the owner's FULL_CONTROL, then the bucket's entries.
    func getBucketAcl(_ bucket: BucketName, _ caller: Owner) async throws -> WireResponse {
        let b = try await engine.authorizedBucket(bucket, caller: caller, action: .getBucketAcl)
        return json(ACLDocuments.render(b.accessList, owner: b.owner))
    }

    /// PutBucketAcl: a canned ACL (`x-bce-acl`) or an ACL document replaces the bucket's entries
    /// (both at once is 400, as BOS refuses it).
    func putBucketAcl(_ bucket: BucketName, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let b = try await engine.authorizedBucket(bucket, caller: caller, action: .putBucketAcl)  // before any of the body is read
        let list: BucketPolicy?
        if let canned = r.header("x-bce-acl") {
            guard (r.contentLength ?? 0) == 0 else {
                throw StorageError.invalidArgument("x-bce-acl and an ACL document cannot be sent together", name: "x-bce-acl", value: canned)
            }
            list = try ACLDocuments.canned(canned, bucket: bucket)
        } else {
            let body = Array(try await r.body.collect(upTo: maxDocumentSize).readableBytesView)
            list = try ACLDocuments.parse(body, bucket: bucket, owner: b.owner)
        }
        try await engine.setBucketAccessList(list, bucket: bucket, caller: caller)
        return WireResponse(status: .ok)
    }
}

extension BOSDialect {
    /// GetObjectAcl: the object's owner and its grants.
    func getObjectAcl(_ bucket: BucketName, _ key: ObjectKey, _ caller: Owner) async throws -> WireResponse {
        json(ObjectACLDocuments.render(try await engine.objectACL(bucket: bucket, key: key, caller: caller)))
    }

    /// PutObjectAcl: grants from the headers or a document replace the object's (the engine
    /// decides who may, by the object's ACL and the bucket's policy).
    func putObjectAcl(_ bucket: BucketName, _ key: ObjectKey, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let acl: AccessControlList
        if let fromHeaders = try ObjectACLDocuments.headers(r) {
            acl = fromHeaders
        } else {
            acl = try ObjectACLDocuments.parse(Array(try await r.body.collect(upTo: maxDocumentSize).readableBytesView))
        }
        try await engine.setObjectACL(bucket: bucket, key: key, acl, caller: caller)
        return WireResponse(status: .ok)
    }

    /// DeleteObjectAcl: the object keeps no ACL of its own (the bucket's decides again).
    func deleteObjectAcl(_ bucket: BucketName, _ key: ObjectKey, _ caller: Owner) async throws -> WireResponse {
        try await engine.setObjectACL(bucket: bucket, key: key, nil, caller: caller)
        return WireResponse(status: .ok)
    }
}
