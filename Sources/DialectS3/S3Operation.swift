public import TesseraCore
public import TesseraHTTP

/// Every S3 operation Tessera serves, parsed from the request before any handler runs.
public enum S3Operation: Sendable, Equatable {
    case listBuckets(S3BucketListing)
    case createBucket(BucketName)
    case headBucket(BucketName)
    case deleteBucket(BucketName)
    case getBucketLocation(BucketName)
    case getBucketVersioning(BucketName)
    case putBucketVersioning(BucketName)
    /// Reading a bucket configuration Tessera never keeps: S3's answer for one not set.
    case getUnsetConfiguration(BucketName, UnsetConfiguration)
    /// Deleting one: nothing to delete, as S3 answers then.
    case deleteUnsetConfiguration(BucketName, UnsetConfiguration)
    /// An object's retention or legal hold, read or set: no bucket has an Object Lock
    /// configuration, so S3's answer for that.
    case objectLockOfObject(BucketName, ObjectKey, legalHold: Bool, read: Bool)
    case putBucketLifecycle(BucketName)
    case getBucketLifecycle(BucketName)
    case deleteBucketLifecycle(BucketName)
    case getBucketACL(BucketName)
    case putBucketACL(BucketName)
    case getObjectACL(BucketName, ObjectKey)
    case putObjectACL(BucketName, ObjectKey)
    case getBucketTagging(BucketName)
    case putBucketTagging(BucketName)
    case deleteBucketTagging(BucketName)
    /// `GET ?ownershipControls`: who owns the bucket's objects.
    case getOwnershipControls(BucketName)
    /// `PUT ?ownershipControls`.
    case putOwnershipControls(BucketName)
    /// `DELETE ?ownershipControls`.
    case deleteOwnershipControls(BucketName)
    /// `GET ?publicAccessBlock`: the bucket's public access block.
    case getPublicAccessBlock(BucketName)
    /// `PUT ?publicAccessBlock`.
    case putPublicAccessBlock(BucketName)
    /// `DELETE ?publicAccessBlock`.
    case deletePublicAccessBlock(BucketName)
    /// `GET ?cors`: the bucket's cross-origin rules.
    case getBucketCors(BucketName)
    /// `PUT ?cors`.
    case putBucketCors(BucketName)
    /// `DELETE ?cors`.
    case deleteBucketCors(BucketName)
    /// `OPTIONS`: a browser's preflight, for an object (`object`) or the bucket.
    case preflight(BucketName, object: Bool)
    /// `GET /bucket?policy`.
    case getBucketPolicy(BucketName)
    /// `PUT /bucket?policy`.
    case putBucketPolicy(BucketName)
    /// `DELETE /bucket?policy`.
    case deleteBucketPolicy(BucketName)
    /// `GET /bucket?policyStatus`.
    case getBucketPolicyStatus(BucketName)
    /// `POST` of a `multipart/form-data` form to the bucket: a browser's form upload.
    case postObject(BucketName)
    /// `POST /key?restore`: RestoreObject.
    case restoreObject(BucketName, ObjectKey)
    case getObjectTagging(BucketName, ObjectKey)
    case putObjectTagging(BucketName, ObjectKey)
    case deleteObjectTagging(BucketName, ObjectKey)
    case listObjects(BucketName, S3Listing)
    case listObjectsV2(BucketName, S3Listing)
    case listObjectVersions(BucketName, S3Listing)
    case listMultipartUploads(BucketName, S3Listing)
    case deleteObjects(BucketName)
    case putObject(BucketName, ObjectKey, WriteCondition)
    case copyObject(BucketName, ObjectKey, source: CopySource, condition: WriteCondition)
    case getObject(BucketName, ObjectKey)
    case headObject(BucketName, ObjectKey)
    case getObjectAttributes(BucketName, ObjectKey)
    case deleteObject(BucketName, ObjectKey, WriteCondition)
    case createMultipartUpload(BucketName, ObjectKey)
    case uploadPart(BucketName, ObjectKey, UploadID, PartNumber)
    case uploadPartCopy(BucketName, ObjectKey, UploadID, PartNumber, source: CopySource)
    case completeMultipartUpload(BucketName, ObjectKey, UploadID, WriteCondition)
    case abortMultipartUpload(BucketName, ObjectKey, UploadID)
    case listParts(BucketName, ObjectKey, UploadID, PartListing)
    /// A recognised request Tessera does not implement (named for the error message).
    case unsupported(String)

