import Crypto
import DialectS3
import NIOCore
import NIOHTTP1
import TesseraCore
import TesseraHTTP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An S3 endpoint the benchmark drives: signs requests (SigV4, `UNSIGNED-PAYLOAD` for bodies so the
/// client does not hash gigabytes) and checks statuses.
struct S3Target: Sendable {
    let host: String
    let port: Int
    /// Further gateways of the same store: parallel connections go round-robin over all of them.
    var others: [(host: String, port: Int)] = []
    let signer: SigV4Signer
    let clock = SystemClock()

    struct Unexpected: Error, CustomStringConvertible {
        var description: String
    }

    /// The endpoint of the `index`th parallel connection.
    func endpoint(_ index: Int) -> (host: String, port: Int) {
        let all = [(host, port)] + others
        return all[index % all.count]
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
                             payloadHash: Self.sha256Hex(pieces), now: clock.now())
        let response = try await connection.send(method: method, target: query.isEmpty ? path : "\(path)?\(query)", headers: signed + extra, body: pieces,
                                                 countOnly: countOnly)
        guard response.status == expect else {
            throw Unexpected(description: "\(method.rawValue) \(path)?\(query): HTTP \(response.status) \(String(buffer: response.body).prefix(300))")
        }
        return response
    }

    /// The hex SHA-256 of a body given in pieces, hashed where they lie.
    static func sha256Hex(_ pieces: [ByteBuffer]) -> String {
        var hash = SHA256()
        for piece in pieces { piece.withUnsafeReadableBytes { hash.update(bufferPointer: $0) } }
        return Identifiers.hex(digest: hash.finalize())
    }

    /// The text of the first `<name>` element (documents are small and flat enough for this).
    static func element(_ name: String, in body: ByteBuffer) -> String? {
        elements(name, in: body, limit: 1).first
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
    static func elements(_ name: String, in body: ByteBuffer, limit: Int = .max) -> [String] {
        let open = Array("<\(name)>".utf8), close = Array("</\(name)>".utf8)
        return body.withUnsafeReadableBytes { text in
            var out: [String] = []
            var cursor = 0
            while out.count < limit, let start = find(open, in: text, from: cursor).map({ $0 + open.count }),
                  let end = find(close, in: text, from: start) {
                out.append(unescape(Substring(String(decoding: UnsafeRawBufferPointer(rebasing: text[start..<end]), as: UTF8.self))))
                cursor = end + close.count
            }
            return out
        }
    }

    /// Where `pattern` next occurs in `text` at or after `from` (bytes; `memchr` to each candidate).
    static func find(_ pattern: [UInt8], in text: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard let base = text.baseAddress, !pattern.isEmpty else { return nil }
        let last = text.count - pattern.count
        var i = from
        while i <= last {
            guard let hit = memchr(base + i, Int32(pattern[0]), last - i + 1) else { return nil }
            let at = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(hit, pattern, pattern.count) == 0 { return at }
            i = at + 1
        }
        return nil
    }
}
