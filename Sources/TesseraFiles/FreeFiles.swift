import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Emptied blob files kept in a writer's temporary directory for new blobs, instead of
/// deleting one inode and allocating another.
///
/// On a file system without a journal (this project's machine: ext4, no journal), ext4 does
/// not hand out an inode freed more than a second and less than 60 seconds ago (360 while its
/// table block is dirty): each new file walks past every such inode in its group, looking each
/// one's table block up, under its directory's lock. After a bulk delete (the reaper's or a
/// lifecycle rule's aborts, a bucket emptied, a many-part object deleted), every blob written
/// in the next minutes paid that walk: `recently_deleted`, `find_get_block_common`,
/// `find_inode_bit` and `ext4_get_group_desc` were 29 % of the server's samples and writers
/// spinning on the lock 10–13 % (`perf`). A deleted blob's file is instead renamed here and
/// truncated (its blocks freed as an unlink frees them); the next blob is written into it and
/// renamed into place as a new file would be. 64 KiB PUTs right after 20,000 deletes: 682–770
/// µs of server CPU against 1,616–1,673 (`bench/after_bulk_delete.sh 3`, docs/benchmarks.md,
/// the thirty-eighth pass). An inode freed and allocated again within a second is not walked
/// past, so steady overwrites gain nothing, and lose nothing (`small-overwrite`: 828–876
/// against 827–879 µs).
///
/// The files live in the writer's own directory, so a crash leaves them for the next start to
/// remove with the rest of it; a store closed cleanly removes them (``removeAll()``). Bounded:
/// beyond ``capacity`` files, a deleted blob is unlinked.
final class FreeFiles: Sendable {
    private struct State {
        /// The numbers of the empty files ready for a blob (a number, not a path: 8 bytes each
        /// for up to ``FreeFiles/capacity`` files).
        var ready: [Int] = []
        /// Names handed out for files on their way in (counted against the capacity).
        var arriving = 0
        /// The number in the next file's name.
        var next = 0
    }

    /// The directory the files are kept in.
    let directory: String
    /// How many files are kept at most.
    let capacity: Int
    private let state = NIOLockedValueBox(State())

    init(directory: String, capacity: Int) {
        self.directory = directory
        self.capacity = capacity
    }

    /// An empty file's path, no longer kept; nil when none is.
    func take() -> String? {
        state.withLockedValue { $0.ready.popLast() }.map(path)
    }

    private func path(_ number: Int) -> String { "\(directory)/free-\(number)" }

    /// What ``keep(_:)`` did.
    enum Kept: Equatable {
        /// The file is gone from its path (and kept, or unlinked if it could not be emptied).
        case moved
        /// No room: the file is where it was.
        case full
        /// The rename failed with this `errno` (`ENOENT`: there was no file).
        case failed(CInt)
    }

    /// Moves the file at `path` here and empties it.
    func keep(_ path: String) -> Kept {
        let number: Int? = state.withLockedValue { s in
            guard s.ready.count + s.arriving < capacity else { return nil }
            s.arriving += 1
            s.next += 1
            return s.next
        }
        guard let number else { return .full }
        let slot = self.path(number)
        guard rename(path, slot) == 0 else {
            let error = errno
            state.withLockedValue { $0.arriving -= 1 }
            return .failed(error)
        }
        // The blob is gone from its place: whatever happens now, the delete has happened.
        let emptied = truncate(slot, 0) == 0
        if !emptied { unlink(slot) }
        state.withLockedValue { s in
            s.arriving -= 1
            if emptied { s.ready.append(number) }
        }
        return .moved
    }

    /// Unlinks every kept file (a store closing).
    func removeAll() {
        for number in state.withLockedValue({ s in defer { s.ready = [] }; return s.ready }) { unlink(path(number)) }
    }
}
