import HTTPTypes
import NIOCore
import NIOHTTP1
import TesseraHTTP

/// How ``HTTP1ServerCodec`` frames and writes a response: NIO's `HTTPResponseEncoder`'s rules
/// (RFC 9112 §6), written straight from HTTPTypes' response instead of through NIO's
/// `HTTPResponseHead`. `HTTP1ServerCodecTests` checks the bytes against NIO's encoder.
enum ResponseFraming {
    /// How the body of the response being written is delimited.
    enum Body: Equatable {
        /// No framing to add: `Content-Length` says where it ends, or there is no body.
        case neither
        /// `Transfer-Encoding: chunked`: each body part goes as a chunk, the end as the last one.
        case chunked
        /// The answer to a `HEAD` (or `CONNECT`): its head as for a `GET`, and no body at all.
        case suppressed
    }

    /// The field a chunked response gets: last, and spelt in lower case, as NIO's `replaceOrAdd`
    /// puts it.
    private static let chunked = HTTPField(name: HTTPField.Name("transfer-encoding")!, value: "chunked")

    /// Sets the framing fields of `response` as NIO's encoder does and says how its body goes.
    /// A response that cannot have a body (1xx, 204, 304, or to a `CONNECT`) loses
    /// `Content-Length` and `Transfer-Encoding`; one with `Content-Length` loses
    /// `Transfer-Encoding`; any other is chunked.
    static func frame(_ response: inout HTTPResponse, to method: HTTPMethod?) -> Body {
        let suppressed = method == .HEAD || method == .CONNECT
        let code = response.status.code
        // One pass to see which framing fields are there; the fields are changed only when they
        // must be (looking each name up joins its values; changing copies the list).
        var hasLength = false
        var hasTransferEncoding = false
        // By position and without a local copy of the list, which would make the changes below
        // copy it.
        for index in response.headerFields.indices {
            let name = response.headerFields[index].name
            if name == .contentLength { hasLength = true } else if name == .transferEncoding { hasTransferEncoding = true }
        }
        if hasTransferEncoding { response.headerFields[.transferEncoding] = nil }
        if method == .CONNECT || (100..<200).contains(code) || code == 204 || code == 304 {
            if hasLength { response.headerFields[.contentLength] = nil }
            return suppressed ? .suppressed : .neither
        }
        if hasLength { return suppressed ? .suppressed : .neither }
        response.headerFields.append(chunked)
        return suppressed ? .suppressed : .chunked
    }

    /// The status line, the fields and the blank line. The reason phrase is NIO's for the code
    /// (as `HTTPResponseHead` gives it), so the bytes are the ones NIO wrote.
    ///
    /// Written in one copy into space reserved once: `ByteBuffer`'s `writeString` per piece cost
    /// about 300 instructions each, 14,000 for the 18 fields of a HEAD answer (callgrind).
    static func head(_ response: HTTPResponse, allocator: ByteBufferAllocator) -> ByteBuffer {
        let status = HTTPResponseStatus(statusCode: response.status.code, reasonPhrase: response.status.reasonPhrase)
        let code = (100...999).contains(status.code) ? nil : String(status.code)
        let reason = status.reasonPhrase
        let fields = response.headerFields
        let size = 9 + (code?.utf8.count ?? 3) + 1 + reason.utf8.count + 2 + RawWriter.size(of: fields)
        var buffer = allocator.buffer(capacity: size)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { out in
            var writer = RawWriter(out: out)
            writer.put("HTTP/1.1 ")
            if let code { writer.put(code) } else { writer.putThreeDigits(Int(status.code)) }
            writer.put(" ")
            writer.put(reason)
            writer.put("\r\n")
            writer.put(fields)
            return writer.at
        }
        return buffer
    }

    /// A chunk's size line: the size in hexadecimal and CRLF.
    static func writeChunkSize(_ size: Int, into buffer: inout ByteBuffer) {
        buffer.writeString(String(size, radix: 16))
        buffer.writeStaticString("\r\n")
    }

    /// The last chunk of a chunked body, with its trailer fields.
    static func lastChunk(trailers: HTTPFields?, allocator: ByteBufferAllocator) -> ByteBuffer {
        let fields = trailers ?? [:]
        let size = 3 + RawWriter.size(of: fields)
        var buffer = allocator.buffer(capacity: size)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { out in
            var writer = RawWriter(out: out)
            writer.put("0\r\n")
            writer.put(fields)
            return writer.at
        }
        return buffer
    }
}

/// Copies strings into reserved space, in order.
private struct RawWriter {
    let out: UnsafeMutableRawBufferPointer
    var at = 0

    mutating func put(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return }
            out.baseAddress!.advanced(by: at).copyMemory(from: base, byteCount: bytes.count)
            at += bytes.count
        }
    }

    /// The bytes `put(_:)` writes for `fields`.
    static func size(of fields: HTTPFields) -> Int {
        fields.wireBytes + 2
    }

    /// Each field as `name: value` and CRLF, then CRLF.
    mutating func put(_ fields: HTTPFields) {
        // By position: `for field in` copied each field (its four references retained and
        // released), 2,700 instructions a response with `size(of:)`'s copies (callgrind).
        for index in fields.indices {
            put(fields[index].name.rawName)
            put(UInt8(ascii: ":"), UInt8(ascii: " "))
            put(fields[index].value)
            put(UInt8(ascii: "\r"), UInt8(ascii: "\n"))
        }
        put(UInt8(ascii: "\r"), UInt8(ascii: "\n"))
    }

    /// Two bytes (`": "`, CRLF) stored directly: through `put(_: String)` each cost a string's
    /// `withUTF8`: `ResponseFraming.head` cost 6,618 instructions a HEAD answer, now 5,020
    /// (callgrind).
    mutating func put(_ first: UInt8, _ second: UInt8) {
        out[at] = first
        out[at + 1] = second
        at += 2
    }

    /// A number of 100...999 as three digits.
    mutating func putThreeDigits(_ value: Int) {
        out[at] = UInt8(ascii: "0") + UInt8(value / 100)
        out[at + 1] = UInt8(ascii: "0") + UInt8(value / 10 % 10)
        out[at + 2] = UInt8(ascii: "0") + UInt8(value % 10)
        at += 3
    }
}
