import TesseraCore
import TesseraHTTP

extension S3Dialect {
    func listBuckets(_ l: S3BucketListing, _ caller: Owner) async throws -> WireResponse {
        let page = try await engine.listBuckets(caller: caller, query: l.query, defaultRegion: region)
        return xml(BucketDocuments.listBuckets(page, l, owner: caller, defaultRegion: region))
    }

    func createBucket(_ name: BucketName, _ r: WireRequest, _ caller: Owner) async throws -> WireResponse {
        let acl = try ACLHeaders.parse(r) ?? .private
        let ownership = try r.header("x-amz-object-ownership").map { v throws(StorageError) in
            guard let o = ObjectOwnership(rawValue: v) else {
                throw StorageError.invalidArgument("Invalid x-amz-object-ownership header: \(v)", name: "x-amz-object-ownership", value: v)
            }
            return o
        }
        // A bucket asked for with Object Lock is refused rather than made without it (writes
        // into it would then be refused as to a bucket without the configuration).
        if let lock = r.header("x-amz-bucket-object-lock-enabled"), lock.lowercased() == "true" {
            throw StorageError(.notImplemented, "Object Lock is not implemented.",
                               context: ErrorContext(argument: .init(name: "x-amz-bucket-object-lock-enabled", value: lock)))
        }
        let body = try await r.body.collect(upTo: 64 * 1024)
        var region = ""
        if body.readableBytes > 0 {
            let root: XMLElement
            do { root = try XMLReader.parse(Array(body.readableBytesView)) } catch { throw MultipartDocuments.malformed }
            guard root.name == "CreateBucketConfiguration" else { throw MultipartDocuments.malformed }
            region = root.child("LocationConstraint")?.text ?? ""
        }
        do {
            _ = try await engine.createBucket(name, region: region, acl: acl, objectOwnership: ownership, caller: caller)
        } catch let e as StorageError where e.code == .bucketAlreadyOwnedByYou && self.region == "us-east-1" {
            // AWS's legacy answer in us-east-1 to re-creating one's own bucket: 200 (elsewhere 409).
        }
        var response = WireResponse(status: .ok)
        response.headers[.location] = "/\(name.value)"
        return response
    }

    func headBucket(_ name: BucketName, _ caller: Owner) async throws -> WireResponse {
        let bucket = try await engine.authorizedBucket(name, caller: caller, for: .read, action: .listBucket)
        var response = WireResponse(status: .ok)
        response.setHeader("x-amz-bucket-region", bucket.region.isEmpty ? region : bucket.region)
        return response
    }

    func deleteBucket(_ name: BucketName, _ caller: Owner) async throws -> WireResponse {
        try await engine.deleteBucket(name, abortingUploads: true, caller: caller)  // as AWS does
        return WireResponse(status: .noContent)
    }

    func getBucketLocation(_ name: BucketName, _ caller: Owner) async throws -> WireResponse {
        let bucket = try await engine.authorizedBucket(name, caller: caller, action: .getBucketLocation)
        return xml(BucketDocuments.location(bucket.region))
    }

    /// PutBucketOwnershipControls: the `OwnershipControls` body sets who owns the bucket's objects
    /// and whether ACLs count (200). The bucket's owner only.
    func putOwnershipControls(_ bucket: BucketName, _ r: WireRequest, _ auth: S3Authentication) async throws -> WireResponse {
        let ownership = try OwnershipControlsDocuments.parse(try await document(r, auth, for: bucket, action: .putBucketOwnershipControls))
        try await engine.setObjectOwnership(ownership, bucket: bucket, caller: auth.credential.owner)
        return WireResponse(status: .ok)
    }

    /// PutPublicAccessBlock: the `PublicAccessBlockConfiguration` body replaces the bucket's
    /// block (200, as S3 answers). The bucket's owner only.
    func putPublicAccessBlock(_ bucket: BucketName, _ r: WireRequest, _ auth: S3Authentication) async throws -> WireResponse {
        let block = try PublicAccessBlockDocuments.parse(try await document(r, auth, for: bucket, action: .putBucketPublicAccessBlock))
        try await engine.setPublicAccessBlock(block, bucket: bucket, caller: auth.credential.owner)
        return WireResponse(status: .ok)
    }

