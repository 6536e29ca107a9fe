public import TesseraCore
public import TesseraHTTP

/// Every BOS operation Tessera serves, parsed before any handler runs.
public enum BOSOperation: Sendable, Equatable {
    case listBuckets
    case putBucket(BucketName)
    case headBucket(BucketName)
    case deleteBucket(BucketName)
    case getBucketLocation(BucketName)
    case putBucketLifecycle(BucketName)
    case getBucketLifecycle(BucketName)
    case deleteBucketLifecycle(BucketName)
    /// `GET ?tagging` on a bucket: its own tags.
    case getBucketTagging(BucketName)
    /// `PUT ?tagging` on a bucket.
    case putBucketTagging(BucketName)
    /// `DELETE ?tagging` on a bucket.
    case deleteBucketTagging(BucketName)
    /// `GET ?cors`: the bucket's cross-origin rules.
    case getBucketCors(BucketName)
    /// `PUT ?cors`.
    case putBucketCors(BucketName)
    /// `DELETE ?cors`.
    case deleteBucketCors(BucketName)
    /// `OPTIONS`: a browser's preflight, for an object (`object`) or the bucket.
    case preflight(BucketName, object: Bool)
    /// `GET /bucket?acl`.
    case getBucketAcl(BucketName)
    /// `PUT /bucket?acl`: a canned ACL (`x-bce-acl`) or an ACL document.
    case putBucketAcl(BucketName)
    /// `GET /bucket/key?acl`.
    case getObjectAcl(BucketName, ObjectKey)
    /// `PUT /bucket/key?acl`: `x-bce-acl`, `x-bce-grant-read`, `x-bce-grant-full-control` or a document.
    case putObjectAcl(BucketName, ObjectKey)
    /// `DELETE /bucket/key?acl`: the object keeps no ACL of its own.
    case deleteObjectAcl(BucketName, ObjectKey)
    case listObjects(BucketName, ListingQuery)
    case listMultipartUploads(BucketName, BOSUploadListing)
    case deleteMultipleObjects(BucketName)
    case putObject(BucketName, ObjectKey)
    case copyObject(BucketName, ObjectKey, source: (BucketName, ObjectKey))
    case getObject(BucketName, ObjectKey)
    case getObjectMeta(BucketName, ObjectKey)
    case deleteObject(BucketName, ObjectKey)
    case getObjectTagging(BucketName, ObjectKey)
    case putObjectTagging(BucketName, ObjectKey)
    case deleteObjectTagging(BucketName, ObjectKey)
    case initiateMultipartUpload(BucketName, ObjectKey)
    case uploadPart(BucketName, ObjectKey, UploadID, PartNumber)
    case uploadPartCopy(BucketName, ObjectKey, UploadID, PartNumber, source: (BucketName, ObjectKey))
    case completeMultipartUpload(BucketName, ObjectKey, UploadID)
    case abortMultipartUpload(BucketName, ObjectKey, UploadID)
    case listParts(BucketName, ObjectKey, UploadID, PartListing)
    /// A recognised request Tessera does not implement.
    case unsupported(String)

    /// The operation's BOS name, for logs and metrics.
    public var name: String {
        switch self {
        case .listBuckets: "ListBuckets"
        case .putBucket: "PutBucket"
        case .headBucket: "HeadBucket"
        case .deleteBucket: "DeleteBucket"
        case .getBucketLocation: "GetBucketLocation"
        case .putBucketLifecycle: "PutBucketLifecycle"
        case .getBucketLifecycle: "GetBucketLifecycle"
        case .deleteBucketLifecycle: "DeleteBucketLifecycle"
        case .getBucketTagging: "GetBucketTagging"
        case .putBucketTagging: "PutBucketTagging"
        case .deleteBucketTagging: "DeleteBucketTagging"
        case .getBucketCors: "GetBucketCors"
        case .putBucketCors: "PutBucketCors"
        case .deleteBucketCors: "DeleteBucketCors"
        case .preflight: "OptionsObject"
        case .getBucketAcl: "GetBucketAcl"
        case .putBucketAcl: "PutBucketAcl"
        case .getObjectAcl: "GetObjectAcl"
        case .putObjectAcl: "PutObjectAcl"
        case .deleteObjectAcl: "DeleteObjectAcl"
        case .listObjects: "ListObjects"
        case .listMultipartUploads: "ListMultipartUploads"
        case .deleteMultipleObjects: "DeleteMultipleObjects"
        case .putObject: "PutObject"
        case .copyObject: "CopyObject"
        case .getObject: "GetObject"
        case .getObjectMeta: "GetObjectMeta"
        case .deleteObject: "DeleteObject"
        case .getObjectTagging: "GetObjectTagging"
        case .putObjectTagging: "PutObjectTagging"
        case .deleteObjectTagging: "DeleteObjectTagging"
        case .initiateMultipartUpload: "InitiateMultipartUpload"
        case .uploadPart: "UploadPart"
        case .uploadPartCopy: "UploadPartCopy"
        case .completeMultipartUpload: "CompleteMultipartUpload"
        case .abortMultipartUpload: "AbortMultipartUpload"
        case .listParts: "ListParts"
        case .unsupported(let what): what
        }
    }

    /// Compares operations (copy sources by value).
    public static func == (a: BOSOperation, b: BOSOperation) -> Bool { String(describing: a) == String(describing: b) }
}
