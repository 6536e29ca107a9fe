import DialectS3
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TesseraCore
import TesseraHTTP
import TesseraServer

/// ``UploadAdministration`` over a running server's admin endpoint, SigV4-signed with an admin credential.
struct RemoteAdministration: UploadAdministration {
    let endpoint: URL
    let signer: SigV4Signer

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func list(bucket: String?, prefix: String, olderThanSeconds: Int64, after: String?, limit: Int) async throws -> AdminListing {
        var query: [(String, String)] = [("older-than", String(olderThanSeconds)), ("prefix", prefix), ("limit", String(limit))]
        if let bucket { query.append(("bucket", bucket)) }
        if let after { query.append(("after", after)) }
        return try await call("GET", "/_tessera/uploads", query: query, body: [])
    }

    func abort(_ uploads: [AdminUploadRef]) async throws -> [AdminAbortResult] {
        struct Body: Encodable { var uploads: [AdminUploadRef] }
        struct Results: Decodable { var results: [AdminAbortResult] }
        let body = Array(try JSONEncoder().encode(Body(uploads: uploads)))
        let results: Results = try await call("POST", "/_tessera/uploads/abort", query: [], body: body)
        return results.results
    }

    func reap() async throws -> ReapReport {
        try await call("POST", "/_tessera/reap", query: [], body: [])
    }

    private func call<T: Decodable>(_ method: String, _ path: String, query: [(String, String)], body: [UInt8]) async throws -> T {
        let rawQuery = query.map { "\(PercentEncoding.encode($0.0))=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
        guard let host = endpoint.host,
              let url = URL(string: "\(endpoint.scheme ?? "http")://\(host)\(endpoint.port.map { ":\($0)" } ?? "")\(path)\(rawQuery.isEmpty ? "" : "?" + rawQuery)")
        else { throw Failure(description: "Bad endpoint \(endpoint)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if !body.isEmpty {
            request.httpBody = Data(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let authority = host + (endpoint.port.map { ":\($0)" } ?? "")
        for h in signer.headers(method: method, host: authority, rawPath: path, rawQuery: rawQuery, body: body, now: SystemClock().now()) {
            request.setValue(h.value, forHTTPHeaderField: h.name)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw Failure(description: "No HTTP response from \(endpoint)") }
        guard http.statusCode == 200 else {
            throw Failure(description: "\(method) \(path): HTTP \(http.statusCode) \(String(decoding: data, as: UTF8.self))")
        }
        return try JSONDecoder().decode(T.self, from: data)
    }
}
