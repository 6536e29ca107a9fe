#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TesseraCore
import TesseraHTTP

/// One line per answered request: time, request id, dialect, operation, bucket, key, status, error
/// code, bytes in and out, duration — as plain text or as one JSON object per line.
public final class AccessLog: Sendable {
    /// How lines are spelled.
    public enum Format: String, Sendable, CaseIterable {
        /// Space-separated fields; text fields quoted and escaped as JSON strings, `-` when absent.
        case plain
        /// One JSON object per line.
        case json
    }

    /// Why the log could not be opened.
    public struct OpenError: Error, CustomStringConvertible {
        /// What went wrong.
        public let description: String
    }

    let format: Format
    private let descriptor: Int32
    private let ownsDescriptor: Bool

    /// Appends to `path` (created when missing), or writes to standard output when `path` is `-`.
    public init(path: String, format: Format) throws(OpenError) {
        self.format = format
        if path == "-" {
            descriptor = 1
            ownsDescriptor = false
        } else {
            let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
            guard fd >= 0 else { throw OpenError(description: "cannot open access log \(path): \(String(cString: strerror(errno)))") }
            descriptor = fd
            ownsDescriptor = true
        }
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// Writes the line of `record`, answered at `time`. One `write` per line on an `O_APPEND`
    /// descriptor, so concurrent requests never interleave within a line.
    func append(_ record: RequestRecord, at time: Timestamp) {
        var line = Self.line(record, at: time, format: format)
        line.append("\n")
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if n > 0 { offset += n } else if n < 0, errno == EINTR { continue } else { return }
            }
        }
    }

    /// The line of `record` (without its newline).
    static func line(_ r: RequestRecord, at time: Timestamp, format: Format) -> String {
        let milliseconds = (r.seconds * 1_000_000).rounded() / 1000
        switch format {
        case .json:
            var w = JSONWriter()
            w.openObject()
            w.string("time", time.iso8601)
            w.string("request_id", r.requestID)
            w.string("dialect", r.dialect)
            w.string("operation", r.operation)
            if let bucket = r.bucket { w.string("bucket", bucket) }
            if let key = r.key { w.string("key", key) }
            w.int("status", Int64(r.status.code))
            if let failure = r.failure { w.string("error", failure) }
            w.int("bytes_in", r.bytesIn)
            w.int("bytes_out", r.bytesOut)
            w.number("duration_ms", milliseconds)
            w.closeObject()
            return w.document
        case .plain:
            func text(_ s: String?) -> String { s.map(JSONWriter.quote) ?? "-" }
            return [time.iso8601, r.requestID, r.dialect, r.operation, text(r.bucket), text(r.key), String(r.status.code),
                    r.failure ?? "-", String(r.bytesIn), String(r.bytesOut), String(milliseconds) + "ms"].joined(separator: " ")
        }
    }
}
