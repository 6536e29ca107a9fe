public import NIOCore

extension MD5Lanes {
    /// A run of whole blocks of one body, waiting for a lane.
    struct Piece {
        /// Keeps `next` valid: a ByteBuffer's storage does not move while it is referenced and
        /// not written, and nothing writes these.
        let buffer: ByteBuffer
        /// The first block not yet compressed.
        var next: UnsafeRawPointer
        /// Blocks from `next` on.
        var blocks: Int
    }

    /// What a body whose blocks are pending waits for.
    enum Waiting {
        /// It does not wait.
        case no
        /// Its own task compresses, until the body's backlog is empty.
        case driving
        /// It sleeps until the task that compresses has emptied the backlog.
        case suspended(CheckedContinuation<Void, Never>)
    }

    /// One body's MD5 computed through the lanes: ``append(_:)`` its buffers in order, then
    /// ``finish()``, or ``close()`` when the body is abandoned.
    ///
    /// Appending queues the buffer's whole blocks and usually returns at once; they are compressed
    /// later, beside other bodies' blocks. Unchecked Sendable: the fields below the first two are
    /// only touched under the lanes' lock, or by the one task compressing them while they are out
    /// of `pieces`.
    public final class Stream: @unchecked Sendable {
        let lanes: MD5Lanes
        /// Bytes of an unfinished block (appending task only).
        private var carry = BlockCarry()
        /// Bytes appended (appending task only).
        private var length: UInt64 = 0
        /// The chaining value after the blocks already compressed.
        var chain = MD5.initial
        /// Whole blocks not yet compressed, in order.
        var pieces: [Piece] = []
        /// Blocks queued and not yet compressed (including those of a pass under way).
        var pendingBlocks = 0
        /// Whether the body waits for its backlog.
        var waiting = Waiting.no
        /// Pending blocks a waiting body may keep: none at its end, the backlog limit otherwise.
        var drainTarget = 0
        /// Whether a pass holds some of its blocks (and its chaining value).
        var inPass = false

        init(lanes: MD5Lanes) { self.lanes = lanes }

        /// Adds the next bytes of the body. Waits only when more than the lanes' backlog limit is
        /// pending.
        public func append(_ buffer: ByteBuffer) async {
            let count = buffer.readableBytes
            length &+= UInt64(count)
            var queued: [Piece] = []
            buffer.withUnsafeReadableBytes { bytes in
                let whole = carry.cut(bytes) { block in
                    let copy = ByteBuffer(bytes: block)
                    queued.append(Piece(buffer: copy, next: copy.withUnsafeReadableBytes { $0.baseAddress! }, blocks: 1))
                }
                if whole.blocks > 0 { queued.append(Piece(buffer: buffer, next: bytes.baseAddress! + whole.start, blocks: whole.blocks)) }
            }
            if !queued.isEmpty { await lanes.enqueue(queued, for: self) }
        }

        /// The body's 16-byte MD5, once every block appended is compressed. Ends the stream.
        public func finish() async -> [UInt8] {
            await lanes.drain(self)
            lanes.remove(self)
            return MD5.digest(chain, tail: carry.bytes, length: length)
        }

        /// Ends the stream without a digest (the body was abandoned); its pending blocks are dropped.
        public func close() {
            lanes.remove(self)
        }
    }
}
