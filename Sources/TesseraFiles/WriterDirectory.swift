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

    /// Takes the directory `id` under `temporaryRoot`, after removing those no live writer owns
    /// (each after `release(abandonedID)` has run, while its lock is still held: a gateway hands
    /// a dead gateway's announced blobs to the collector there, so a crash in between leaves the
    /// lock for the next start to find again).
    static func claim(in temporaryRoot: String, id: String,
                      release: (String) async throws -> Void) async throws -> (WriterDirectory, reclaimed: Reclaimed) {
        let reclaimed = try await reclaimAbandoned(in: temporaryRoot, release: release)
        let lockPath = "\(temporaryRoot)/\(id).lock"
        while true {
            // The lock file is created and locked under a name no reclaimer locks, then linked
            // to its own name already locked. Created under its own name, it was unlocked for a
            // moment: a gateway starting beside this one could lock it as abandoned, and this
            // one's retry then found the file still there (EEXIST, a failed start in CI).
            let staging = "\(lockPath)-\(Identifiers.hex(Identifiers.randomBytes(4)))"
            let fd = try SystemCall.open(staging, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            // Nobody else holds the fresh staging file: a failed flock means the file system
            // has no locks, and a retry would fail the same way for ever.
            let locked = flock(fd, LOCK_EX | LOCK_NB) == 0
            let linked = locked && link(staging, lockPath) == 0
            let error = errno
            unlink(staging)
            guard linked else {
                close(fd)
                // A reclaimer removed the staging file as a loose one before the link: again.
                if locked && error == ENOENT { continue }
                throw StorageError(.internalError, "Writer lock \(lockPath) could not be \(locked ? "linked" : "locked"): \(String(cString: strerror(error))) (errno \(error)).")
            }
            let path = "\(temporaryRoot)/\(id)"
            _ = try SystemCall.check("mkdir", mkdir(path, 0o755))
            return (WriterDirectory(path: path, lockFD: fd), reclaimed)
        }
    }

    /// A fresh writer id: 16 hex digits.
    public static func newID() -> String { Identifiers.hex(Identifiers.randomBytes(8)) }

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
        for writer in try abandoned(in: temporaryRoot, reclaimed: &reclaimed, dryRun: dryRun) {
            writer.remove(into: &reclaimed, dryRun: dryRun)
        }
        return reclaimed
    }

    /// ``reclaimAbandoned(in:dryRun:)``, calling `release` with each dead writer's id before
    /// its directory and lock go.
    static func reclaimAbandoned(in temporaryRoot: String, release: (String) async throws -> Void) async throws -> Reclaimed {
        var reclaimed = Reclaimed()
        for writer in try abandoned(in: temporaryRoot, reclaimed: &reclaimed, dryRun: false) {
            try await release(writer.id)
            writer.remove(into: &reclaimed, dryRun: false)
        }
        return reclaimed
    }

    /// A dead writer's directory, its lock held by this process until ``remove(into:dryRun:)``.
    private struct Abandoned {
        let root: String
        let id: String
        let fd: CInt

        func remove(into reclaimed: inout Reclaimed, dryRun: Bool) {
            WriterDirectory.remove("\(root)/\(id)", into: &reclaimed, dryRun: dryRun)
            if !dryRun { unlink("\(root)/\(id).lock") }
            close(fd)
        }
    }

    /// Locks every writer directory no live process holds (removing loose files on the way).
    private static func abandoned(in temporaryRoot: String, reclaimed: inout Reclaimed, dryRun: Bool) throws -> [Abandoned] {
        let names = try FileManager.default.contentsOfDirectory(atPath: temporaryRoot)
        let locks = Set(names.filter { $0.hasSuffix(".lock") })
        for name in names where !name.hasSuffix(".lock") {
            if locks.contains(name + ".lock") { continue }  // decided with its lock below
            remove("\(temporaryRoot)/\(name)", into: &reclaimed, dryRun: dryRun)
        }
        var found: [Abandoned] = []
        for lock in locks {
            let fd = open("\(temporaryRoot)/\(lock)", O_RDWR | O_CLOEXEC)
            guard fd >= 0 else { continue }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {  // a live writer's
                close(fd)
                continue
            }
            found.append(Abandoned(root: temporaryRoot, id: String(lock.dropLast(5)), fd: fd))
        }
        return found
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
