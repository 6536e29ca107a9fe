import NIOCore
import TesseraHTTP

/// A request body as it arrives from the connection, with every transport failure — the
/// connection ending before the declared `Content-Length`, broken `Transfer-Encoding: chunked`
/// framing (not hex, overflowing, missing CRLF, no final chunk, endless extensions) — turned into
/// the wire's `malformedFraming`, which every dialect answers with its 400 (issue 13: these were
/// 500 InternalError). Errors the body's own consumers throw pass through unchanged.
struct CheckedRequestBody<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer

    let base: Base

    func makeAsyncIterator() -> Iterator { Iterator(base: base.makeAsyncIterator()) }

    struct Iterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator

        mutating func next() async throws -> ByteBuffer? {
            do {
                return try await base.next()
            } catch let error as WireError {
                throw error
            } catch {
                throw WireError(.malformedFraming, "The request body ended before its declared length, or its framing is malformed.")
            }
        }
    }
}
