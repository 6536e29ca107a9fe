import DialectS3
import NIOCore
import NIOHTTP1
import TesseraCore
import TesseraHTTP

/// An S3 endpoint the benchmark drives: signs requests (SigV4, `UNSIGNED-PAYLOAD` for bodies so the
/// client does not hash gigabytes) and checks statuses.
struct S3Target: Sendable {
    let host: String
    let port: Int
    let signer: SigV4Signer
    let clock = SystemClock()

    struct Unexpected: Error, CustomStringConvertible {
        var description: String
    }

    /// `/bucket/key` with the key percent-encoded.
    static func path(_ bucket: String, _ key: String = "") -> String {
        key.isEmpty ? "/\(bucket)" : "/\(bucket)/\(PercentEncoding.encode(key, keepSlash: true))"
    }

    /// Sends a signed request on `connection`; throws unless the status is `expect`.
    func call(_ connection: inout BenchConnection, _ method: HTTPMethod, _ path: String, query: String = "",
              body: ByteBuffer? = nil, bodyPieces: [ByteBuffer] = [], headers extra: [(name: String, value: String)] = [], expect: Int = 200,
              countOnly: Bool = false) async throws -> BenchConnection.Response {
        let pieces = body.map { [$0] + bodyPieces } ?? bodyPieces
        let length = pieces.reduce(0) { $0 + $1.readableBytes }
        // Bodies over 64 KiB are sent with UNSIGNED-PAYLOAD, smaller ones with their SHA-256.
        let signed = length > 64 * 1024
            ? signer.headers(method: method.rawValue, host: connection.host, rawPath: path, rawQuery: query, payloadHash: "UNSIGNED-PAYLOAD", now: clock.now())
            : signer.headers(method: method.rawValue, host: connection.host, rawPath: path, rawQuery: query,
                             body: pieces.flatMap { Array($0.readableBytesView) }, now: clock.now())
        let response = try await connection.send(method: method, target: query.isEmpty ? path : "\(path)?\(query)", headers: signed + extra, body: pieces,
                                                 countOnly: countOnly)
        guard response.status == expect else {
            throw Unexpected(description: "\(method.rawValue) \(path)?\(query): HTTP \(response.status) \(String(buffer: response.body).prefix(300))")
        }
        return response
    }

    /// The text of the first `<name>` element (documents are small and flat enough for this).
    static func element(_ name: String, in body: ByteBuffer) -> String? {
        let text = String(buffer: body)
        guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex) else { return nil }
        return unescape(text[open.upperBound..<close.lowerBound])
    }

    /// XML character references and the five predefined entities.
    static func unescape(_ s: Substring) -> String {
        guard s.contains("&") else { return String(s) }
        var out = ""
        var rest = s
        while let amp = rest.firstIndex(of: "&"), let semi = rest[amp...].firstIndex(of: ";") {
            out += rest[..<amp]
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "quot": out += "\""
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "apos": out += "'"
            default:
                if entity.hasPrefix("#x"), let v = UInt32(entity.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) { out.unicodeScalars.append(u) }
                else if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst()), let u = Unicode.Scalar(v) { out.unicodeScalars.append(u) }
                else { out += rest[amp...semi] }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }

    /// Every `<name>` element's text.
    static func elements(_ name: String, in body: ByteBuffer) -> [String] {
        let text = String(buffer: body)
        var out: [String] = []
        var cursor = text.startIndex
        while let open = text.range(of: "<\(name)>", range: cursor..<text.endIndex),
              let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex) {
            out.append(unescape(text[open.upperBound..<close.lowerBound]))
            cursor = close.upperBound
        }
        return out
    }
}
