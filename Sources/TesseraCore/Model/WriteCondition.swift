/// A condition on the object a write would replace, checked in the same transaction as the write
/// (S3's conditional writes: clients use create-only writes as locks).
public enum WriteCondition: Sendable, Hashable {
    /// Write whatever is there.
    case none
    /// Write only if no object has the key (`If-None-Match: *`).
    case absent
    /// Write only over the object with this ETag (`If-Match`); a missing object is `noSuchKey`.
    case matching(ETag)
    /// Write (or delete) only if some object has the key (`If-Match: *`); none is `noSuchKey`.
    case present

    /// Whether `current` (the object now under the key) satisfies the condition; throws
    /// `preconditionFailed` or, for `matching` with no object, `noSuchKey`.
    public func check(_ current: ETag?, key: String) throws(StorageError) {
        switch self {
        case .none:
            return
        case .absent:
            if current != nil { throw Self.failed("If-None-Match") }
        case .matching(let wanted):
            guard let current else { throw StorageError.noSuchKey(key) }
            if current != wanted { throw Self.failed("If-Match") }
        case .present:
            if current == nil { throw StorageError.noSuchKey(key) }
        }
    }

    static func failed(_ header: String) -> StorageError {
        StorageError(.preconditionFailed, "At least one of the pre-conditions you specified did not hold",
                     context: ErrorContext(condition: header))
    }
}
