/// What an access-control grant allows (S3's ACL permissions).
public enum Permission: String, Sendable, Hashable, Codable, CaseIterable {
    /// Bucket: list its objects and uploads. Object: read it.
    case read = "READ"
    /// Bucket: write, delete and upload objects. (Objects have no WRITE.)
    case write = "WRITE"
    /// Read the ACL.
    case readACP = "READ_ACP"
    /// Replace the ACL.
    case writeACP = "WRITE_ACP"
    /// All of the above.
    case fullControl = "FULL_CONTROL"
}

/// Who a grant is to.
public enum Grantee: Sendable, Hashable, Codable {
    /// A user by canonical id (an ``Owner`` id).
    case user(id: String)
    /// Anyone, signed or not (S3's AllUsers group).
    case allUsers
    /// Any signed request (S3's AuthenticatedUsers group).
    case authenticatedUsers
    /// The owner of the bucket the object is in, whoever that is (canned `bucket-owner-*`).
    case bucketOwner

    /// S3's URI of the two groups.
    public static let allUsersURI = "http://acs.amazonaws.com/groups/global/AllUsers"
    /// S3's URI of the AuthenticatedUsers group.
    public static let authenticatedUsersURI = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
}

/// One grant: a permission to a grantee.
public struct Grant: Sendable, Hashable, Codable {
    /// Who.
    public var grantee: Grantee
    /// What.
    public var permission: Permission

    /// Creates a grant.
    public init(_ grantee: Grantee, _ permission: Permission) {
        self.grantee = grantee
        self.permission = permission
    }
}

/// The grants of a bucket or object beyond its owner's, who always has full control. Empty is
/// `private`.
public struct AccessControlList: Sendable, Hashable, Codable {
    /// The grants, in the order given.
    public var grants: [Grant]

    /// Creates a list.
    public init(grants: [Grant] = []) { self.grants = grants }

    /// No grants: only the owner.
    public static let `private` = AccessControlList()

    /// Whether a grant gives `permission` to `caller` (``Owner/anonymous`` for an unsigned request).
    public func allows(_ permission: Permission, to caller: Owner, bucketOwner: Owner) -> Bool {
        grants.contains { g in
            guard g.permission == permission || g.permission == .fullControl else { return false }
            switch g.grantee {
            case .user(let id): return !caller.isAnonymous && id == caller.id
            case .allUsers: return true
            case .authenticatedUsers: return !caller.isAnonymous
            case .bucketOwner: return caller.id == bucketOwner.id
            }
        }
    }
}

/// S3's canned ACLs (`x-amz-acl`).
public enum CannedACL: String, Sendable, Hashable, CaseIterable {
    /// Only the owner.
    case `private` = "private"
    /// Anyone reads.
    case publicRead = "public-read"
    /// Anyone reads and writes (buckets).
    case publicReadWrite = "public-read-write"
    /// Any signed request reads.
    case authenticatedRead = "authenticated-read"
    /// The bucket's owner reads (objects).
    case bucketOwnerRead = "bucket-owner-read"
    /// The bucket's owner has full control (objects).
    case bucketOwnerFullControl = "bucket-owner-full-control"

    /// The grants it stands for.
    public var list: AccessControlList {
        switch self {
        case .private: return .private
        case .publicRead: return AccessControlList(grants: [Grant(.allUsers, .read)])
        case .publicReadWrite: return AccessControlList(grants: [Grant(.allUsers, .read), Grant(.allUsers, .write)])
        case .authenticatedRead: return AccessControlList(grants: [Grant(.authenticatedUsers, .read)])
        case .bucketOwnerRead: return AccessControlList(grants: [Grant(.bucketOwner, .read)])
        case .bucketOwnerFullControl: return AccessControlList(grants: [Grant(.bucketOwner, .fullControl)])
        }
    }
}

extension Owner {
    /// Who an unsigned request is from: owns nothing, matches only AllUsers grants.
    public static let anonymous = Owner(id: "", displayName: "")
    /// Whether this is ``anonymous``.
    public var isAnonymous: Bool { id.isEmpty }
}
