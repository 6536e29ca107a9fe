public import TesseraCore
public import TesseraHTTP

/// Every UFile operation Tessera serves, parsed before any handler runs. Part numbers are UFile's
/// (from 0); handlers translate to the engine's (from 1).
public enum UFileOperation: Sendable, Equatable {
    case putFile(BucketName, ObjectKey)
    case postFile(BucketName)
    case getFile(BucketName, ObjectKey)
    case headFile(BucketName, ObjectKey)
    case deleteFile(BucketName, ObjectKey)
    /// `PUT /<key>?storageClass=…`: the object's storage class changed in place.
    case classSwitch(BucketName, ObjectKey, storageClass: String)
    /// `PUT /<key>?restore`: an archived object made readable.
    case restore(BucketName, ObjectKey)
    /// `POST /key?opmeta`: the SDK's `opMeta`, `{"op":"set","metak":"mimetype","metav":…}`.
    case opMeta(BucketName, ObjectKey)
    case prefixFileList(BucketName, ListingQuery)
    case listObjects(BucketName, ListingQuery)
    case copy(BucketName, ObjectKey, sourceBucket: BucketName, sourceKey: ObjectKey)
    case initiateMultipartUpload(BucketName, ObjectKey)
    case uploadPart(BucketName, ObjectKey, UploadID, part: Int)
    case uploadPartCopy(BucketName, ObjectKey, UploadID, part: Int, sourceBucket: BucketName, sourceKey: ObjectKey)
    case finishMultipartUpload(BucketName, ObjectKey, UploadID, newKey: ObjectKey?)
    case abortMultipartUpload(BucketName, ObjectKey, UploadID)
    case getMultiUploadPart(BucketName, UploadID, PartListing)
    case getMultiUploadId(BucketName, ListingQuery)
    /// A call in the UCloud API form (`?Action=…`, API signature).
    case api(UFileAPICall)
    /// A recognised request Tessera does not implement.
    case unsupported(String)

    /// The operation's UFile name, for logs and metrics.
    public var name: String {
        switch self {
        case .putFile: "PutFile"
        case .postFile: "PostFile"
        case .getFile: "GetFile"
        case .headFile: "HeadFile"
        case .deleteFile: "DeleteFile"
        case .classSwitch: "ClassSwitch"
        case .restore: "Restore"
        case .opMeta: "OpMeta"
        case .prefixFileList: "PrefixFileList"
        case .listObjects: "ListObjects"
        case .copy: "Copy"
        case .initiateMultipartUpload: "InitiateMultipartUpload"
        case .uploadPart: "UploadPart"
        case .uploadPartCopy: "UploadPartCopy"
        case .finishMultipartUpload: "FinishMultipartUpload"
        case .abortMultipartUpload: "AbortMultipartUpload"
        case .getMultiUploadPart: "GetMultiUploadPart"
        case .getMultiUploadId: "GetMultiUploadId"
        case .api(let call): call.action
        case .unsupported(let what): what
        }
    }
}
