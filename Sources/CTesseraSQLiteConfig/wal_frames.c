// A write-ahead log's frames handed to the kernel in one write a transaction.
//
// SQLite writes each frame of its WAL with two `pwrite`s: the 24-byte frame header, then the
// page. A commit of four initiates (16 connections) carries ~18 frames, so its writer made 6.4
// `pwrite`s an initiate, each touching one or two of the kernel's 4 KiB pages (a frame is 4,120
// bytes): 8.3 % of the server's samples (`perf record`, docs/benchmarks.md, "The thirty-fourth
// pass"). This VFS, registered as the process's default, wraps the system one: a log's
// consecutive writes are gathered in memory and reach the file in one write when the
// transaction's commit frame is complete, before `xSync`, and before anything reads the file's
// bytes (a size is answered as the file will be). Every other file, and every other call, goes
// to the system VFS.
//
// Why a commit is never visible before its frames are in the file: SQLite publishes a commit
// in the shared WAL index only after `sqlite3WalFrames` wrote its commit frame (a frame whose
// header carries the database's size, bytes 4–7), and this file writes out what it gathered
// as soon as that frame's page is given (with any `synchronous` setting: `NORMAL` and `OFF`
// never call `xSync`).
//
// Why frames of a transaction that rolled back are never written over later ones: frames
// written before the commit (a large transaction spilling its cache) may still be gathered
// when the transaction rolls back, which SQLite does without touching the log. What was
// gathered then is dropped when the connection releases the WAL's write lock (`xShmLock` on its
// database file, which is why database files are wrapped too): a transaction that committed
// left nothing gathered, so whatever is left belongs to one that did not.
//
// Why a failed write never loses frames of a commit: what is gathered is written out only in
// calls whose errors SQLite checks, and stays gathered when that write fails, so the commit
// either writes it later or fails.

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "CTesseraSQLiteConfig.h"
#include "wal_frames.h"

enum {
    kFrameHeaderSize = 24,
    kLogHeaderSize = 32,
    /// The most gathered before a write: a transaction of more than 30 frames of 4 KiB pages
    /// goes out in writes of up to this size. Below 128 KiB because the system VFS writes at
    /// most 128 KiB − 1 bytes a call (its `seekAndWriteFd` masks the length with `0x1ffff`) and
    /// answers a longer write `SQLITE_FULL`, as a test here found.
    kGatherCapacity = 124 * 1024,
    /// SQLite's first shared lock slot, its WAL write lock.
    kWriteLockSlot = 0,
};

/// Database files open, by the name pointer SQLite opened them with: a log finds its database
/// file there (SQLite opens a log with a name in the same allocation).
static pthread_mutex_t open_databases_lock = PTHREAD_MUTEX_INITIALIZER;
static struct DatabaseFile *open_databases;

struct LogFile {
    sqlite3_file base;
    sqlite3_file *system;
    struct DatabaseFile *database;  // NULL when not found (then nothing is gathered)
    unsigned char *gathered;
    sqlite3_int64 start;            // the file offset of gathered[0]
    int length;
    int afterCommitHeader;          // the last frame header given was a commit frame's
    sqlite3_uint64 writesGiven;     // writes SQLite made to this file
    sqlite3_uint64 writesMade;      // writes that reached it
};

struct DatabaseFile {
    sqlite3_file base;
    sqlite3_file *system;
    const char *name;
    struct LogFile *log;
    struct DatabaseFile *next;
};

/// The system file of a wrapper, placed after the larger of the two wrappers.
size_t wal_wrapper_size(void) {
    size_t larger = sizeof(struct LogFile) > sizeof(struct DatabaseFile) ? sizeof(struct LogFile) : sizeof(struct DatabaseFile);
    return (larger + 15) & ~(size_t)15;
}

// MARK: The log file

/// Writes what was gathered. On an error it stays gathered: SQLite may carry on with the
/// transaction after some failed calls (a failed read fails a statement, not the transaction),
/// and its frames must still reach the file before it commits, or the commit must fail. Only
/// calls whose errors SQLite checks write out: writes, `xSync`, reads, `xFetch`.
static int log_write_out(struct LogFile *f) {
    if (f->length == 0) return SQLITE_OK;
    f->writesMade += 1;
    int rc = f->system->pMethods->xWrite(f->system, f->gathered, f->length, f->start);
    if (rc == SQLITE_OK) f->length = 0;
    return rc;
}

