import Crypto
import NIOCore
import TesseraCore
import TesseraHTTP

/// What signed aws-chunked bodies are verified with: the request's signing key, date, scope and
/// seed signature (each chunk's signature chains from the previous one).
public struct ChunkSigning: Sendable, Equatable {
    /// The SigV4 signing key bytes.
    public var key: [UInt8]
    /// `X-Amz-Date` of the request.
    public var amzDate: String
    /// `yyyymmdd/region/s3/aws4_request`.
    public var scope: String
    /// The request's own signature.
    public var seedSignature: String
}

/// Decodes an `aws-chunked` body (`<hex-size>[;chunk-signature=…]\r\n<bytes>\r\n` … `0…\r\n`,
/// trailers, `\r\n`) into the payload bytes, streaming. Verifies chunk signatures when signed,
/// records trailer checksums in `trailers`, and throws on any framing error.
struct AWSChunkedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let upstream: ByteStream
    let signing: ChunkSigning?
    let trailers: TrailingChecksums?

    func makeAsyncIterator() -> Iterator { Iterator(upstream: upstream.makeAsyncIterator(), signing: signing, trailers: trailers) }

    struct Iterator: AsyncIteratorProtocol {
        enum State { case header, data(remaining: Int), dataEnd, trailers, done }

        var upstream: ByteStream.Iterator
        let signing: ChunkSigning?
        let trailers: TrailingChecksums?
        var buffer = ByteBuffer()
        var state = State.header
        var previousSignature: String
        var chunkSignature = ""
        var chunkHash = SHA256()
        var upstreamDone = false
        static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        static let maxLine = 4096

        init(upstream: ByteStream.Iterator, signing: ChunkSigning?, trailers: TrailingChecksums?) {
            self.upstream = upstream
            self.signing = signing
            self.trailers = trailers
            self.previousSignature = signing?.seedSignature ?? ""
        }

        static func malformed(_ why: String) -> WireError {
            WireError(.malformedFraming, "The aws-chunked body is malformed: \(why).")
        }

        /// Pulls more bytes; false at the end of the upstream.
        mutating func fill() async throws -> Bool {
            guard !upstreamDone else { return false }
            guard var more = try await upstream.next() else { upstreamDone = true; return false }
            if buffer.readableBytes == 0 { buffer = more } else { buffer.writeBuffer(&more) }
            return true
        }

        /// Reads one CRLF-terminated line (without the CRLF).
        mutating func line() async throws -> String {
            while true {
                let view = buffer.readableBytesView
                if let cr = view.firstIndex(of: UInt8(ascii: "\r")), cr + 1 < view.endIndex {
                    guard view[cr + 1] == UInt8(ascii: "\n") else { throw Iterator.malformed("bare CR") }
                    let length = cr - view.startIndex
                    let text = buffer.readString(length: length) ?? ""
                    buffer.moveReaderIndex(forwardBy: 2)
                    return text
                }
                guard buffer.readableBytes < Iterator.maxLine else { throw Iterator.malformed("line too long") }
                guard try await fill() else { throw Iterator.malformed("unexpected end") }
            }
        }

        mutating func next() async throws -> ByteBuffer? {
            while true {
                switch state {
                case .header:
                    let header = try await line()
                    let parts = header.split(separator: ";", maxSplits: 1)
                    guard let sizeText = parts.first, let size = Int(String(sizeText).trimmingSpaces(), radix: 16), size >= 0 else {
                        throw Iterator.malformed("bad chunk size")
                    }
                    if signing != nil {
                        guard parts.count == 2, parts[1].hasPrefix("chunk-signature=") else { throw Iterator.malformed("missing chunk-signature") }
                        chunkSignature = String(parts[1].dropFirst("chunk-signature=".count))
                        chunkHash = SHA256()
                    }
                    if size == 0 {
                        try verifyChunk()
                        state = .trailers
                    } else {
                        state = .data(remaining: size)
                    }
                case .data(let remaining):
                    if buffer.readableBytes == 0 {
                        guard try await fill() else { throw Iterator.malformed("chunk shorter than its size") }
                    }
                    let n = Swift.min(remaining, buffer.readableBytes)
                    let slice = buffer.readSlice(length: n)!
                    if signing != nil { slice.withUnsafeReadableBytes { chunkHash.update(bufferPointer: $0) } }
                    state = n == remaining ? .dataEnd : .data(remaining: remaining - n)
                    return slice
                case .dataEnd:
                    guard try await line().isEmpty else { throw Iterator.malformed("chunk longer than its size") }
                    try verifyChunk()
                    state = .header
                case .trailers:
                    var trailerText = ""
                    var trailerSignature: String?
                    while true {
                        let l = try await line()
                        if l.isEmpty { break }
                        guard let colon = l.firstIndex(of: ":") else { throw Iterator.malformed("bad trailer") }
                        let name = l[..<colon].lowercased(), value = String(l[l.index(after: colon)...]).trimmingSpaces()
                        if name == "x-amz-trailer-signature" { trailerSignature = value; continue }
                        trailerText += "\(name):\(value)\n"
                        if name.hasPrefix("x-amz-checksum-"), let a = ChecksumAlgorithm(name: String(name.dropFirst("x-amz-checksum-".count))) {
                            trailers?.record(Checksum(algorithm: a, base64: value))
                        }
                    }
                    if let signing, let trailerSignature {
                        let toSign = "AWS4-HMAC-SHA256-TRAILER\n\(signing.amzDate)\n\(signing.scope)\n\(previousSignature)\n"
                            + Identifiers.hex(SHA256.hash(data: Array(trailerText.utf8)))
                        let mac = HMAC<SHA256>.authenticationCode(for: Array(toSign.utf8), using: SymmetricKey(data: signing.key))
                        guard ConstantTime.equals(Identifiers.hex(mac), trailerSignature) else {
                            throw WireError(.signatureDoesNotMatch, "The trailer signature does not match.")
                        }
                    }
                    state = .done
                case .done:
                    return nil
                }
            }
        }

        mutating func verifyChunk() throws {
            guard let signing else { return }
            let toSign = "AWS4-HMAC-SHA256-PAYLOAD\n\(signing.amzDate)\n\(signing.scope)\n\(previousSignature)\n\(Iterator.emptyHash)\n"
                + Identifiers.hex(chunkHash.finalize())
            let mac = HMAC<SHA256>.authenticationCode(for: Array(toSign.utf8), using: SymmetricKey(data: signing.key))
            let expected = Identifiers.hex(mac)
            guard ConstantTime.equals(expected, chunkSignature.lowercased()) else {
                throw WireError(.signatureDoesNotMatch, "The chunk signature does not match.", details: [.init("StringToSign", toSign)])
            }
            previousSignature = expected
        }
    }
}
