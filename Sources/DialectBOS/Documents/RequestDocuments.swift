import Foundation
import TesseraCore

/// JSON request bodies: Complete (`{"parts":[{"partNumber","eTag"}]}`) and DeleteMultipleObjects
/// (`{"objects":[{"key"}]}`). Anything else is InappropriateJSON.
enum RequestDocuments {
    static var inappropriate: StorageError {
        StorageError(.malformedDocument, "The JSON you provided was not well-formed or did not validate against our published format.")
    }

    private struct CompleteBody: Decodable {
        struct PartEntry: Decodable {
            var partNumber: Int
            var eTag: String
        }
        var parts: [PartEntry]
    }

    private struct DeleteBody: Decodable {
        struct Entry: Decodable { var key: String }
        var objects: [Entry]
    }

    static func parseComplete(_ bytes: [UInt8]) throws(StorageError) -> [RequestedPart] {
        let body: CompleteBody
        do { body = try JSONDecoder().decode(CompleteBody.self, from: Data(bytes)) } catch { throw inappropriate }
        guard !body.parts.isEmpty else { throw inappropriate }
        var out: [RequestedPart] = []
        for p in body.parts { out.append(RequestedPart(number: try PartNumber(p.partNumber), etag: p.eTag)) }
        return out
    }

    static func parseDelete(_ bytes: [UInt8]) throws(StorageError) -> [String] {
        let body: DeleteBody
        do { body = try JSONDecoder().decode(DeleteBody.self, from: Data(bytes)) } catch { throw inappropriate }
        guard !body.objects.isEmpty, body.objects.count <= 1000 else { throw inappropriate }
        return body.objects.map(\.key)
    }
}
