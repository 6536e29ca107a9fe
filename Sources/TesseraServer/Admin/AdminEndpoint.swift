import DialectS3
import Foundation
import HTTPTypes
import TesseraCore
import TesseraHTTP

/// `/_tessera/…`: the admin API behind `tessera uploads` (bucket names never start with `_`).
/// Requests are SigV4-signed with an admin credential.
///
///     GET  /_tessera/uploads?bucket=&prefix=&older-than=<seconds>&after=<cursor>&limit=
///     POST /_tessera/uploads/abort     {"uploads":[{"bucket","uploadId"}]}
///     POST /_tessera/reap
struct AdminEndpoint: Sendable {
    static let prefix = "/_tessera/"

    let s3: S3Dialect
    let administration: LocalAdministration

    func handle(_ r: WireRequest) async -> WireResponse {
        do {
            let auth = try await s3.authenticate(r)
            guard auth.credential.isAdmin else { throw StorageError.accessDenied("The admin API needs an admin credential.") }
            switch (r.method, r.rawPath) {
            case (.get, "/_tessera/uploads"):
                var olderThan: Int64 = 0
                if let v = r.query["older-than"] {
                    guard let n = Int64(v), n >= 0 else { throw StorageError.invalidArgument("older-than is whole seconds.", name: "older-than", value: v) }
                    olderThan = n
                }
                let limit = Int(r.query["limit"] ?? "") ?? 1000
                return try json(try await administration.list(bucket: r.query["bucket"].flatMap { $0.isEmpty ? nil : $0 }, prefix: r.query["prefix"] ?? "",
                                                              olderThanSeconds: olderThan, after: r.query["after"], limit: limit))
            case (.post, "/_tessera/uploads/abort"):
                struct Body: Decodable { var uploads: [AdminUploadRef] }
                let bytes = try await r.body.collect(upTo: 4 * 1024 * 1024)
                let body: Body
                do { body = try JSONDecoder().decode(Body.self, from: Data(bytes.readableBytesView)) } catch {
                    throw StorageError(.malformedDocument, "Expected {\"uploads\":[{\"bucket\",\"uploadId\"}]}.")
                }
                return try json(["results": try await administration.abort(body.uploads)])
            case (.post, "/_tessera/reap"):
                return try json(try await administration.reap())
            default:
                throw StorageError(.invalidRequest, "No such admin operation: \(r.method.rawValue) \(r.rawPath)")
            }
        } catch let error as StorageError {
            let status: HTTPResponse.Status = switch error.code {
            case .accessDenied, .signatureDoesNotMatch, .invalidAccessKeyId, .requestTimeTooSkewed, .requestExpired, .missingAuthentication,
                 .authorizationMalformed: .forbidden
            case .noSuchBucket: .notFound
            default: .badRequest
            }
            return (try? json(["code": error.code.rawValue, "message": error.message], status: status)) ?? WireResponse(status: status)
        } catch {
            return (try? json(["code": "internalError", "message": "\(error)"], status: .internalServerError)) ?? WireResponse(status: .internalServerError)
        }
    }

    private func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> WireResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return .text(status, String(decoding: try encoder.encode(value), as: UTF8.self), contentType: "application/json")
    }
}
