#if canImport(Glibc)
import Glibc
#endif
public import NIOCore
public import TesseraCore

/// A `multipart/form-data` body read as a browser's form upload sends it (S3's POST Object): the
/// fields before the file are collected (at most `maxFieldBytes` of them), then the file's bytes
/// are handed on as a stream, read from the socket as the write consumes them. What follows the
/// file is not read (S3 ignores fields after it). Memory stays bounded by the fields and one
/// chunk, whatever the file's size.
public final class FormData: @unchecked Sendable {
    /// One field before the file.
    public struct Field: Sendable, Equatable {
        /// The field's name, as sent.
        public var name: String
        /// Its value.
        public var value: String
    }

    /// The file part: its name in the form, the file name the browser gave, its own
    /// `Content-Type`, and its bytes.
    public struct File: Sendable {
        /// The form field's name (`file`).
        public var name: String
        /// The `filename` of its `Content-Disposition` (may be empty).
        public var filename: String
        /// The part's `Content-Type`, if it has one.
        public var contentType: String?
        /// The bytes, up to the next boundary; a body that ends first fails the read.
        public var content: ByteStream
    }

    /// The boundary of a `multipart/form-data` content type; `nil` for another type.
    public static func boundary(contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for piece in contentType.split(separator: ";").dropFirst() {
            let t = String(piece).trimmingSpaces()
            guard t.lowercased().hasPrefix("boundary=") else { continue }
            var b = t.dropFirst("boundary=".count)
            if b.count >= 2, b.hasPrefix("\""), b.hasSuffix("\"") { b = b.dropFirst().dropLast() }
            return b.isEmpty || b.utf8.count > 70 ? nil : String(b)
        }
        return nil
    }

    /// The fields before the file and the file (`nil` when the form has none), read from `body`.
    /// A body that is not a form of this boundary, or whose fields pass `maxFieldBytes`, throws
    /// `malformed`.
    public static func read(_ body: ByteStream, boundary: String, maxFieldBytes: Int = 20 * 1024,
                            malformed: any Error) async throws -> (fields: [Field], file: File?) {
        let reader = FormData(body, boundary: boundary, malformed: malformed)
        return try await reader.readParts(maxFieldBytes: maxFieldBytes)
    }

    private var upstream: ByteStream.Iterator
    private var pending = ByteBuffer()
    private var upstreamEnded = false
    private var fileEnded = false
    /// `\r\n--boundary`: what ends every part.
    private let delimiter: [UInt8]
    private let malformed: any Error

    private init(_ body: ByteStream, boundary: String, malformed: any Error) {
        upstream = body.makeAsyncIterator()
        delimiter = Array("\r\n--\(boundary)".utf8)
        self.malformed = malformed
    }

    /// Reads one more chunk onto `pending`; false at the body's end.
    private func fill() async throws -> Bool {
        guard !upstreamEnded, var chunk = try await upstream.next() else {
            upstreamEnded = true
            return false
        }
        if pending.readableBytes == 0 { pending = chunk } else { pending.writeBuffer(&chunk) }
        return true
    }

