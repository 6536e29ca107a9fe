@testable import DialectS3
import NIOCore
import TesseraCore

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
}
