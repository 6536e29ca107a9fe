public import TesseraCore
public import TesseraHTTP

/// The UCloud API form (`GET /?Action=…&PublicKey=…&Signature=…`, sent to `api.ucloud.cn`):
/// the seed page's GetMultiUploadId and the ufile SDK's `BucketManager` calls.
public enum UFileAPICall: Sendable, Equatable {
    /// GetMultiUploadId: `BucketName`, `Prefix`, `Marker`, `Limit` (the seed's parameters).
    case getMultiUploadId(BucketName, ListingQuery)
    /// CreateBucket: `BucketName`, `Type` (`private` / `public`), `Region`.
    case createBucket(BucketName, BucketAccess, region: String)
    /// DescribeBucket: one bucket, or the caller's from `Offset`, `Limit` of them.
    case describeBucket(BucketName?, offset: Int, limit: Int)
    /// UpdateBucket: `BucketName`, `Type`.
    case updateBucket(BucketName, BucketAccess)
    /// DeleteBucket: `BucketName`.
    case deleteBucket(BucketName)

    /// The action's name.
    public var action: String {
        switch self {
        case .getMultiUploadId: "GetMultiUploadId"
        case .createBucket: "CreateBucket"
        case .describeBucket: "DescribeBucket"
        case .updateBucket: "UpdateBucket"
        case .deleteBucket: "DeleteBucket"
        }
    }
}

/// The parameters of an API-form request: its query decoded as `requests` and UCloud's console
/// encode it (`+` is a space), `Signature` apart.
public struct UFileAPIForm: Sendable {
    /// Every parameter but `Signature`, in the order sent.
    public var parameters: [(name: String, value: String)]
    /// The `Signature` sent.
    public var signature: String

    /// Whether `request` is in the API form: `Action`, `PublicKey` and `Signature` in the query.
    public static func matches(_ request: WireRequest) -> Bool {
        request.query.has("Action") && request.query.has("PublicKey") && request.query.has("Signature")
    }

    /// Decodes the query of `request`.
    public init(_ request: WireRequest) throws(StorageError) {
        var parameters: [(name: String, value: String)] = []
        var signature = ""
        for item in request.rawQuery.split(separator: "&") where !item.isEmpty {
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) throws(StorageError) -> String {
                guard let v = PercentEncoding.decode(String(s.map { $0 == "+" ? " " : $0 })) else {
                    throw StorageError.invalidArgument("A parameter is not valid percent-encoded UTF-8.", name: String(pair[0]), value: String(s))
                }
                return v
            }
            let name = try decode(pair[0]), value = pair.count > 1 ? try decode(pair[1]) : ""
            if name == "Signature" { signature = value } else { parameters.append((name, value)) }
        }
        self.parameters = parameters
        self.signature = signature
    }

    /// The first value of `name`.
    public subscript(name: String) -> String? { parameters.first { $0.name == name }?.value }

    /// The call the parameters name. Unknown actions are `notImplemented`; missing or malformed
    /// parameters `invalidArgument`.
    public func call() throws(StorageError) -> UFileAPICall {
        switch self["Action"] ?? "" {
        case "GetMultiUploadId":
            let (key, id) = ResumeMarker.split(self["Marker"] ?? "")
            return .getMultiUploadId(try bucket(), ListingQuery(prefix: self["Prefix"] ?? "", keyMarker: key, idMarker: id ?? "",
                                                                 limit: try number("Limit", default: 20, range: 1...1000)))
        case "CreateBucket":
            return .createBucket(try bucket(), try access(default: .private), region: self["Region"] ?? "")
        case "DescribeBucket":
            let name = try self["BucketName"].flatMap { $0.isEmpty ? nil : $0 }.map { n throws(StorageError) in try BucketName(n) }
            return .describeBucket(name, offset: try number("Offset", default: 0, range: 0...Int.max), limit: try number("Limit", default: 20, range: 1...1000))
        case "UpdateBucket":
            return .updateBucket(try bucket(), try access(default: nil))
        case "DeleteBucket":
            return .deleteBucket(try bucket())
        case let other:
            throw StorageError(.notImplemented, "The action \(other) is not implemented by Tessera.")
        }
    }

    private func bucket() throws(StorageError) -> BucketName {
        guard let name = self["BucketName"], !name.isEmpty else {
            throw StorageError.invalidArgument("Missing parameter BucketName.", name: "BucketName", value: "")
        }
        return try BucketName(name)
    }

    private func access(default value: BucketAccess?) throws(StorageError) -> BucketAccess {
        switch self["Type"] {
        case "private": return .private
        case "public": return .publicRead
        case nil where value != nil: return value!
        case let other: throw StorageError.invalidArgument("Type must be private or public.", name: "Type", value: other ?? "")
        }
    }

    private func number(_ name: String, default value: Int, range: ClosedRange<Int>) throws(StorageError) -> Int {
        guard let text = self[name], !text.isEmpty else { return value }
        guard let n = Int(text), n >= range.lowerBound else {
            throw StorageError.invalidArgument("\(name) must be an integer of at least \(range.lowerBound).", name: name, value: text)
        }
        return min(n, range.upperBound)
    }
}
