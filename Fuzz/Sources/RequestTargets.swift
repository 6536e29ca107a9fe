import DialectBOS
import DialectS3
import DialectUFile
import Foundation
import HTTPTypes
import Logging
import NIOConcurrencyHelpers
import NIOCore
import TesseraCore
import TesseraHTTP

/// Whole requests: authorization parsing in every dialect, and signed S3 requests through the
/// real pipeline over an in-memory engine, which must never answer a server error.
enum RequestTargets {
    static let now = Timestamp(microseconds: 1_795_000_000_000_000)
    static let owner = Owner(id: "owner", displayName: "owner")

    /// An engine with one credential and one bucket, shared by every input.
    static let engine: Engine = {
        let engine = Engine(metadata: InMemoryMetadataStore(), blobs: InMemoryBlobStore(), clock: FixedTime(now))
        blocking {
            try? await engine.metadata.addCredential(Credential(accessKey: "AKFUZZ", secretKey: "fuzz-secret", owner: owner, isAdmin: false, created: now))
            _ = try? await engine.createBucket(try BucketName("bkt"), region: "", caller: owner)
            _ = try? await engine.putObject(bucket: try BucketName("bkt"), key: try ObjectKey("k"), body: .buffers([ByteBuffer(repeating: 7, count: 100)]),
                                            declaredLength: 100, attributes: .init(), check: .none, caller: owner)
        }
        return engine
    }()

    /// A new upload of `bkt/k` with part 1 (100 bytes), for an input that names one as `@U`: the
    /// multipart handlers past "no such upload" are reached only with an id the engine made.
    static func freshUpload() -> String {
        let made = NIOLockedValueBox("")
        blocking {
            guard let bucket = try? BucketName("bkt"), let key = try? ObjectKey("k"),
                  let upload = try? await engine.createMultipartUpload(bucket: bucket, key: key, attributes: .init(), checksumAlgorithm: nil,
                                                                       dialect: .s3, caller: owner).upload else { return }
            _ = try? await engine.uploadPart(bucket: bucket, key: key, uploadID: upload.id, number: try PartNumber(1),
                                             body: .buffers([ByteBuffer(repeating: 1, count: 100)]), declaredLength: 100, check: .none, caller: owner)
            made.withLockedValue { $0 = upload.id.value }
        }
        return made.withLockedValue { $0 }
    }
    static let s3 = S3Dialect(engine: engine, requestClock: FixedTime(now))
    static let bos = BOSDialect(engine: engine, requestClock: FixedTime(now))
    static let ufile = UFileDialect(engine: engine, domainSuffixes: [".ufile.local"], requestClock: FixedTime(now))

    /// `METHOD target` on the first line, `name: value` header lines, a blank line, the body
    /// (`@U` anywhere: a fresh upload's id). `sign` signs it for S3; `authority` is the Host it arrives for; `framed` gives it the
    /// body's Content-Length (as a client would) unless it has one.
    static func request(_ bytes: [UInt8], sign: Bool = false, authority: String = "localhost", framed: Bool = false) -> WireRequest? {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.contains("@U") { text = text.replacingOccurrences(of: "@U", with: freshUpload()) }
        let (head, body) = text.range(of: "\n\n").map { (String(text[..<$0.lowerBound]), Array(text[$0.upperBound...].utf8)) } ?? (text, [])
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return nil }
        let first = lines.removeFirst().split(separator: " ", maxSplits: 1).map(String.init)
        guard first.count == 2, let method = HTTPRequest.Method(first[0]) else { return nil }
        var headers = HTTPFields()
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), let name = HTTPField.Name(String(line[..<colon])) else { continue }
            headers.append(HTTPField(name: name, value: String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
        var request = WireRequest(method: method, target: first[1].hasPrefix("/") || first[1].hasPrefix("http") ? first[1] : "/" + first[1],
                                  authority: authority, headers: headers, body: .buffers([ByteBuffer(bytes: body)]),
                                  requestID: "fuzz", receivedAt: now)
        if framed, request.headers[.contentLength] == nil { request.headers[.contentLength] = String(body.count) }
        if sign {
            let signer = SigV4Signer(accessKey: "AKFUZZ", secretKey: "fuzz-secret")
            for h in signer.headers(method: method.rawValue, host: "localhost", rawPath: request.rawPath, rawQuery: request.rawQuery, body: body, now: now) {
                if let name = HTTPField.Name(h.name) { request.headers[name] = h.value }
            }
            request.headers[.contentLength] = String(body.count)
        }
        return request
    }

    /// Every dialect's authentication of the same request: refused or accepted, never a crash.
    static func authorization(_ bytes: [UInt8]) {
        guard let request = request(bytes) else { return }
        blocking {
            _ = try? await s3.authenticate(request)
            _ = try? await bos.authenticate(request)
            _ = try? await ufile.authenticate(request)
            _ = try? s3.route(request)
            _ = try? bos.route(request)
            _ = try? ufile.route(request)
        }
    }

    /// A correctly signed S3 request of any method, target, headers and body: never a 5xx.
    static func signedS3Request(_ bytes: [UInt8]) {
        guard let request = request(bytes, sign: true) else { return }
        blocking {
            let response = await DialectPipeline().respond(to: request, with: s3, logger: Logger(label: "fuzz")).response
            // 501 NotImplemented is a client-facing S3 answer; any other 5xx is a server fault.
            precondition(response.status.code < 500 || response.status.code == 501, "server error \(response.status) for a signed request")
        }
    }
}

