import DialectS3
import Foundation
import HTTPTypes
import TesseraCore
import TesseraHTTP

/// `/_tessera/…`: the admin API behind `tessera uploads` (bucket names never start with `_`),
/// driven by the same pipeline as the dialects. Requests are SigV4-signed with an admin credential.
///
///     GET  /_tessera/uploads?bucket=&prefix=&older-than=<seconds>&after=<cursor>&limit=
///     POST /_tessera/uploads/abort     {"uploads":[{"bucket","uploadId"}]}
///     POST /_tessera/reap
struct AdminEndpoint: WireDialect {
    static let prefix = "/_tessera/"

    /// The admin operations.
    enum Operation: Sendable {
        case listUploads(bucket: String?, prefix: String, olderThanSeconds: Int64, after: String?, limit: Int)
        case abortUploads
        case reap
    }

    let s3: S3Dialect
    let administration: LocalAdministration

    var name: String { "Admin" }
    var requestIDHeaders: [HTTPField.Name] { [HTTPField.Name("x-amz-request-id")!] }

    func authenticate(_ r: WireRequest) async throws -> Credential {
        let auth = try await s3.authenticate(r)
        guard auth.credential.isAdmin else { throw StorageError.accessDenied("The admin API needs an admin credential.") }
        return auth.credential
    }

    func route(_ r: WireRequest) throws -> Operation {
        switch (r.method, r.rawPath) {
        case (.get, "/_tessera/uploads"):
            var olderThan: Int64 = 0
            if let v = r.query["older-than"] {
                guard let n = Int64(v), n >= 0 else { throw StorageError.invalidArgument("older-than is whole seconds.", name: "older-than", value: v) }
                olderThan = n
            }
            return .listUploads(bucket: r.query["bucket"].flatMap { $0.isEmpty ? nil : $0 }, prefix: r.query["prefix"] ?? "",
                                olderThanSeconds: olderThan, after: r.query["after"], limit: Int(r.query["limit"] ?? "") ?? 1000)
        case (.post, "/_tessera/uploads/abort"): return .abortUploads
        case (.post, "/_tessera/reap"): return .reap
        default: throw WireError(.invalidTarget, "No such admin operation: \(r.method.rawValue) \(r.rawPath)")
        }
    }

    func name(of operation: Operation) -> String {
        switch operation {
        case .listUploads: "ListUploads"
        case .abortUploads: "AbortUploads"
        case .reap: "Reap"
        }
    }

    func execute(_ op: Operation, _ r: WireRequest, as credential: Credential) async throws -> WireResponse {
        switch op {
        case .listUploads(let bucket, let prefix, let olderThan, let after, let limit):
            return try json(try await administration.list(bucket: bucket, prefix: prefix, olderThanSeconds: olderThan, after: after, limit: limit))
        case .abortUploads:
            struct Body: Decodable { var uploads: [AdminUploadRef] }
            let bytes = try await r.body.collect(upTo: 4 * 1024 * 1024)
            let body: Body
            do { body = try JSONDecoder().decode(Body.self, from: Data(bytes.readableBytesView)) } catch {
                throw StorageError(.malformedDocument, "Expected {\"uploads\":[{\"bucket\",\"uploadId\"}]}.")
            }
            return try json(["results": try await administration.abort(body.uploads)])
        case .reap:
            return try json(try await administration.reap())
        }
    }

    /// The code of the `{"code","message"}` document.
    func errorCode(_ failure: RequestFailure) -> String { failure.code }

    /// `{"code","message"}` with the status of ``PlainErrorStatus``.
    func render(_ failure: RequestFailure, _ request: WireRequest) -> WireResponse {
        let (status, message) = PlainErrorStatus.of(failure)
        return (try? json(["code": failure.code, "message": message], status: status)) ?? WireResponse(status: status)
    }

    private func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> WireResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return .text(status, String(decoding: try encoder.encode(value), as: UTF8.self), contentType: "application/json")
    }
}
