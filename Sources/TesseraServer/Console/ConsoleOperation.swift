import TesseraCore
import TesseraHTTP

/// Every page and action of the web console, parsed from the request before anything runs.
/// Pages are GETs; actions are POSTs of a form that carries the session's CSRF token.
enum ConsoleOperation: Sendable, Equatable {
    case loginPage(failed: Bool)
    case login
    case logout
    case dashboard
    case uploads(BucketName, UploadFilter)
    case abortUpload(BucketName)
    case confirmAbortOlder(BucketName, UploadFilter)
    case abortOlder(BucketName)
    case lifecycle(BucketName)
    case setLifecycle(BucketName)
    case objects(BucketName, prefix: String, after: String?)
    case download(BucketName, ObjectKey)
    case deleteObject(BucketName)
    case uploadObject(BucketName)
    case users
    case userAction
    case script
    case notFound

    /// Whether it needs a signed-in visitor.
    var needsSession: Bool {
        switch self {
        case .loginPage, .login, .script, .notFound: false
        default: true
        }
    }

    /// Whether it changes something (a POST; its form must carry the CSRF token).
    var isAction: Bool {
        switch self {
        case .login, .logout, .abortUpload, .abortOlder, .setLifecycle, .deleteObject, .uploadObject, .userAction: true
        default: false
        }
    }

    /// Whether its body is a form (an upload's body is the file instead).
    var readsForm: Bool {
        if case .uploadObject = self { return false }
        return isAction
    }

    /// The operation's name in metrics and logs.
    var name: String {
        switch self {
        case .loginPage: "LoginPage"
        case .login: "Login"
        case .logout: "Logout"
        case .dashboard: "Dashboard"
        case .uploads: "Uploads"
        case .abortUpload: "AbortUpload"
        case .confirmAbortOlder: "ConfirmAbortOlder"
        case .abortOlder: "AbortOlder"
        case .lifecycle: "Lifecycle"
        case .setLifecycle: "SetLifecycle"
        case .objects: "Objects"
        case .download: "Download"
        case .deleteObject: "DeleteObject"
        case .uploadObject: "UploadObject"
        case .users: "Users"
        case .userAction: "UserAction"
        case .script: "Script"
        case .notFound: "NotFound"
        }
    }

    /// Parses a console request (`/console/…`).
    static func route(_ r: WireRequest) throws(StorageError) -> ConsoleOperation {
        let path = r.path.dropFirst("/console".count)
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let get = r.method == .get || r.method == .head
        let post = r.method == .post
        switch (parts.first, parts.count) {
        case (nil, 0) where get: return .dashboard
        case ("login", 1) where get: return .loginPage(failed: r.query.has("failed"))
        case ("login", 1) where post: return .login
        case ("logout", 1) where post: return .logout
        case ("users", 1) where get: return .users
        case ("users", 1) where post: return .userAction
        case ("console.js", 1) where get: return .script
        case ("buckets", 3...4):
            let bucket = try BucketName(parts[1])
            switch (parts[2], parts.count == 4 ? parts[3] : nil) {
            case ("uploads", nil) where get: return .uploads(bucket, try UploadFilter(r.query))
            case ("uploads", "abort") where post: return .abortUpload(bucket)
            case ("uploads", "abort-older") where get: return .confirmAbortOlder(bucket, try UploadFilter(r.query))
            case ("uploads", "abort-older") where post: return .abortOlder(bucket)
            case ("lifecycle", nil) where get: return .lifecycle(bucket)
            case ("lifecycle", nil) where post: return .setLifecycle(bucket)
            case ("objects", nil) where get: return .objects(bucket, prefix: r.query["prefix"] ?? "", after: r.query["after"].flatMap { $0.isEmpty ? nil : $0 })
            case ("objects", "download") where get: return .download(bucket, try ObjectKey(r.query["key"] ?? ""))
            case ("objects", "delete") where post: return .deleteObject(bucket)
            case ("objects", "upload") where post: return .uploadObject(bucket)
            default: return .notFound
            }
        default: return .notFound
        }
    }
}

/// The uploads page's filters: key prefix, least age, order, and where the page starts.
struct UploadFilter: Sendable, Equatable {
    /// Only keys starting with this.
    var prefix = ""
    /// Only uploads initiated at least this many days ago (0: all).
    var olderThanDays: Double = 0
    /// `age` (oldest first, the time index) or `key` (the key index).
    var sort = "age"
    /// The cursor of the page to show (nil: the first).
    var after: String?

    init() {}

    /// Reads the filters from a query or form.
    init(_ q: QueryParameters) throws(StorageError) {
        prefix = q["prefix"] ?? ""
        if let days = q["older"], !days.isEmpty {
            guard let d = Double(days), d >= 0, d < 100_000 else {
                throw StorageError.invalidArgument("Older than is a number of days.", name: "older", value: days)
            }
            olderThanDays = d
        }
        sort = q["sort"] == "key" ? "key" : "age"
        after = q["after"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whole seconds of ``olderThanDays``.
    var olderThanSeconds: Int64 { Int64(olderThanDays * 86_400) }
}
