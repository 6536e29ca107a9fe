import NIOCore
import TesseraCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open blob file being read: `pread`s of whole chunks. Reads of one file are made one at a
/// time (each awaited before the next is started or the file closed).
final class ReadableFile: Sendable {
    private let fd: CInt

    init(path: String) throws {
        fd = try SystemCall.open(path, O_RDONLY | O_CLOEXEC)
    }

    /// Up to `count` bytes from `offset`; fewer only at the end of the file.
    func read(at offset: Int64, count: Int) throws -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: count)
        var done = 0
        while done < count {
            var n = 0
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count - done) { out in
                n = pread(fd, out.baseAddress!, count - done, off_t(offset) + off_t(done))
                return max(n, 0)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemCall.failure("pread")
            }
            if n == 0 { break }
            done += n
        }
        return buffer
    }

    /// Closes the file.
    func close() {
        #if canImport(Glibc)
        _ = Glibc.close(fd)
        #else
        _ = Darwin.close(fd)
        #endif
    }
}

/// The system calls behind a ``FileBlobStore/Writer``: create, write, fsync, rename, fsync the
/// directory. Errors carry the failing call and `errno`.
struct DurableFile {
    private var fd: CInt = -1
    private var offset: Int64 = 0
    private var done = false

    /// Writes `buffer` at the end of the file, creating it (exclusively) on first use.
    mutating func append(_ buffer: ByteBuffer, creating path: String) throws {
        if fd < 0 {
            fd = try SystemCall.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        }
        try buffer.withUnsafeReadableBytes { bytes in
            var written = 0
            while written < bytes.count {
                let n = pwrite(fd, bytes.baseAddress! + written, bytes.count - written, off_t(offset))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw SystemCall.failure("pwrite")
                }
                written += n
                offset += Int64(n)
            }
        }
    }

    /// Makes the file durable and visible under `final`.
    mutating func commit(temporary: String, final: String, directory: String) throws {
        _ = try SystemCall.check("fsync", fsync(fd))
        _ = try SystemCall.check("close", close(fd))
        fd = -1
        _ = try SystemCall.check("rename", rename(temporary, final))
        done = true
        let dir = try SystemCall.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { close(dir) }
        _ = try SystemCall.check("fsync", fsync(dir))
    }

    /// Closes and removes an uncommitted file.
    mutating func discard(temporary: String) {
        guard !done else { return }
        done = true
        if fd >= 0 {
            close(fd)
            fd = -1
            unlink(temporary)
        }
    }

}

/// System calls of the blob files, with errors that carry the failing call and `errno`.
enum SystemCall {
    /// `open(2)`.
    static func open(_ path: String, _ flags: CInt, _ mode: mode_t = 0) throws -> CInt {
        #if canImport(Glibc)
        try check("open", Glibc.open(path, flags, mode))
        #else
        try check("open", Darwin.open(path, flags, mode))
        #endif
    }

    /// `result`, unless it reports a failure of `call`.
    static func check(_ call: String, _ result: CInt) throws -> CInt {
        guard result >= 0 else { throw failure(call) }
        return result
    }

    /// The error for a failed `call`, from `errno`.
    static func failure(_ call: String) -> StorageError {
        failure(call, errno: errno)
    }

    /// The error for `call` failing with `code`: a full disk (or quota) is `insufficientStorage`.
    static func failure(_ call: String, errno code: CInt) -> StorageError {
        if code == ENOSPC || code == EDQUOT {
            return StorageError(.insufficientStorage, "The disk holding the blobs is full.")
        }
        return StorageError(.internalError, "Blob file \(call) failed: \(String(cString: strerror(code))) (errno \(code)).")
    }
}
