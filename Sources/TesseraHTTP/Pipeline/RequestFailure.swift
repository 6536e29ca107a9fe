public import TesseraCore

/// Why a request failed, as the pipeline hands it to a dialect to render: a storage error from
/// the engine, a wire error from authentication, routing or framing, or anything else (an
/// internal error, which is logged and rendered without detail).
public enum RequestFailure: Sendable {
    /// The engine refused or failed (domain code).
    case storage(StorageError)
    /// Authentication, routing or framing failed.
    case wire(WireError)
    /// Something unexpected; rendered as the dialect's internal error.
    case `internal`(any Error)

    /// Classifies a thrown error.
    public init(_ error: any Error) {
        switch error {
        case let e as StorageError: self = .storage(e)
        case let e as WireError: self = .wire(e)
        default: self = .internal(error)
        }
    }

    /// Whether the server (not the request) is at fault, so it is logged as an error.
    public var isServerFault: Bool {
        switch self {
        case .storage(let e): e.code == .internalError || e.code == .serviceUnavailable || e.code == .insufficientStorage
        case .wire: false
        case .internal: true
        }
    }

    /// A short code for logs and metrics.
    public var code: String {
        switch self {
        case .storage(let e): e.code.rawValue
        case .wire(let e): e.code.rawValue
        case .internal: "internalError"
        }
    }
}