static int log_write(sqlite3_file *file, const void *data, int amount, sqlite3_int64 offset) {
    struct LogFile *f = (struct LogFile *)file;
    f->writesGiven += 1;
    if (f->database != NULL && f->gathered == NULL && (f->gathered = malloc(kGatherCapacity)) != NULL) {
        f->database->log = f;
    }
    if (f->gathered == NULL) {
        f->writesMade += 1;
        return f->system->pMethods->xWrite(f->system, data, amount, offset);
    }
    int rc;
    if (f->length > 0 && (offset != f->start + f->length || f->length + amount > kGatherCapacity)) {
        if ((rc = log_write_out(f)) != SQLITE_OK) return rc;
    }
    if (amount > kGatherCapacity) {
        f->writesMade += 1;
        rc = f->system->pMethods->xWrite(f->system, data, amount, offset);
    } else {
        if (f->length == 0) f->start = offset;
        memcpy(f->gathered + f->length, data, (size_t)amount);
        f->length += amount;
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_OK) return rc;
    if (amount == kFrameHeaderSize && offset >= kLogHeaderSize) {
        const unsigned char *h = data;
        f->afterCommitHeader = (h[4] | h[5] | h[6] | h[7]) != 0;
    } else if (f->afterCommitHeader) {
        // The commit frame's page (or, with sector padding, a part of it or a padding frame's):
        // out now, before SQLite publishes the commit.
        rc = log_write_out(f);
    }
    return rc;
}

/// A read wholly inside what is gathered (a spilled page read back, a frame the checkpoint
/// copies) is answered from it; one that only overlaps it writes it out first.
static int log_read(sqlite3_file *file, void *data, int amount, sqlite3_int64 offset) {
    struct LogFile *f = (struct LogFile *)file;
    if (f->length > 0 && offset < f->start + f->length && offset + amount > f->start) {
        if (offset >= f->start && offset + amount <= f->start + f->length) {
            memcpy(data, f->gathered + (offset - f->start), (size_t)amount);
            return SQLITE_OK;
        }
        int rc = log_write_out(f);
        if (rc != SQLITE_OK) return rc;
    }
    return f->system->pMethods->xRead(f->system, data, amount, offset);
}

/// Anything still gathered belongs to a transaction that did not commit: dropped.
static int log_close(sqlite3_file *file) {
    struct LogFile *f = (struct LogFile *)file;
    if (f->database != NULL) f->database->log = NULL;
    free(f->gathered);
    return f->system->pMethods->xClose(f->system);
}

/// What is gathered past the new size is cut off with the file; nothing is written here
/// (`walLimitSize` logs a failed truncate and goes on).
static int log_truncate(sqlite3_file *file, sqlite3_int64 size) {
    struct LogFile *f = (struct LogFile *)file;
    if (f->length > 0 && f->start + f->length > size) {
        f->length = f->start >= size ? 0 : (int)(size - f->start);
    }
    return f->system->pMethods->xTruncate(f->system, size);
}

static int log_sync(sqlite3_file *file, int flags) {
    struct LogFile *f = (struct LogFile *)file;
    int rc = log_write_out(f);
    return rc != SQLITE_OK ? rc : f->system->pMethods->xSync(f->system, flags);
}

/// The size the file will have once what is gathered is written: nothing written here, since
/// SQLite ignores this call's errors in places (`walLimitSize` logs them), and a write that failed
/// unseen would drop frames of the transaction under way.
static int log_file_size(sqlite3_file *file, sqlite3_int64 *size) {
    struct LogFile *f = (struct LogFile *)file;
    int rc = f->system->pMethods->xFileSize(f->system, size);
    if (rc == SQLITE_OK && f->length > 0 && f->start + f->length > *size) *size = f->start + f->length;
    return rc;
}

static int log_fetch(sqlite3_file *file, sqlite3_int64 offset, int amount, void **pages) {
    struct LogFile *f = (struct LogFile *)file;
    int rc = log_write_out(f);
    return rc != SQLITE_OK ? rc : f->system->pMethods->xFetch(f->system, offset, amount, pages);
}

// MARK: The database file

/// Releasing the WAL's write lock ends the connection's write transaction: anything its log
/// still gathers belongs to a transaction that did not commit (see the top of this file).
static int database_shm_lock(sqlite3_file *file, int offset, int n, int flags) {
    struct DatabaseFile *f = (struct DatabaseFile *)file;
    int rc = f->system->pMethods->xShmLock(f->system, offset, n, flags);
    if (offset == kWriteLockSlot && (flags & SQLITE_SHM_UNLOCK) && f->log != NULL) f->log->length = 0;
    return rc;
}

