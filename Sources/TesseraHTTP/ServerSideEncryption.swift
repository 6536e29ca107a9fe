public import TesseraCore

/// The server-side encryption an object write asks for, in one dialect's headers. Tessera keeps
/// bytes as the file system holds them, so it does not serve what it cannot keep: customer-provided
/// keys (SSE-C) and KMS keys are refused (501), not ignored; ignoring SSE-C stored a client's data
/// in the clear and served it to requests without the key. The service-managed method (`AES256`,
/// which S3 applies to every object by default) is taken as that default; encryption at rest is
/// the disk's.
public struct ServerSideEncryption: Sendable {
    /// `<prefix>server-side-encryption`, its KMS key id, then the four SSE-C headers (the
    /// request's algorithm and key, its copy source's): the names ``check(_:)`` reads, in order.
    public let headerNames: [String]
    private let managed: Set<String>
    private let known: Set<String>

    /// The headers that begin with `headerPrefix` (`x-amz-`, `x-bce-`); `managed` methods are
    /// taken, other `known` ones refused as not implemented, the rest as invalid.
    public init(headerPrefix p: String, managed: Set<String>, known: Set<String>) {
        headerNames = [p + "server-side-encryption", p + "server-side-encryption-aws-kms-key-id",
                       p + "server-side-encryption-customer-algorithm", p + "server-side-encryption-customer-key",
                       p + "copy-source-server-side-encryption-customer-algorithm", p + "copy-source-server-side-encryption-customer-key"]
        self.managed = managed
        self.known = known
    }

    /// Throws unless the values of ``headerNames`` (a ``HeaderScan``'s, in that order) ask for
    /// no encryption or for a managed method: `notImplemented` for SSE-C, a KMS key, or a known
    /// method not managed here; `invalidArgument` for an unknown method.
    public func check(_ values: ArraySlice<String?>) throws(StorageError) {
        let v = Array(values)
        for i in 2..<headerNames.count where v[i] != nil {
            throw StorageError(.notImplemented, "Server-side encryption with customer-provided keys is not implemented.",
                               context: ErrorContext(argument: .init(name: headerNames[i], value: "")))
        }
        if let kmsKey = v[1] {
            throw StorageError(.notImplemented, "Server-side encryption with KMS keys is not implemented.",
                               context: ErrorContext(argument: .init(name: headerNames[1], value: kmsKey)))
        }
        guard let method = v[0], !managed.contains(method) else { return }
        guard known.contains(method) else {
            throw StorageError.invalidArgument("The encryption method specified is not supported", name: headerNames[0], value: method)
        }
        throw StorageError(.notImplemented, "Server-side encryption with \(method) is not implemented.",
                           context: ErrorContext(argument: .init(name: headerNames[0], value: method)))
    }
}