extension RequestTargets {
    /// A BOS request signed with `bce-auth-v1` over its Host alone: never a 5xx.
    static func signedBOSRequest(_ bytes: [UInt8]) {
        guard var request = request(bytes, framed: true) else { return }
        let stamp = now.iso8601Seconds, prefix = "bce-auth-v1/AKFUZZ/\(stamp)/1800"
        let canonical = BCESigner.canonicalRequest(method: request.method.rawValue, uri: BCESigner.canonicalURI(rawPath: request.rawPath),
                                                   query: BCESigner.canonicalQuery(rawQuery: request.rawQuery),
                                                   headers: BCESigner.canonicalHeaders([("host", request.authority)]))
        let signature = BCESigner.signature(signingKey: BCESigner.signingKey(secret: "fuzz-secret", authStringPrefix: prefix), canonicalRequest: canonical)
        request.headers[.authorization] = "\(prefix)/host/\(signature)"
        answeredWithoutServerError(request, bos)
    }

    /// A UFile request for bucket `bkt` (its Host), signed with `UCloud` as the SDK signs: never a 5xx.
    static func signedUFileRequest(_ bytes: [UInt8]) {
        guard var request = request(bytes, authority: "bkt.ufile.local", framed: true),
              let (bucket, key) = try? UFileRouter(suffixes: [".ufile.local"]).resource(request) else { return }
        let list = request.query.has("listobjects") ? ["delimiter", "marker", "max-keys", "prefix"].map { ($0, request.query[$0] ?? "") } : nil
        let toSign = UCloudSigner.stringToSign(
            method: request.method.rawValue, contentMD5: request.header("content-md5") ?? "",
            contentType: list == nil ? request.header(.contentType) ?? "" : "", date: request.header(.date) ?? "",
            ucloudHeaders: request.headers.namesAndValues(canonicalPrefix: "x-ucloud-").map { ($0.name, $0.value.trimmingCharacters(in: .whitespaces)) },
            bucket: bucket, key: key, listObjects: list)
        request.headers[.authorization] = "UCloud AKFUZZ:" + UCloudSigner.signature(privateKey: "fuzz-secret", stringToSign: toSign)
        answeredWithoutServerError(request, ufile)
    }

    /// Runs `request` through the real pipeline; 501 NotImplemented is a client-facing answer, any
    /// other 5xx a server fault.
    static func answeredWithoutServerError<D: WireDialect>(_ request: WireRequest, _ dialect: D) {
        blocking {
            let response = await DialectPipeline().respond(to: request, with: dialect, logger: Logger(label: "fuzz")).response
            precondition(response.status.code < 500 || response.status.code == 501, "server error \(response.status) for a signed request")
        }
    }
}

/// A clock that never moves (signatures are made and checked at the same instant).
struct FixedTime: WallClock {
    let time: Timestamp
    init(_ time: Timestamp) { self.time = time }
    func now() -> Timestamp { time }
}
