@testable import DialectS3
import NIOCore
import TesseraCore
import TesseraHTTP

/// Streamed bodies: the aws-chunked decoder over any framing, split at any points.
enum StreamTargets {
    /// The first byte picks the split size; the payload decoded never exceeds the input.
    static func awsChunked(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let input = Array(bytes.dropFirst())
        let step = Int(first % 17) + 1
        let pieces = stride(from: 0, to: input.count, by: step).map { ByteBuffer(bytes: input[$0..<min($0 + step, input.count)]) }
        let body = AWSChunkedBody(upstream: .buffers(pieces), signing: nil, trailers: TrailingChecksums(expected: [.crc32, .sha256]))
        blocking {
            var decoded = 0
            do {
                for try await chunk in body { decoded += chunk.readableBytes }
            } catch {
                return
            }
            precondition(decoded <= input.count, "decoded more than was sent")
        }
    }

    /// A form upload's body (a content type line, then the body, as the `form` target reads it),
    /// read whole and in pieces of a size its length picks: the same fields and file bytes, or a
    /// refusal both ways, and never more out than in (a field counted in characters: bytes not
    /// UTF-8 read as one replacement character each).
    static func formStream(_ bytes: [UInt8]) {
        let newline = bytes.firstIndex(of: 10) ?? bytes.endIndex
        guard let boundary = FormData.boundary(contentType: String(decoding: bytes[..<newline], as: UTF8.self)) else { return }
        let body = Array(bytes[min(newline + 1, bytes.endIndex)...])
        struct Refused: Error {}
        @Sendable func read(_ step: Int) async -> (fields: [FormData.Field], file: [UInt8]?)? {
            let pieces = stride(from: 0, to: body.count, by: step).map { ByteBuffer(bytes: body[$0..<min($0 + step, body.count)]) }
            do {
                let (fields, file) = try await FormData.read(.buffers(pieces), boundary: boundary, maxFieldBytes: 4096, malformed: Refused())
                guard let file else { return (fields, nil) }
                var content: [UInt8] = []
                for try await chunk in file.content { content += chunk.readableBytesView }
                return (fields, content)
            } catch {
                return nil
            }
        }
        blocking {
            let whole = await read(max(body.count, 1))
            let split = await read(body.count % 13 + 1)
            precondition(whole?.fields == split?.fields && whole?.file == split?.file, "the chunks changed what was read")
            if let whole {
                precondition(whole.fields.reduce(0, { $0 + $1.value.count }) + (whole.file?.count ?? 0) <= body.count, "more out than in")
            }
        }
    }
}
