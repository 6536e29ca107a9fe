import Crypto
import NIOCore

/// SHA-1 of each fixed-size block of a stream, combined as UFile's ETag: the one block's SHA-1,
/// or the SHA-1 of all block SHA-1s, prefixed with the block count (4 bytes, little-endian) and
/// written in URL-safe base64 (protocols/ufile.md §6). `hello world` → `AQAAACqubDXJT8-0FdvpX0CLnOke6Ebt`.
public struct SHA1BlockDigest: Sendable {
    /// UFile's block size.
    public static let ufileBlockSize = 4 * 1024 * 1024

    private let blockSize: Int
    private var current = Insecure.SHA1()
    private var inBlock = 0
    private var blocks: [[UInt8]] = []

    /// Starts a digest with `blockSize`-byte blocks.
    public init(blockSize: Int = SHA1BlockDigest.ufileBlockSize) { self.blockSize = blockSize }

    /// Feeds bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var rest = bytes
        while !rest.isEmpty {
            let n = min(blockSize - inBlock, rest.count)
            current.update(bufferPointer: UnsafeRawBufferPointer(rebasing: rest[0..<n]))
            inBlock += n
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
            if inBlock == blockSize {
                blocks.append(Array(current.finalize()))
                current = Insecure.SHA1()
                inBlock = 0
            }
        }
    }

    /// The SHA-1s of the blocks (the last possibly short, or a single empty block for no bytes).
    public var blockDigests: [[UInt8]] {
        var all = blocks
        if inBlock > 0 || all.isEmpty { all.append(Array(current.finalize())) }
        return all
    }

    /// The ETag for the blocks' SHA-1s.
    public static func etag(blockDigests d: [[UInt8]]) -> String {
        let hash = d.count == 1 ? d[0] : Array(Insecure.SHA1.hash(data: d.flatMap { $0 }))
        let n = UInt32(d.count)
        let bytes = [UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF), UInt8((n >> 16) & 0xFF), UInt8(n >> 24)] + hash
        return urlSafe(Base64.encode(bytes))
    }

    /// The ETag of everything fed so far.
    public var etag: String { SHA1BlockDigest.etag(blockDigests: blockDigests) }

    /// URL-safe base64: `+` → `-`, `/` → `_` (padding kept).
    public static func urlSafe(_ b64: String) -> String {
        String(b64.map { $0 == "+" ? "-" : ($0 == "/" ? "_" : $0) })
    }
}
