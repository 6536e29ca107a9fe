import DialectBOS
import DialectS3
import DialectUFile
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import TesseraCore
import TesseraHTTP
import TesseraTestSupport
@testable import TesseraServer

/// The real responder over an engine on any ``StoreKind``, driven through HummingbirdTesting,
/// with a signed client for each dialect (one credential is the S3 pair, the BOS AK/SK and the
/// UFile public/private key).
struct TestServer {
    static let accessKey = "AKSERVERTEST"
    static let secretKey = "server-test-secret"
    /// A second user, who owns nothing.
    static let otherAccessKey = "AKOTHERUSER"
    /// The instant every request is signed at and verified against.
    static let now = utc("20261122T034131Z")

    let engine: Engine
    let application: Application<TesseraResponder>

    init(_ store: StoreKind, metricsToken: String? = nil, capacity: (any CapacityGauge)? = nil, minimumFreeBytes: Int64 = 0,
         accessLog: AccessLog? = nil) async throws {
        let metadata = try await store.make()
        let owner = Owner(id: "owner-1", displayName: "one")
        try await metadata.addCredential(Credential(accessKey: Self.accessKey, secretKey: Self.secretKey, owner: owner, isAdmin: false, created: Self.now))
        try await metadata.addCredential(Credential(accessKey: Self.otherAccessKey, secretKey: Self.secretKey, owner: Owner(id: "owner-2", displayName: "two"),
                                                    isAdmin: false, created: Self.now))
        var engineConfiguration = EngineConfiguration()
        engineConfiguration.minimumFreeBytes = minimumFreeBytes
        let engine = Engine(metadata: metadata, blobs: InMemoryBlobStore(), clock: ManualClock(Self.now), configuration: engineConfiguration,
                            capacity: capacity)
        self.engine = engine
        var config = ServerConfiguration()
        config.ufileBlockSize = 4 * 1024 * 1024
        config.metricsToken = metricsToken
        let responder = TesseraApplication.makeResponder(engine: engine, config: config, requestClock: FixedClock(Self.now), metrics: ServerMetrics(),
                                                         accessLog: accessLog, reap: { try await engine.reapExpiredUploads() })
        application = Application(responder: responder, logger: Logger(label: "test"))
    }

    /// Runs `body` with a client of the responder.
    func test(_ body: @escaping @Sendable (Client) async throws -> Void) async throws {
        try await application.test(.router) { client in try await body(Client(client: client)) }
    }

    /// A signing client for the three dialects.
    struct Client: Sendable {
        let client: any TestClientProtocol

        /// A SigV4-signed S3 request, path-style (`rawTarget` already percent-encoded).
        func s3(_ method: HTTPRequest.Method, _ rawTarget: String, body: String = "", secret: String = TestServer.secretKey,
                as accessKey: String = TestServer.accessKey, unsigned extra: HTTPFields = [:]) async throws -> TestResponse {
            let (path, query) = split(rawTarget)
            let signer = SigV4Signer(accessKey: accessKey, secretKey: secret)
            var headers = extra
            for h in signer.headers(method: method.rawValue, host: "localhost", rawPath: path, rawQuery: query, body: Array(body.utf8), now: TestServer.now) {
                headers.append(HTTPField(name: HTTPField.Name(h.name)!, value: h.value))
            }
            return try await execute(method, rawTarget, headers, body)
        }

        /// A `bce-auth-v1`-signed BOS request (host signed).
        func bos(_ method: HTTPRequest.Method, _ rawTarget: String, body: String = "", secret: String = TestServer.secretKey) async throws -> TestResponse {
            let (path, query) = split(rawTarget)
            let prefix = "bce-auth-v1/\(TestServer.accessKey)/\(TestServer.now.iso8601Seconds)/1800"
            let canonical = BCESigner.canonicalRequest(method: method.rawValue, uri: BCESigner.canonicalURI(rawPath: path),
                                                       query: BCESigner.canonicalQuery(rawQuery: query),
                                                       headers: BCESigner.canonicalHeaders([("host", "localhost")]))
            let signature = BCESigner.signature(signingKey: BCESigner.signingKey(secret: secret, authStringPrefix: prefix), canonicalRequest: canonical)
            return try await execute(method, rawTarget, [.authorization: "\(prefix)/host/\(signature)", .contentType: "application/json"], body)
        }

        /// A `UCloud`-signed UFile request to `<bucket>.ufile.local` (absolute-form target, as the
        /// SDK sends through a proxy).
        func ufile(_ method: HTTPRequest.Method, bucket: String, key: String, query: String = "", body: String = "",
                   secret: String = TestServer.secretKey) async throws -> TestResponse {
            let date = TestServer.now.httpDate
            let toSign = UCloudSigner.stringToSign(method: method.rawValue, contentMD5: "", contentType: "application/json", date: date,
                                                   ucloudHeaders: [], bucket: bucket, key: key)
            let auth = "UCloud \(TestServer.accessKey):\(UCloudSigner.signature(privateKey: secret, stringToSign: toSign))"
            let target = "http://\(bucket).ufile.local/\(PercentEncoding.encode(key, keepSlash: true))" + (query.isEmpty ? "" : "?" + query)
            return try await execute(method, target, [.authorization: auth, .date: date, .contentType: "application/json"], body)
        }

        /// An unsigned request with the given headers and body (a browser's, for the console).
        func browser(_ method: HTTPRequest.Method, _ target: String, _ headers: HTTPFields = [:], body: String = "") async throws -> TestResponse {
            try await execute(method, target, headers, body)
        }

        /// An unsigned request with the given headers (refusals that come before authentication).
        func raw(_ method: HTTPRequest.Method, _ target: String, _ headers: HTTPFields) async throws -> TestResponse {
            try await execute(method, target, headers, "")
        }

        private func execute(_ method: HTTPRequest.Method, _ target: String, _ headers: HTTPFields, _ body: String) async throws -> TestResponse {
            var headers = headers
            headers[.contentLength] = String(body.utf8.count)
            return try await client.execute(uri: target, method: method, headers: headers, body: ByteBuffer(string: body))
        }

        private func split(_ target: String) -> (String, String) {
            guard let q = target.firstIndex(of: "?") else { return (target, "") }
            return (String(target[..<q]), String(target[target.index(after: q)...]))
        }
    }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }

    /// The JSON body as a dictionary.
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:] }

    /// The text of every `<name>` element of an XML body, in order.
    func elements(_ name: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "<\(name)>"), let close = rest.range(of: "</\(name)>", range: open.upperBound..<rest.endIndex) {
            out.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return out
    }
}
