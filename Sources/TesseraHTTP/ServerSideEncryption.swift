public import TesseraCore

/// The server-side encryption an object write asks for, in one dialect's headers. Tessera keeps
/// bytes as the file system holds them, so it does not serve what it cannot keep: customer-provided
/// keys (SSE-C) and KMS keys are refused (501), not ignored; ignoring SSE-C stored a client's data
/// in the clear and served it to requests without the key. The service-managed method (`AES256`,
/// which S3 applies to every object by default) is taken as that default; encryption at rest is
/// the disk's.
public struct ServerSideEncryption: Sendable {
    /// `<prefix>server-side-encryption`, its KMS key id, then the four SSE-C headers (the
    /// request's algorithm and key, its copy source's), looked up in one pass.
    private let names: [String]
    /// Bit `n` set when some name is `n` bytes long (all are under 64): a field of another
    /// length is passed over without a comparison.
    private let lengths: UInt64
    private let managed: Set<String>
    private let known: Set<String>

    /// The headers that begin with `headerPrefix` (`x-amz-`, `x-bce-`); `managed` methods are
    /// taken, other `known` ones refused as not implemented, the rest as invalid.
    public init(headerPrefix p: String, managed: Set<String>, known: Set<String>) {
        names = [p + "server-side-encryption", p + "server-side-encryption-aws-kms-key-id",
                 p + "server-side-encryption-customer-algorithm", p + "server-side-encryption-customer-key",
                 p + "copy-source-server-side-encryption-customer-algorithm", p + "copy-source-server-side-encryption-customer-key"]
        lengths = names.reduce(0) { $0 | (1 << UInt64($1.utf8.count)) }
        self.managed = managed
        self.known = known
    }

    /// Throws unless `request` asks for no encryption or for a managed method: `notImplemented`
    /// for SSE-C, a KMS key, or a known method not managed here; `invalidArgument` for an unknown
    /// method.
    public func check(_ request: WireRequest) throws(StorageError) {
        // One pass, each field's name length tested against the names' before any comparison:
        // `headers(named:)` over the six names cost a write 3,800 instructions (callgrind).
        var found: [String?]?
        for index in request.headers.indices {
            let name = request.headers[index].name.canonicalName
            let length = name.utf8.count
            guard length < 64, lengths & (1 << UInt64(length)) != 0, let i = names.firstIndex(of: name) else { continue }
            if found == nil { found = [String?](repeating: nil, count: names.count) }
            found?[i] = request.headers[index].value
        }
        guard let values = found else { return }
        for i in 2..<names.count where values[i] != nil {
            throw StorageError(.notImplemented, "Server-side encryption with customer-provided keys is not implemented.",
                               context: ErrorContext(argument: .init(name: names[i], value: "")))
        }
        if let kmsKey = values[1] {
            throw StorageError(.notImplemented, "Server-side encryption with KMS keys is not implemented.",
                               context: ErrorContext(argument: .init(name: names[1], value: kmsKey)))
        }
        guard let method = values[0], !managed.contains(method) else { return }
        guard known.contains(method) else {
            throw StorageError.invalidArgument("The encryption method specified is not supported", name: names[0], value: method)
        }
        throw StorageError(.notImplemented, "Server-side encryption with \(method) is not implemented.",
                           context: ErrorContext(argument: .init(name: names[0], value: method)))
    }
}
