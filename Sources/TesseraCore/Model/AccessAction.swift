/// What a request does to a bucket or an object, as a bucket policy names it (an action's name
/// is S3's IAM action without its `s3:` service prefix). The engine names the action at each
/// place it decides access, so a policy is judged the same whichever dialect the request came in.
public enum AccessAction: String, Sendable, Hashable, Codable, CaseIterable {
    // Objects: the policy's resource is the object.
    /// Read an object or its metadata (GET, HEAD, a copy's source).
    case getObject = "GetObject"
    /// Write an object: PUT, a copy's target, a form upload, and every step of a multipart upload.
    case putObject = "PutObject"
    /// Delete an object.
    case deleteObject = "DeleteObject"
    /// Restore an archived object.
    case restoreObject = "RestoreObject"
    /// Read an object's attributes (GetObjectAttributes).
    case getObjectAttributes = "GetObjectAttributes"
    /// Read an object's ACL.
    case getObjectAcl = "GetObjectAcl"
    /// Replace an object's ACL.
    case putObjectAcl = "PutObjectAcl"
    /// Read an object's tags.
    case getObjectTagging = "GetObjectTagging"
    /// Replace an object's tags.
    case putObjectTagging = "PutObjectTagging"
    /// Remove an object's tags.
    case deleteObjectTagging = "DeleteObjectTagging"
    /// Abort a multipart upload.
    case abortMultipartUpload = "AbortMultipartUpload"
    /// List an upload's parts.
    case listMultipartUploadParts = "ListMultipartUploadParts"
    // Buckets: the policy's resource is the bucket.
    /// List the bucket's objects (and HEAD the bucket).
    case listBucket = "ListBucket"
    /// List the bucket's object versions.
    case listBucketVersions = "ListBucketVersions"
    /// List the bucket's multipart uploads in progress.
    case listBucketMultipartUploads = "ListBucketMultipartUploads"
    /// Delete the bucket.
    case deleteBucket = "DeleteBucket"
    /// Read where the bucket is.
    case getBucketLocation = "GetBucketLocation"
    /// Read the bucket's versioning state.
    case getBucketVersioning = "GetBucketVersioning"
    /// Change the bucket's versioning state.
    case putBucketVersioning = "PutBucketVersioning"
    /// Read the bucket's ACL.
    case getBucketAcl = "GetBucketAcl"
    /// Replace the bucket's ACL.
    case putBucketAcl = "PutBucketAcl"
    /// Read the bucket's tags.
    case getBucketTagging = "GetBucketTagging"
    /// Replace or remove the bucket's tags.
    case putBucketTagging = "PutBucketTagging"
    /// Read the bucket's CORS rules.
    case getBucketCORS = "GetBucketCORS"
    /// Replace or remove the bucket's CORS rules.
    case putBucketCORS = "PutBucketCORS"
    /// Read the bucket's lifecycle rules.
    case getLifecycleConfiguration = "GetLifecycleConfiguration"
    /// Replace or remove the bucket's lifecycle rules.
    case putLifecycleConfiguration = "PutLifecycleConfiguration"
    /// Read the bucket's policy, or whether it is public.
    case getBucketPolicy = "GetBucketPolicy"
    /// Replace the bucket's policy.
    case putBucketPolicy = "PutBucketPolicy"
    /// Remove the bucket's policy.
    case deleteBucketPolicy = "DeleteBucketPolicy"
    /// Read whether the bucket's policy is public.
    case getBucketPolicyStatus = "GetBucketPolicyStatus"
    /// Read the bucket's public access block.
    case getBucketPublicAccessBlock = "GetBucketPublicAccessBlock"
    /// Replace or remove the bucket's public access block.
    case putBucketPublicAccessBlock = "PutBucketPublicAccessBlock"
    /// Read the bucket's ownership controls.
    case getBucketOwnershipControls = "GetBucketOwnershipControls"
    /// Replace or remove the bucket's ownership controls.
    case putBucketOwnershipControls = "PutBucketOwnershipControls"
    /// Read a bucket configuration Tessera never keeps (website, encryption, logging, …): no
    /// policy names it, so only the bucket's owner is ever allowed it.
    case readUnsetConfiguration = "-"

    /// Whether the action's resource is an object (`bucket/key`), not the bucket.
    public var isObjectLevel: Bool {
        switch self {
        case .getObject, .putObject, .deleteObject, .restoreObject, .getObjectAttributes, .getObjectAcl, .putObjectAcl,
             .getObjectTagging, .putObjectTagging, .deleteObjectTagging, .abortMultipartUpload, .listMultipartUploadParts:
            true
        default:
            false
        }
    }

    /// Whether the bucket's owner may take it even where the policy denies it, so that a policy
    /// cannot lock its owner out (S3 lets the owner's root read, replace and delete the policy).
    public var ownerAlwaysMay: Bool {
        self == .getBucketPolicy || self == .putBucketPolicy || self == .deleteBucketPolicy
    }
}