static int database_close(sqlite3_file *file) {
    struct DatabaseFile *f = (struct DatabaseFile *)file;
    pthread_mutex_lock(&open_databases_lock);
    for (struct DatabaseFile **p = &open_databases; *p != NULL; p = &(*p)->next) {
        if (*p == f) { *p = f->next; break; }
    }
    pthread_mutex_unlock(&open_databases_lock);
    if (f->log != NULL) f->log->database = NULL;
    return f->system->pMethods->xClose(f->system);
}

static sqlite3_io_methods log_methods = {
    3, log_close, log_read, log_write, log_truncate, log_sync, log_file_size, wal_pass_lock, wal_pass_unlock,
    // File controls neither read nor write the log's bytes (size hints, flags), and some are
    // hints whose errors SQLite ignores: passed on without writing out what is gathered.
    wal_pass_check_reserved, wal_pass_file_control, wal_pass_sector_size, wal_pass_device, wal_pass_shm_map, wal_pass_shm_lock,
    wal_pass_shm_barrier, wal_pass_shm_unmap, log_fetch, wal_pass_unfetch,
};

static sqlite3_io_methods database_methods = {
    3, database_close, wal_pass_read, wal_pass_write, wal_pass_truncate, wal_pass_sync, wal_pass_file_size, wal_pass_lock, wal_pass_unlock,
    wal_pass_check_reserved, wal_pass_file_control, wal_pass_sector_size, wal_pass_device, wal_pass_shm_map, database_shm_lock,
    wal_pass_shm_barrier, wal_pass_shm_unmap, wal_pass_fetch, wal_pass_unfetch,
};

// MARK: Opening

int wal_vfs_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *out_flags) {
    (void)vfs;
    int kind = flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL);
    if (name == NULL || kind == 0) {
        // Journals, temporary files: the system file itself, in the wrapper's room.
        return wal_system_vfs->xOpen(wal_system_vfs, name, file, flags, out_flags);
    }
    sqlite3_file *system = (sqlite3_file *)((char *)file + wal_wrapper_size());
    int rc = wal_system_vfs->xOpen(wal_system_vfs, name, system, flags, out_flags);
    if (rc != SQLITE_OK) {
        file->pMethods = NULL;
        return rc;
    }
    if (system->pMethods == NULL || system->pMethods->iVersion < 3) {
        // Not a system file this VFS knows how to wrap (no shared-memory calls): opened again,
        // as the system file itself.
        if (system->pMethods != NULL) system->pMethods->xClose(system);
        return wal_system_vfs->xOpen(wal_system_vfs, name, file, flags, out_flags);
    }
    if (kind & SQLITE_OPEN_MAIN_DB) {
        struct DatabaseFile *f = (struct DatabaseFile *)file;
        f->system = system;
        f->name = name;
        f->log = NULL;
        f->base.pMethods = &database_methods;
        pthread_mutex_lock(&open_databases_lock);
        f->next = open_databases;
        open_databases = f;
        pthread_mutex_unlock(&open_databases_lock);
        return SQLITE_OK;
    }
    struct LogFile *f = (struct LogFile *)file;
    f->system = system;
    f->database = NULL;
    f->length = 0;
    f->start = 0;
    f->afterCommitHeader = 0;
    f->gathered = NULL;
    f->writesGiven = 0;
    f->writesMade = 0;
    f->base.pMethods = &log_methods;
    const char *database_name = sqlite3_filename_database(name);
    pthread_mutex_lock(&open_databases_lock);
    for (struct DatabaseFile *d = open_databases; d != NULL; d = d->next) {
        if (d->name == database_name) { f->database = d; break; }
    }
    pthread_mutex_unlock(&open_databases_lock);
    // Its room to gather in is taken at its first write: readers' logs never take it.
    return SQLITE_OK;
}

int tessera_sqlite_wal_frames_counts(sqlite3 *db, unsigned long long *given, unsigned long long *made) {
    sqlite3_file *file = NULL;
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &file) != SQLITE_OK) return SQLITE_ERROR;
    if (file == NULL || file->pMethods != &log_methods) return SQLITE_NOTFOUND;
    struct LogFile *f = (struct LogFile *)file;
    *given = f->writesGiven;
    *made = f->writesMade;
    return SQLITE_OK;
}