    /// The operation's S3 name, for logs and metrics.
    public var name: String {
        switch self {
        case .listBuckets: "ListBuckets"
        case .createBucket: "CreateBucket"
        case .headBucket: "HeadBucket"
        case .deleteBucket: "DeleteBucket"
        case .getBucketLocation: "GetBucketLocation"
        case .getBucketVersioning: "GetBucketVersioning"
        case .putBucketVersioning: "PutBucketVersioning"
        case .getUnsetConfiguration(_, let c): c.getName
        case .deleteUnsetConfiguration(_, let c): c.deleteName ?? "Delete"
        case .putBucketLifecycle: "PutBucketLifecycleConfiguration"
        case .getBucketLifecycle: "GetBucketLifecycleConfiguration"
        case .deleteBucketLifecycle: "DeleteBucketLifecycle"
        case .getBucketACL: "GetBucketAcl"
        case .putBucketACL: "PutBucketAcl"
        case .getObjectACL: "GetObjectAcl"
        case .putObjectACL: "PutObjectAcl"
        case .getBucketTagging: "GetBucketTagging"
        case .putBucketTagging: "PutBucketTagging"
        case .deleteBucketTagging: "DeleteBucketTagging"
        case .getOwnershipControls: "GetBucketOwnershipControls"
        case .putOwnershipControls: "PutBucketOwnershipControls"
        case .deleteOwnershipControls: "DeleteBucketOwnershipControls"
        case .getPublicAccessBlock: "GetPublicAccessBlock"
        case .putPublicAccessBlock: "PutPublicAccessBlock"
        case .deletePublicAccessBlock: "DeletePublicAccessBlock"
        case .getBucketCors: "GetBucketCors"
        case .putBucketCors: "PutBucketCors"
        case .deleteBucketCors: "DeleteBucketCors"
        case .preflight: "OptionsPreflight"
        case .getBucketPolicy: "GetBucketPolicy"
        case .putBucketPolicy: "PutBucketPolicy"
        case .deleteBucketPolicy: "DeleteBucketPolicy"
        case .getBucketPolicyStatus: "GetBucketPolicyStatus"
        case .postObject: "PostObject"
        case .restoreObject: "RestoreObject"
        case .getObjectTagging: "GetObjectTagging"
        case .putObjectTagging: "PutObjectTagging"
        case .deleteObjectTagging: "DeleteObjectTagging"
        case .listObjects: "ListObjects"
        case .listObjectsV2: "ListObjectsV2"
        case .listObjectVersions: "ListObjectVersions"
        case .listMultipartUploads: "ListMultipartUploads"
        case .deleteObjects: "DeleteObjects"
        case .putObject: "PutObject"
        case .copyObject: "CopyObject"
        case .getObject: "GetObject"
        case .headObject: "HeadObject"
        case .getObjectAttributes: "GetObjectAttributes"
        case .objectLockOfObject(_, _, let legalHold, let read): (read ? "Get" : "Put") + (legalHold ? "ObjectLegalHold" : "ObjectRetention")
        case .deleteObject: "DeleteObject"
        case .createMultipartUpload: "CreateMultipartUpload"
        case .uploadPart: "UploadPart"
        case .uploadPartCopy: "UploadPartCopy"
        case .completeMultipartUpload: "CompleteMultipartUpload"
        case .abortMultipartUpload: "AbortMultipartUpload"
        case .listParts: "ListParts"
        case .unsupported(let what): what
        }
    }
}

extension S3Operation {
    /// The bucket the operation addresses (nil for ListBuckets and what is not implemented).
    public var bucket: BucketName? {
        switch self {
        case .listBuckets, .unsupported: nil
        case .createBucket(let b), .headBucket(let b), .deleteBucket(let b), .getBucketLocation(let b), .getBucketVersioning(let b), .putBucketVersioning(let b),
             .getUnsetConfiguration(let b, _), .deleteUnsetConfiguration(let b, _), .getBucketTagging(let b), .putBucketTagging(let b),
             .deleteBucketTagging(let b), .putBucketLifecycle(let b), .getBucketLifecycle(let b), .deleteBucketLifecycle(let b), .getBucketACL(let b),
             .putBucketACL(let b), .deleteObjects(let b), .getBucketCors(let b), .putBucketCors(let b), .deleteBucketCors(let b),
             .preflight(let b, _), .postObject(let b), .getPublicAccessBlock(let b), .putPublicAccessBlock(let b),
             .deletePublicAccessBlock(let b), .getOwnershipControls(let b), .putOwnershipControls(let b), .deleteOwnershipControls(let b),
             .getBucketPolicy(let b), .putBucketPolicy(let b), .deleteBucketPolicy(let b), .getBucketPolicyStatus(let b): b
        case .getObjectACL(let b, _), .putObjectACL(let b, _), .getObjectTagging(let b, _), .putObjectTagging(let b, _),
             .deleteObjectTagging(let b, _), .objectLockOfObject(let b, _, _, _), .getObject(let b, _), .headObject(let b, _), .getObjectAttributes(let b, _),
             .createMultipartUpload(let b, _), .restoreObject(let b, _): b
        case .listObjects(let b, _), .listObjectsV2(let b, _), .listObjectVersions(let b, _), .listMultipartUploads(let b, _): b
        case .putObject(let b, _, _), .deleteObject(let b, _, _), .abortMultipartUpload(let b, _, _): b
        case .copyObject(let b, _, _, _), .uploadPart(let b, _, _, _), .completeMultipartUpload(let b, _, _, _),
             .listParts(let b, _, _, _): b
        case .uploadPartCopy(let b, _, _, _, _): b
        }
    }

    /// The bucket a copy reads from.
    public var sourceBucket: BucketName? {
        switch self {
        case .copyObject(_, _, let source, _), .uploadPartCopy(_, _, _, _, let source): source.bucket
        default: nil
        }
    }
}

/// The object named by `x-amz-copy-source`.
public struct CopySource: Sendable, Equatable {
    /// Source bucket.
    public var bucket: BucketName
    /// Source key.
    public var key: ObjectKey
    /// Conditions on the source (`x-amz-copy-source-if-*`).
    public var conditions = CopySourceConditions()
}
