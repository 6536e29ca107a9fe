import CTesseraPageCache
import NIOCore
import TesseraCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open blob file being read: `pread`s of whole chunks. Reads of one file are made one at a
/// time (each awaited before the next is started or the file closed).
///
/// With `direct`, a chunk whose pages are not all in the page cache is read past it (`O_DIRECT`),
/// as the writer wrote it (``DurableFile``). On this project's virtual machines a buffered read of
/// bytes that are not cached cost 3 ms of CPU per MiB, nearly all of it the kernel's copy out of
/// the page-cache pages it had just filled; the same gigabyte read with `O_DIRECT` took 0.06 s of
/// system time instead of 3.3 s (`dd`, 1 MiB blocks, a file written with `O_DIRECT`). A chunk that
/// is cached is read from the cache, as before; so is every chunk where the kernel cannot say what
/// it holds (no `cachestat(2)`) or the file system refuses `O_DIRECT` (tmpfs).
final class ReadableFile: Sendable {
    /// What `O_DIRECT` asks of offsets, lengths and memory: 4 KiB, a multiple of every device's
    /// logical block.
    static let directAlignment = 4_096

    private let fd: CInt
    /// The file opened again with `O_DIRECT`, or -1: not asked for, or refused by the file system.
    private let directFD: CInt
    /// The system's page size, what `cachestat(2)` counts in (the same for every file).
    private static let pageSize = Int64(sysconf(Int32(_SC_PAGESIZE)))

    /// Opens the file to read `count` bytes from `offset`. With `direct`, when those bytes are
    /// not all in the page cache and `pastCache()` agrees (``CacheAdmission``), the file is
    /// opened a second time with `O_DIRECT`.
    init(path: String, reading offset: Int64, count: Int64, direct: Bool, pastCache: () -> Bool = { true }) throws {
        fd = try SystemCall.open(path, O_RDONLY | O_CLOEXEC)
        if direct, let flag = SystemCall.directFlag, !Self.cached(fd, at: offset, count: count), pastCache() {
            directFD = (try? SystemCall.open(path, O_RDONLY | O_CLOEXEC | flag)) ?? -1
        } else {
            directFD = -1
        }
    }

    /// Whether chunks not in the page cache are read past it (the file is open with `O_DIRECT` too).
    var readsPastCache: Bool { directFD >= 0 }

    /// Up to `count` bytes from `offset`; fewer only at the end of the file.
    func read(at offset: Int64, count: Int) throws -> ByteBuffer {
        if directFD >= 0, !cached(at: offset, count: count), let bytes = try readDirect(at: offset, count: count) {
            return bytes
        }
        return try readCached(at: offset, count: count)
    }

    /// Whether every page the range touches is in the page cache; true where the kernel cannot say.
    func cached(at offset: Int64, count: Int) -> Bool {
        Self.cached(fd, at: offset, count: Int64(count))
    }

    private static func cached(_ fd: CInt, at offset: Int64, count: Int64) -> Bool {
        let start = offset - offset % pageSize
        let length = offset + count - start
        let resident = tessera_cached_pages(fd, UInt64(start), UInt64(length))
        return resident < 0 || resident >= (length + pageSize - 1) / pageSize
    }

    /// The range through the page cache.
    func readCached(at offset: Int64, count: Int) throws -> ByteBuffer {
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

    /// The range past the page cache: the aligned span around it read into an aligned place of
    /// one buffer, whose readable bytes are then narrowed to the range. Nil when the file system
    /// refuses the read (`EINVAL`), so the caller reads through the cache instead.
    func readDirect(at offset: Int64, count: Int) throws -> ByteBuffer? {
        precondition(directFD >= 0, "readDirect on a file opened without O_DIRECT")
        let align = Self.directAlignment
        let start = offset - offset % Int64(align)
        let head = Int(offset - start)
        let span = (head + count + align - 1) / align * align
        var buffer = ByteBufferAllocator().buffer(capacity: span + align)
        var failure: CInt = 0
        var lead = 0
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: span + align) { out in
            lead = (align - Int(bitPattern: out.baseAddress!) % align) % align
            let base = out.baseAddress! + lead
            var done = 0
            while done < span {
                let n = pread(directFD, base + done, span - done, off_t(start) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                done += n
                if n == 0 || done % align != 0 { break }  // the end of the file
            }
            return lead + max(head, min(done, head + count))
        }
        if failure == EINVAL { return nil }
        if failure != 0 { throw SystemCall.failure("pread", errno: failure) }
        buffer.moveReaderIndex(forwardBy: lead + head)
        return buffer
    }

    /// Closes the file.
    func close() {
        #if canImport(Glibc)
        _ = Glibc.close(fd)
        if directFD >= 0 { _ = Glibc.close(directFD) }
        #else
        _ = Darwin.close(fd)
        if directFD >= 0 { _ = Darwin.close(directFD) }
        #endif
    }
}
