import CTesseraSQLiteConfig
import GRDB
import GRDBSQLite

/// What the process's default VFS did with a connection's write-ahead log: SQLite's two writes a
/// frame gathered into one write a transaction (`wal_frames.c` in CTesseraSQLiteConfig, made
/// the default by ``SQLiteMetadataStore/prepareProcess()``).
enum WALFrames {
    /// Whether connections opened from now on use it.
    static var isDefault: Bool {
        guard let vfs = sqlite3_vfs_find(nil), let name = vfs.pointee.zName else { return false }
        return String(cString: name) == TESSERA_WAL_FRAMES_VFS_NAME
    }

    /// The writes SQLite gave `db`'s log and the writes that reached the file, since the log
    /// opened; nil when the log is not open or not this VFS's.
    static func counts(_ db: Database) -> (given: UInt64, made: UInt64)? {
        var given: UInt64 = 0
        var made: UInt64 = 0
        guard tessera_sqlite_wal_frames_counts(db.sqliteConnection, &given, &made) == SQLITE_OK else { return nil }
        return (given, made)
    }
}
