import TesseraCore

/// The bucket and key an operation names, read from its enum payload: every dialect's operations
/// carry a ``BucketName`` first and an ``ObjectKey`` next when they name them. One reader for all
/// dialects instead of a switch over ~80 cases; it runs only when an access log is kept, or for a
/// browser's request (its `Origin`) to a dialect without a bucket accessor of its own.
public enum OperationTarget {
    /// The first bucket and first key in `operation`'s payload (nil when it names none).
    public static func of(_ operation: Any) -> (bucket: String?, key: String?) {
        guard let payload = Mirror(reflecting: operation).children.first?.value else { return (nil, nil) }
        var bucket: String?
        var key: String?
        func look(_ value: Any) {
            if bucket == nil, let b = value as? BucketName { bucket = b.value }
            else if key == nil, let k = value as? ObjectKey { key = k.value }
        }
        look(payload)
        for child in Mirror(reflecting: payload).children where child.value is BucketName || child.value is ObjectKey {
            look(child.value)
        }
        return (bucket, key)
    }
}