    /// GetBucketVersioning: the state the bucket was put in (Suspended), or S3's empty
    /// configuration for one never set.
    func getBucketVersioning(_ name: BucketName, _ caller: Owner) async throws -> WireResponse {
        xml(VersioningDocuments.render(try await engine.bucketVersioning(bucket: name, caller: caller)))
    }

    /// PutBucketVersioning: `Suspended` is kept (200); it is what every bucket here does, one
    /// version of each object. Enabling versioning or MFA delete is 501: neither is kept, and
    /// answering 200 would promise versions that are not there.
    func putBucketVersioning(_ name: BucketName, _ r: WireRequest, _ auth: S3Authentication) async throws -> WireResponse {
        let asked = try VersioningDocuments.parse(try await document(r, auth, for: name, action: .putBucketVersioning))
        if asked.status == "Enabled" {
            throw StorageError(.notImplemented, "Tessera keeps one version of each object: versioning can be suspended, not enabled.")
        }
        if asked.mfaDelete == "Enabled" { throw StorageError(.notImplemented, "MFA delete is not implemented by Tessera.") }
        // Without a Status (MfaDelete Disabled alone) nothing changes; reading the body judged access.
        if asked.status == "Suspended" {
            try await engine.setBucketVersioning(.suspended, bucket: name, caller: auth.credential.owner)
        }
        return WireResponse(status: .ok)
    }

    /// The bucket's owner reads a configuration never set: S3's 404 for it, or its empty document.
    func getUnsetConfiguration(_ name: BucketName, _ configuration: UnsetConfiguration, _ caller: Owner) async throws -> WireResponse {
        _ = try await engine.authorizedBucket(name, caller: caller, action: .readUnsetConfiguration)
        guard configuration.missing == nil else { throw configuration.notFound(in: name) }
        return xml(configuration.emptyDocument)
    }

    /// An object's retention or legal hold, for a caller who may read (or write) it: no bucket
    /// has an Object Lock configuration, so S3's 400 for a bucket without one.
    func objectLockOfObject(_ name: BucketName, _ key: ObjectKey, read: Bool, _ caller: Owner) async throws -> WireResponse {
        if read {
            _ = try await engine.headObject(bucket: name, key: key, caller: caller)
        } else {
            _ = try await engine.authorizedBucket(name, caller: caller, for: .write, action: .putObject, key: key)
        }
        throw StorageError(.invalidRequest, "Bucket is missing Object Lock Configuration")
    }

    /// The bucket's owner deletes a configuration never set: 204, as S3 answers when there is none.
    func deleteUnsetConfiguration(_ name: BucketName, _ caller: Owner) async throws -> WireResponse {
        _ = try await engine.authorizedBucket(name, caller: caller, action: .readUnsetConfiguration)
        return WireResponse(status: .noContent)
    }
}

extension S3Dialect {
    func putBucketLifecycle(_ name: BucketName, _ r: WireRequest, _ auth: S3Authentication) async throws -> WireResponse {
        let configuration = try LifecycleDocuments.parse(try await document(r, auth, for: name, action: .putLifecycleConfiguration))
        try await engine.putBucketLifecycle(configuration, bucket: name, caller: auth.credential.owner)
        return WireResponse(status: .ok)
    }

    func getBucketLifecycle(_ name: BucketName, _ caller: Owner) async throws -> WireResponse {
        xml(LifecycleDocuments.render(try await engine.bucketLifecycle(bucket: name, caller: caller)))
    }

    func deleteBucketLifecycle(_ name: BucketName, _ caller: Owner) async throws -> WireResponse {
        try await engine.deleteBucketLifecycle(bucket: name, caller: caller)
        return WireResponse(status: .noContent)
    }
}
