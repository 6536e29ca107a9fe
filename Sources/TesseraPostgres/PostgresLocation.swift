import Foundation
public import PostgresNIO

/// Where the metadata lives: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`, with optional
/// query items `sslmode=disable|prefer|require` (default `prefer`) and `schema=NAME` (tables in
/// that schema, created if needed; default: the server's search path, usually `public`).
public struct PostgresLocation: Sendable, CustomStringConvertible {
    /// The client configuration (host, port, user, password, database, TLS).
    public var configuration: PostgresClient.Configuration
    /// The schema holding Tessera's tables, if not the default.
    public var schema: String?

    /// What went wrong reading a URL.
    public struct Invalid: Error, CustomStringConvertible {
        /// The reason, for the operator.
        public var description: String

        /// An error with its reason.
        public init(description: String) { self.description = description }
    }

    /// Whether `text` names a PostgreSQL database (rather than, say, a directory).
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Reads a `postgres://` URL.
    public init(parsing text: String) throws(Invalid) {
        guard Self.isURL(text), let url = URLComponents(string: text), let host = url.host, !host.isEmpty else {
            throw Invalid(description: "expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE, got \(Self.redacted(text))")
        }
        guard let user = url.user, !user.isEmpty else { throw Invalid(description: "the URL names no user: \(Self.redacted(text))") }
        let database = String(url.path.drop(while: { $0 == "/" }))
        var tls = PostgresClient.Configuration.TLS.prefer(.makeClientConfiguration())
        for item in url.queryItems ?? [] {
            switch (item.name, item.value ?? "") {
            case ("sslmode", "disable"): tls = .disable
            case ("sslmode", "prefer"): tls = .prefer(.makeClientConfiguration())
            case ("sslmode", "require"): tls = .require(.makeClientConfiguration())
            case ("schema", let name):
                guard name.range(of: "^[A-Za-z_][A-Za-z0-9_]{0,62}$", options: .regularExpression) != nil else {
                    throw Invalid(description: "schema must be a plain identifier, got \(name)")
                }
                schema = name
            default: throw Invalid(description: "unknown URL parameter \(item.name)=\(item.value ?? "")")
            }
        }
        configuration = PostgresClient.Configuration(
            host: host, port: url.port ?? 5432, username: user, password: url.password.map { $0.removingPercentEncoding ?? $0 },
            database: database.isEmpty ? nil : database, tls: tls)
        if let schema { configuration.options.additionalStartupParameters = [("search_path", schema)] }
        description = Self.redacted(text)
    }

    /// The URL without its password, for logs.
    public let description: String

    static func redacted(_ text: String) -> String {
        text.replacingOccurrences(of: #"(://[^:/@]*):[^@]*@"#, with: "$1:***@", options: .regularExpression)
    }
}
