import NIOConcurrencyHelpers
import NIOCore
import TesseraHTTP

/// A request body as it arrives from the connection, with every transport failure — the
/// connection ending before the declared `Content-Length`, broken `Transfer-Encoding: chunked`
/// framing (not hex, overflowing, missing CRLF, no final chunk, endless extensions) — turned into
/// the wire's `malformedFraming`, which every dialect answers with its 400 (issue 13: these were
/// 500 InternalError). Errors the body's own consumers throw pass through unchanged. The bytes
/// read are added to `counter` (the metrics' and access log's bytes in).
struct CheckedRequestBody<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer

    let base: Base
    let counter: ByteCounter

    func makeAsyncIterator() -> Iterator { Iterator(base: base.makeAsyncIterator(), counter: counter) }

    struct Iterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let counter: ByteCounter

        mutating func next() async throws -> ByteBuffer? {
            do {
                let chunk = try await base.next()
                if let chunk { counter.add(chunk.readableBytes) }
                return chunk
            } catch let error as WireError {
                throw error
            } catch {
                throw WireError(.malformedFraming, "The request body ended before its declared length, or its framing is malformed.")
            }
        }
    }
}

/// Bytes that crossed the connection for one request, counted as they pass.
final class ByteCounter: Sendable {
    private let total = NIOLockedValueBox<Int64>(0)

    /// Adds `n` bytes.
    func add(_ n: Int) { total.withLockedValue { $0 += Int64(n) } }

    /// The bytes counted so far.
    var value: Int64 { total.withLockedValue { $0 } }
}
