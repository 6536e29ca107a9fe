public import TesseraCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FileBlobStore: CapacityGauge {
    /// Bytes an unprivileged writer may still write on the blobs' file system (`statvfs`: one
    /// system call of about a microsecond, so it is asked on every write rather than cached).
    public func availableBytes() -> Int64? {
        var s = statvfs()
        guard statvfs(root.string, &s) == 0 else { return nil }
        return Int64(s.f_bavail) * Int64(s.f_frsize)
    }
}
