import TesseraCore
import TesseraHTTP

/// A bucket configuration S3 keeps and Tessera does not (website, default
/// encryption, replication, Object Lock, logging,
/// notifications, transfer acceleration, requester pays). None is ever set, so reading one gets
/// S3's answer for a bucket without it (404 with its code, or the empty document S3 shows), and
/// deleting one succeeds, as S3 answers when there is none; setting one stays 501. Tools that
/// read every configuration of a bucket (Terraform's and Pulumi's S3 buckets, aws-cli's
/// `s3api get-bucket-*`) then see a plain bucket instead of an error.
public enum UnsetConfiguration: String, CaseIterable, Sendable {
    /// `?website`.
    case website
    /// `?encryption` (default encryption).
    case encryption
    /// `?replication`.
    case replication
    /// `?object-lock`.
    case objectLock = "object-lock"
    /// `?logging`.
    case logging
    /// `?notification`.
    case notification
    /// `?accelerate`.
    case accelerate
    /// `?requestPayment`.
    case requestPayment

    /// The one this bucket-level query names, if any.
    init?(_ q: QueryParameters) {
        guard let found = Self.allCases.first(where: { q.has($0.rawValue) }) else { return nil }
        self = found
    }

    /// S3's name of the read (the access log's operation).
    var getName: String {
        switch self {
        case .website: "GetBucketWebsite"
        case .encryption: "GetBucketEncryption"
        case .replication: "GetBucketReplication"
        case .objectLock: "GetObjectLockConfiguration"
        case .logging: "GetBucketLogging"
        case .notification: "GetBucketNotificationConfiguration"
        case .accelerate: "GetBucketAccelerateConfiguration"
        case .requestPayment: "GetBucketRequestPayment"
        }
    }

    /// S3's name of the delete, or `nil` where S3 has none (the configuration is changed by a PUT).
    var deleteName: String? {
        switch self {
        case .website: "DeleteBucketWebsite"
        case .encryption: "DeleteBucketEncryption"
        case .replication: "DeleteBucketReplication"
        case .objectLock, .logging, .notification, .accelerate, .requestPayment: nil
        }
    }

    /// S3's code and message for reading it when it is not set, or `nil` where S3 answers 200
    /// with ``emptyDocument`` instead.
    var missing: (code: String, message: String)? {
        switch self {
        case .website: ("NoSuchWebsiteConfiguration", "The specified bucket does not have a website configuration")
        case .encryption: ("ServerSideEncryptionConfigurationNotFoundError", "The server side encryption configuration was not found")
        case .replication: ("ReplicationConfigurationNotFoundError", "The replication configuration was not found")
        case .objectLock: ("ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket")
        case .logging, .notification, .accelerate, .requestPayment: nil
        }
    }

    /// The document S3 answers for a bucket where it was never set (logging off, no
    /// notifications, acceleration never configured, the owner pays).
    var emptyDocument: String {
        var x = XMLWriter()
        switch self {
        case .requestPayment:
            x.open("RequestPaymentConfiguration", xmlns: s3Namespace)
            x.element("Payer", literal: "BucketOwner")
            x.close("RequestPaymentConfiguration")
        case .notification:
            x.open("NotificationConfiguration", xmlns: s3Namespace)
            x.close("NotificationConfiguration")
        case .accelerate:
            x.open("AccelerateConfiguration", xmlns: s3Namespace)
            x.close("AccelerateConfiguration")
        default:
            x.open("BucketLoggingStatus", xmlns: s3Namespace)
            x.close("BucketLoggingStatus")
        }
        return x.document
    }

    /// The error for reading it in `bucket`, carrying which configuration it is (``S3Errors``
    /// gives S3's code).
    func notFound(in bucket: BucketName) -> StorageError {
        StorageError(.noSuchConfiguration, missing?.message ?? "The configuration does not exist",
                     context: ErrorContext(bucket: bucket.value, argument: .init(name: "configuration", value: rawValue)))
    }
}
