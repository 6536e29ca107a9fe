public import NIOCore

/// A request body as a stream of buffers, independent of the HTTP framework that produced it.
public struct ByteStream: AsyncSequence, Sendable {
    /// Chunks are NIO buffers.
    public typealias Element = ByteBuffer

    private let factory: @Sendable () -> Iterator

    /// Wraps any sequence of buffers.
    public init<S: AsyncSequence & Sendable>(_ sequence: S) where S.Element == ByteBuffer {
        self.factory = {
            let box = IteratorBox(sequence.makeAsyncIterator())
            return Iterator { try await box.next() }
        }
    }

    /// A stream of the given buffers.
    public static func buffers(_ buffers: [ByteBuffer]) -> ByteStream {
        ByteStream(BufferList(buffers: buffers))
    }

    /// An empty stream.
    public static var empty: ByteStream { .buffers([]) }

    /// Starts iteration.
    public func makeAsyncIterator() -> Iterator { factory() }

    /// The iterator.
    public struct Iterator: AsyncIteratorProtocol {
        let nextChunk: () async throws -> ByteBuffer?
        /// The next buffer or `nil` at the end.
        public mutating func next() async throws -> ByteBuffer? { try await nextChunk() }
    }

    /// Collects the whole stream, refusing more than `limit` bytes.
    public func collect(upTo limit: Int) async throws -> ByteBuffer {
        var out = ByteBuffer()
        for try await var chunk in self {
            guard out.readableBytes + chunk.readableBytes <= limit else {
                throw StorageError(.entityTooLarge, "Your request body is too large for this operation.")
            }
            out.writeBuffer(&chunk)
        }
        return out
    }
}

private final class IteratorBox<I: AsyncIteratorProtocol>: @unchecked Sendable where I.Element == ByteBuffer {
    var iterator: I
    init(_ iterator: I) { self.iterator = iterator }
    func next() async throws -> ByteBuffer? { try await iterator.next() }
}

private struct BufferList: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let buffers: [ByteBuffer]
    struct AsyncIterator: AsyncIteratorProtocol {
        var rest: ArraySlice<ByteBuffer>
        mutating func next() async throws -> ByteBuffer? { rest.popFirst() }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(rest: buffers[...]) }
}
