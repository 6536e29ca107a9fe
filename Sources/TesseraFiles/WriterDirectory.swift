import Foundation
import TesseraCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary directory of one live writer (one server process): `tmp/<id>/`, owned while the
/// process holds an exclusive `flock` on `tmp/<id>.lock`. The kernel drops the lock when the
/// process dies, however it dies, so any directory whose lock can be taken belongs to no one and
/// is removed whole — at start-up, with no age threshold, and safely beside other live writers
/// (several gateways on one shared data directory).
public final class WriterDirectory: Sendable {
    /// `tmp/<id>` — where this writer's blobs are written before they are linked.
    let path: String
    private let lockFD: CInt

    private init(path: String, lockFD: CInt) {
        self.path = path
        self.lockFD = lockFD
    }

    deinit {
        close(lockFD)
    }

    /// Takes a new directory under `temporaryRoot`, after removing those no live writer owns.
    static func claim(in temporaryRoot: String) throws -> (WriterDirectory, reclaimed: Reclaimed) {
        let reclaimed = try reclaimAbandoned(in: temporaryRoot)
        while true {
            let id = Identifiers.hex(Identifiers.randomBytes(8))
            let lockPath = "\(temporaryRoot)/\(id).lock"
            let fd = try SystemCall.open(lockPath, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard flock(fd, LOCK_EX | LOCK_NB) == 0, sameFile(fd, lockPath) else {
                close(fd)  // another process reclaimed it between open and flock: pick a new id
                continue
            }
            let path = "\(temporaryRoot)/\(id)"
            _ = try SystemCall.check("mkdir", mkdir(path, 0o755))
            return (WriterDirectory(path: path, lockFD: fd), reclaimed)
        }
    }

    /// What start-up removed (or would remove).
    public struct Reclaimed: Sendable, Equatable {
        /// Files removed.
        public var files = 0
        /// Their bytes.
        public var bytes: Int64 = 0

        /// Creates a count.
        public init(files: Int = 0, bytes: Int64 = 0) {
            self.files = files
            self.bytes = bytes
        }
    }

    /// Removes every directory under `temporaryRoot` whose lock no live process holds (and any
    /// loose file, from the layout before writer directories); with `dryRun` only counts them.
    static func reclaimAbandoned(in temporaryRoot: String, dryRun: Bool = false) throws -> Reclaimed {
        var reclaimed = Reclaimed()
        let names = try FileManager.default.contentsOfDirectory(atPath: temporaryRoot)
        let locks = Set(names.filter { $0.hasSuffix(".lock") })
        for name in names where !name.hasSuffix(".lock") {
            let path = "\(temporaryRoot)/\(name)"
            if locks.contains(name + ".lock") { continue }  // decided with its lock below
            remove(path, into: &reclaimed, dryRun: dryRun)
        }
        for lock in locks {
            let lockPath = "\(temporaryRoot)/\(lock)"
            let fd = open(lockPath, O_RDWR | O_CLOEXEC)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }  // a live writer's
            remove("\(temporaryRoot)/\(lock.dropLast(5))", into: &reclaimed, dryRun: dryRun)
            if !dryRun { unlink(lockPath) }
        }
        return reclaimed
    }

    /// Whether any live process holds a writer directory under `temporaryRoot`.
    static func liveWriters(in temporaryRoot: String) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporaryRoot)) ?? []
        return names.filter { $0.hasSuffix(".lock") }.contains { lock in
            let fd = open("\(temporaryRoot)/\(lock)", O_RDWR | O_CLOEXEC)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            return flock(fd, LOCK_EX | LOCK_NB) != 0
        }
    }

    /// Whether the open `fd` is still the file at `path` (not unlinked by a reclaiming process).
    private static func sameFile(_ fd: CInt, _ path: String) -> Bool {
        var a = stat()
        var b = stat()
        return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev
    }

    /// Removes a file or a directory tree, counting files and bytes.
    private static func remove(_ path: String, into reclaimed: inout Reclaimed, dryRun: Bool) {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        let files = isDirectory.boolValue ? ((try? fm.contentsOfDirectory(atPath: path)) ?? []).map { "\(path)/\($0)" } : [path]
        for file in files {
            reclaimed.files += 1
            reclaimed.bytes += ((try? fm.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.int64Value ?? 0
        }
        if !dryRun { try? fm.removeItem(atPath: path) }
    }
}
