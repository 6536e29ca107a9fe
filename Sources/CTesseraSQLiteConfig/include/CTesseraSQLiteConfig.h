#ifndef CTESSERA_SQLITE_CONFIG_H
#define CTESSERA_SQLITE_CONFIG_H

#include <sqlite3.h>

/// Turns off SQLite's memory statistics for the process (`SQLITE_CONFIG_MEMSTATUS`). Has an
/// effect only before SQLite's first use in the process; returns SQLite's result code
/// (`SQLITE_MISUSE` when it came too late, and nothing changed).
int tessera_sqlite_disable_memory_statistics(void);

/// The name SQLite knows the VFS below by.
#define TESSERA_WAL_FRAMES_VFS_NAME "tessera-wal-frames"

/// Makes the process's default SQLite VFS one that hands each write-ahead log transaction's
/// frames to the kernel in one write (wal_frames.c says why and how), wrapping the system VFS.
/// Connections opened before keep the VFS they had. Returns SQLite's result code; once made,
/// later calls return the first result.
int tessera_sqlite_register_wal_frames(void);

/// How many writes SQLite gave the write-ahead log of connection `db`'s main database
/// (`given`), and how many reached the file (`made`), since the log was opened. Returns
/// `SQLITE_NOTFOUND` when that log is not this VFS's (or not open), `SQLITE_OK` otherwise.
int tessera_sqlite_wal_frames_counts(sqlite3 *db, unsigned long long *given, unsigned long long *made);

#endif