    /// The offset of `needle` in `buffer`'s readable bytes: `memchr` to each candidate first
    /// byte, `memcmp` of the rest (a byte-by-byte Swift loop made a form upload's file cost 1.6
    /// times a PUT's server CPU; bench/post_upload.py).
    static func find(_ needle: [UInt8], in buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { raw in
            guard raw.count >= needle.count, let base = raw.baseAddress else { return nil }
            return needle.withUnsafeBytes { n in
                let last = raw.count - needle.count
                var i = 0
                while i <= last {
                    guard let hit = memchr(base + i, Int32(needle[0]), last - i + 1) else { return nil }
                    let at = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + at, n.baseAddress!, needle.count) == 0 { return at }
                    i = at + 1
                }
                return nil
            }
        }
    }

    /// Reads until `needle` is in `pending` (its offset), never holding more than `limit` bytes.
    private func readUntil(_ needle: [UInt8], limit: Int) async throws -> Int {
        while true {
            if let at = Self.find(needle, in: pending) { return at }
            guard pending.readableBytes <= limit, try await fill() else { throw malformed }
        }
    }

    private func readParts(maxFieldBytes: Int) async throws -> (fields: [Field], file: File?) {
        // The first boundary has no line break before it: look for it as if it had one.
        pending.writeBytes([13, 10])
        var fields: [Field] = []
        var budget = maxFieldBytes
        pending.moveReaderIndex(forwardBy: try await readUntil(delimiter, limit: budget))  // a preamble
        while true {
            // At a boundary: `--` ends the form, a line break starts a part.
            while pending.readableBytes < delimiter.count + 2 { guard try await fill() else { throw malformed } }
            pending.moveReaderIndex(forwardBy: delimiter.count)
            let after = pending.readBytes(length: 2) ?? []
            if after == [45, 45] { return (fields, nil) }
            guard after == [13, 10] else { throw malformed }
            let headerEnd = try await readUntil([13, 10, 13, 10], limit: budget)
            guard let headers = pending.readString(length: headerEnd), let part = PartHeaders(headers) else { throw malformed }
            pending.moveReaderIndex(forwardBy: 4)
            budget -= headerEnd
            if let filename = part.filename {
                return (fields, File(name: part.name, filename: filename, contentType: part.contentType, content: ByteStream(FileBytes(form: self))))
            }
            let end = try await readUntil(delimiter, limit: budget)
            guard let value = pending.readString(length: end) else { throw malformed }
            budget -= end
            guard budget >= 0 else { throw malformed }
            fields.append(Field(name: part.name, value: value))
        }
    }

    /// The next piece of the file: the bytes before the delimiter, the last few held back while
    /// they might be its start; `nil` after the delimiter. Chunks are handed on as read, not
    /// copied, but for those few bytes.
    fileprivate func nextFileChunk() async throws -> ByteBuffer? {
        while !fileEnded {
            if let at = Self.find(delimiter, in: pending) {
                fileEnded = true
                return at == 0 ? nil : pending.readSlice(length: at)
            }
            let safe = pending.readableBytes - min(pending.readableBytes, delimiter.count - 1)
            if safe > 0 { return pending.readSlice(length: safe) }
            guard !upstreamEnded, var chunk = try await upstream.next() else { throw malformed }  // it ended inside the file
            if pending.readableBytes == 0 {
                pending = chunk
                continue
            }
            // A chunk too short to settle whether the tail starts the delimiter: joined to it.
            if chunk.readableBytes < delimiter.count - 1 {
                pending.writeBuffer(&chunk)
                continue
            }
            // A tail shorter than the delimiter is left: does the delimiter begin in it?
            var joint = pending
            joint.writeBytes(chunk.readableBytesView.prefix(delimiter.count - 1))
            if let at = Self.find(delimiter, in: joint), at < pending.readableBytes {
                fileEnded = true
                return at == 0 ? nil : pending.readSlice(length: at)
            }
            let tail = pending
            pending = chunk
            return tail
        }
        return nil
    }
}

/// The file's bytes as a sequence (read once, by the write that stores them).
private struct FileBytes: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let form: FormData
    struct AsyncIterator: AsyncIteratorProtocol {
        let form: FormData
        mutating func next() async throws -> ByteBuffer? { try await form.nextFileChunk() }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(form: form) }
}

/// A part's `Content-Disposition` name and filename, and its `Content-Type`.
private struct PartHeaders {
    var name: String
    var filename: String?
    var contentType: String?

    init?(_ text: String) {
        var name: String?
        for line in text.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let field = line[..<colon].lowercased()
            let value = String(line[line.index(after: colon)...]).trimmingSpaces()
            if field == "content-disposition" {
                name = Self.attribute("name", of: value)
                filename = Self.attribute("filename", of: value)
            } else if field == "content-type" {
                contentType = value
            }
        }
        guard let name else { return nil }
        self.name = name
    }

    /// `name="value"` (or unquoted) in a `Content-Disposition` value.
    static func attribute(_ name: String, of value: String) -> String? {
        for piece in value.split(separator: ";").dropFirst() {
            let t = String(piece).trimmingSpaces()
            guard t.lowercased().hasPrefix(name + "=") else { continue }
            var v = t.dropFirst(name.count + 1)
            if v.count >= 2, v.hasPrefix("\""), v.hasSuffix("\"") { v = v.dropFirst().dropLast() }
            return String(v)
        }
        return nil
    }
}
