import NIOCore
import TesseraCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system calls behind a ``FileBlobStore/Writer``: create, write, fsync, rename, fsync the
/// directory. Errors carry the failing call and `errno`.
///
/// With `direct`, whole aligned chunks are written with `O_DIRECT`: the bytes go from the
/// writer's buffer to the device without a copy into the page cache. Measured on this project's
/// machine (`dd`, 1 GiB then fsync): buffered 1 MiB writes 570–600 MB/s, direct 1.9–2.1 GB/s; and
/// the page-cache copy (`copy_folio_from_iter_atomic`) was 24 % of the server's CPU in a
/// multipart upload (perf). The tail of a blob (not a whole number of pages) and file systems
/// that refuse `O_DIRECT` (tmpfs) are written through the page cache, as before.
struct DurableFile {
    private var fd: CInt = -1
    private var offset: Int64 = 0
    private var done = false
    /// Whether `fd` is open with `O_DIRECT` now.
    private var isDirect = false

    /// Writes `bytes` at the end of the file, creating it (exclusively) on first use; directly
    /// when `direct` is asked for and the write is aligned.
    mutating func append(_ bytes: UnsafeRawBufferPointer, creating path: String, direct: Bool) throws {
        if fd < 0 { try create(path, direct: direct) }
        if isDirect && !Self.aligned(bytes, at: offset) { try leaveDirect() }
        var written = 0
        while written < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + written, bytes.count - written, off_t(offset))
            if n < 0 {
                if errno == EINTR { continue }
                // A file system may accept O_DIRECT at open and refuse the write: write through the cache.
                if errno == EINVAL && isDirect { try leaveDirect(); continue }
                throw SystemCall.failure("pwrite")
            }
            written += n
            offset += Int64(n)
            if isDirect && written < bytes.count && !Self.aligned(UnsafeRawBufferPointer(rebasing: bytes[written...]), at: offset) {
                try leaveDirect()
            }
        }
    }

    private mutating func create(_ path: String, direct: Bool) throws {
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC
        if direct, let directFlag = SystemCall.directFlag {
            let opened = open(path, flags | directFlag, 0o644)
            if opened >= 0 {
                fd = opened
                isDirect = true
                return
            }
            guard errno == EINVAL else { throw SystemCall.failure("open") }
        }
        fd = try SystemCall.open(path, flags, 0o644)
    }

    /// Turns `O_DIRECT` off for the rest of the file.
    private mutating func leaveDirect() throws {
        let flags = try SystemCall.check("fcntl", fcntl(fd, F_GETFL))
        _ = try SystemCall.check("fcntl", fcntl(fd, F_SETFL, flags & ~(SystemCall.directFlag ?? 0)))
        isDirect = false
    }

    private static func aligned(_ bytes: UnsafeRawBufferPointer, at offset: Int64) -> Bool {
        let a = ChunkBuffer.alignment
        return Int(bitPattern: bytes.baseAddress) % a == 0 && bytes.count % a == 0 && offset % Int64(a) == 0
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

    /// `O_DIRECT`, where this project knows its value (Glibc's module does not export it).
    static var directFlag: CInt? {
        #if os(Linux) && arch(x86_64)
        return 0o40000
        #elseif os(Linux) && arch(arm64)
        return 0o200000
        #else
        return nil
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
