import TesseraCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Directories whose creation survives a power cut.
///
/// A blob is fsynced, renamed into its shard directory and that directory fsynced: the blob's
/// entry is durable. The shard directory's own entry in `blobs/`, and `blobs/`'s in the data
/// directory, are durable only once *their* parent is fsynced after the `mkdir`. Without it a
/// power cut soon after a store first opened could take a whole shard, with every blob an
/// acknowledged request had put in it. So each directory created here is followed by an fsync of
/// its parent.
public struct DurableDirectories: Sendable {
    /// Makes a directory's entries durable (`fsync(2)` on the directory, by default).
    let syncDirectory: @Sendable (String) throws -> Void

    /// Creates the helper; `syncDirectory` replaces the fsync of a parent (for tests).
    public init(syncDirectory: @escaping @Sendable (String) throws -> Void = DurableDirectories.fsyncDirectory) {
        self.syncDirectory = syncDirectory
    }

    /// Creates `path` and any missing ancestor, syncing each created directory's parent once
    /// after its children are made. Returns the directories created, outermost first (none when
    /// `path` already exists).
    @discardableResult
    public func create(_ path: String) throws -> [String] {
        var missing: [String] = []
        var current = Self.trimmed(path)
        while !current.isEmpty, !Self.isDirectory(current) {
            missing.append(current)
            current = Self.parent(of: current)
        }
        var parentsToSync: [String] = []
        for directory in missing.reversed() {
            if mkdir(directory, 0o755) != 0 {
                let code = errno
                // Another process made it meanwhile: not ours to sync, but it is there.
                guard code == EEXIST, Self.isDirectory(directory) else { throw SystemCall.failure("mkdir", errno: code) }
                continue
            }
            let parent = Self.parent(of: directory)
            if parentsToSync.last != parent { parentsToSync.append(parent) }
        }
        for parent in parentsToSync { try syncDirectory(parent.isEmpty ? "." : parent) }
        return missing.reversed()
    }

    /// Creates each of `names` under `directory` (which must exist) that is missing, then syncs
    /// `directory` once if any was created. Returns how many were created.
    @discardableResult
    public func createChildren(_ names: [String], in directory: String) throws -> Int {
        var created = 0
        for name in names {
            let path = directory + "/" + name
            if Self.isDirectory(path) { continue }
            if mkdir(path, 0o755) == 0 {
                created += 1
            } else {
                let code = errno
                guard code == EEXIST, Self.isDirectory(path) else { throw SystemCall.failure("mkdir", errno: code) }
            }
        }
        if created > 0 { try syncDirectory(directory) }
        return created
    }

    /// `fsync(2)` on a directory.
    public static let fsyncDirectory: @Sendable (String) throws -> Void = { path in
        let fd = try SystemCall.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { close(fd) }
        _ = try SystemCall.check("fsync", fsync(fd))
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// `path` without trailing slashes (but `/` stays `/`).
    private static func trimmed(_ path: String) -> String {
        var path = Substring(path)
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        return String(path)
    }

    /// The parent of `path`: "" for a relative path of one component, `/` for `/x`.
    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        if slash == path.startIndex { return "/" }
        return trimmed(String(path[..<slash]))
    }
}
