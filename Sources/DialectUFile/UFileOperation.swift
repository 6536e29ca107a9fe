import TesseraCore

/// Every UFile operation Tessera serves, parsed before any handler runs. Part numbers are UFile's
/// (from 0); handlers translate to the engine's (from 1).
public enum UFileOperation: Sendable, Equatable {
    case putFile(BucketName, ObjectKey)
    case postFile(BucketName)
    case getFile(BucketName, ObjectKey)
    case headFile(BucketName, ObjectKey)
    case deleteFile(BucketName, ObjectKey)
    case prefixFileList(BucketName)
    case listObjects(BucketName)
    case copy(BucketName, ObjectKey, sourceBucket: BucketName, sourceKey: ObjectKey)
    case initiateMultipartUpload(BucketName, ObjectKey)
    case uploadPart(BucketName, ObjectKey, UploadID, part: Int)
    case uploadPartCopy(BucketName, ObjectKey, UploadID, part: Int, sourceBucket: BucketName, sourceKey: ObjectKey)
    case finishMultipartUpload(BucketName, ObjectKey, UploadID, newKey: ObjectKey?)
    case abortMultipartUpload(BucketName, ObjectKey, UploadID)
    case getMultiUploadPart(BucketName, UploadID)
    case getMultiUploadId(BucketName)
    /// A recognised request Tessera does not implement.
    case unsupported(String)
}
