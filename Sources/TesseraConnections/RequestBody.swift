import NIOConcurrencyHelpers
public import NIOCore

/// A request's body as its handler reads it: nothing, or the whole body, for a request whose end
/// came in the same socket read as its head (most requests, a small PUT's too); else the pieces
/// its connection reads, with back-pressure: the connection
/// stops reading from the socket while `ReadSizing.queuedParts` pieces wait unread, and reads on
/// once half have been taken (``RequestDispatcher``).
///
/// However often it is iterated, it is read once, from where the last reader left off: NIO's
/// producer allows one iterator only, and a handler that reads part of a body and hands the rest
/// on must not crash the server.
public struct RequestBody: AsyncSequence, Sendable {
    /// A piece of the body, as read.
    public typealias Element = ByteBuffer
    /// NIO's back-pressured sequence, the one NIOAsyncChannel's inbound stream is built on.
    typealias Producer = NIOThrowingAsyncSequenceProducer<
        ByteBuffer, any Error, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, BodyDemand>

    private let pieces: Pieces?
    private let whole: ByteBuffer?

    /// A body with no bytes.
    static let empty = RequestBody(pieces: nil, whole: nil)

    /// A body read whole already.
    static func whole(_ bytes: ByteBuffer) -> RequestBody { RequestBody(pieces: nil, whole: bytes) }

    private init(pieces: Pieces?, whole: ByteBuffer?) {
        self.pieces = pieces
        self.whole = whole
    }

    /// A body fed through the returned source; `demand` hears when the reader wants more.
    static func streamed(queuedParts: Int, demand: BodyDemand) -> (body: RequestBody, source: Producer.Source) {
        let made = Producer.makeSequence(
            backPressureStrategy: .init(lowWatermark: Swift.max(queuedParts / 2, 1), highWatermark: Swift.max(queuedParts, 2)),
            finishOnDeinit: false, delegate: demand)
        return (RequestBody(pieces: Pieces(made.sequence.makeAsyncIterator()), whole: nil), made.source)
    }

    /// Reads on from where the last reader left off.
    public func makeAsyncIterator() -> Iterator { Iterator(pieces: pieces, whole: whole) }

    /// Reads the whole body, or the shared pieces.
    public struct Iterator: AsyncIteratorProtocol {
        let pieces: Pieces?
        var whole: ByteBuffer?

        /// The next piece, or nil at the end.
        public mutating func next() async throws -> ByteBuffer? {
            if let bytes = whole {
                whole = nil
                return bytes
            }
            return try await pieces?.next()
        }
    }

    /// The one iterator of the producer. It is not `Sendable`: it is handed from one reader to the
    /// next under a lock, taken out while awaited (a second reader at once would see the end).
    final class Pieces: @unchecked Sendable {
        private let lock = NIOLock()
        private var iterator: Producer.AsyncIterator?

        init(_ iterator: Producer.AsyncIterator) { self.iterator = iterator }

        func next() async throws -> ByteBuffer? {
            guard let current = lock.withLock({ () -> Producer.AsyncIterator? in
                defer { iterator = nil }
                return iterator
            }) else { return nil }
            defer { lock.withLock { iterator = current } }
            return try await current.next()
        }
    }
}

/// Tells a connection that the body's reader wants more pieces (NIO's producer asks from any
/// thread; the connection's state lives on its event loop).
struct BodyDemand: NIOAsyncSequenceProducerDelegate {
    let wanted: @Sendable () -> Void

    func produceMore() { wanted() }

    func didTerminate() { wanted() }
}
