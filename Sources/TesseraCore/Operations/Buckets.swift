extension Engine {
    /// Creates a bucket owned by `caller`, with `objectOwnership` if given (ACLs off with grants
    /// in `acl` is refused, as S3 refuses it).
    public func createBucket(_ name: BucketName, region: String, access: BucketAccess = .private, acl: AccessControlList = .private,
                             objectOwnership: ObjectOwnership? = nil, caller: Owner) async throws -> Bucket {
        guard !caller.isAnonymous else { throw StorageError.accessDenied() }
        if objectOwnership == .bucketOwnerEnforced, !acl.grants.isEmpty, !acl.isBucketOwnerFullControl {
            throw StorageError(.invalidRequest, "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
                               context: ErrorContext(argument: .init(name: "ObjectOwnership", value: ObjectOwnership.bucketOwnerEnforced.rawValue)))
        }
        let bucket = Bucket(name: name, owner: caller, created: clock.now(), region: region, access: access, acl: acl,
                            objectOwnership: objectOwnership)
        do {
            try await metadata.createBucket(bucket)
        } catch let e as StorageError where e.code == .bucketAlreadyExists && e.context.owner == caller.id {
            throw StorageError(.bucketAlreadyOwnedByYou,
                               "Your previous request to create the named bucket succeeded and you already own it.",
                               context: ErrorContext(bucket: name.value))
        }
        return bucket
    }

    /// Deletes a bucket of `caller`'s that holds no objects. With `abortingUploads` (S3, which lets cleanup tools delete a bucket whose objects are
    /// gone) in-progress uploads are aborted with it, atomically; without (BOS, whose DeleteBucket
    /// requires uploads to be gone first) they make it `bucketNotEmpty`, like objects always do.
    public func deleteBucket(_ name: BucketName, abortingUploads: Bool = false, caller: Owner) async throws {
        _ = try await authorizedBucket(name, caller: caller, action: .deleteBucket)
        if try await metadata.deleteBucket(name, abortingUploads: abortingUploads) > 0 { garbageQueued() }
    }

    /// The buckets `caller` owns, by name.
    public func listBuckets(caller: Owner) async throws -> [Bucket] {
        guard !caller.isAnonymous else { throw StorageError.accessDenied() }
        return try await metadata.buckets().filter { $0.owner.id == caller.id }
    }

    /// Sets who may read `name`'s objects without credentials.
    public func setBucketAccess(_ name: BucketName, _ access: BucketAccess, caller: Owner) async throws -> Bucket {
        var bucket = try await authorizedBucket(name, caller: caller, action: .putBucketAcl)
        try bucket.refuseBlocked(access)
        try await metadata.setAccess(access, bucket: name)
        bucket.access = access
        return bucket
    }
}
