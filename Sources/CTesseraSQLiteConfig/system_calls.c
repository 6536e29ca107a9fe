// The calls both wrappers of wal_frames.c pass to the system VFS's file unchanged, the VFS's
// calls other than `xOpen`, given the system VFS, and the VFS's registration.

#include <pthread.h>
#include "CTesseraSQLiteConfig.h"
#include "wal_frames.h"

sqlite3_vfs *wal_system_vfs;

// MARK: A wrapped file's calls

#define SYSTEM(file) (((struct Wrapper *)(file))->system)

int wal_pass_lock(sqlite3_file *file, int lock) { return SYSTEM(file)->pMethods->xLock(SYSTEM(file), lock); }
int wal_pass_unlock(sqlite3_file *file, int lock) { return SYSTEM(file)->pMethods->xUnlock(SYSTEM(file), lock); }
int wal_pass_check_reserved(sqlite3_file *file, int *out) { return SYSTEM(file)->pMethods->xCheckReservedLock(SYSTEM(file), out); }
int wal_pass_sector_size(sqlite3_file *file) { return SYSTEM(file)->pMethods->xSectorSize(SYSTEM(file)); }
int wal_pass_device(sqlite3_file *file) { return SYSTEM(file)->pMethods->xDeviceCharacteristics(SYSTEM(file)); }
int wal_pass_shm_map(sqlite3_file *file, int region, int size, int extend, void volatile **memory) {
    return SYSTEM(file)->pMethods->xShmMap(SYSTEM(file), region, size, extend, memory);
}
void wal_pass_shm_barrier(sqlite3_file *file) { SYSTEM(file)->pMethods->xShmBarrier(SYSTEM(file)); }
int wal_pass_shm_unmap(sqlite3_file *file, int delete) { return SYSTEM(file)->pMethods->xShmUnmap(SYSTEM(file), delete); }
int wal_pass_shm_lock(sqlite3_file *file, int offset, int n, int flags) {
    return SYSTEM(file)->pMethods->xShmLock(SYSTEM(file), offset, n, flags);
}
int wal_pass_unfetch(sqlite3_file *file, sqlite3_int64 offset, void *page) {
    return SYSTEM(file)->pMethods->xUnfetch(SYSTEM(file), offset, page);
}
int wal_pass_read(sqlite3_file *file, void *data, int amount, sqlite3_int64 offset) {
    return SYSTEM(file)->pMethods->xRead(SYSTEM(file), data, amount, offset);
}
int wal_pass_write(sqlite3_file *file, const void *data, int amount, sqlite3_int64 offset) {
    return SYSTEM(file)->pMethods->xWrite(SYSTEM(file), data, amount, offset);
}
int wal_pass_truncate(sqlite3_file *file, sqlite3_int64 size) { return SYSTEM(file)->pMethods->xTruncate(SYSTEM(file), size); }
int wal_pass_sync(sqlite3_file *file, int flags) { return SYSTEM(file)->pMethods->xSync(SYSTEM(file), flags); }
int wal_pass_file_size(sqlite3_file *file, sqlite3_int64 *size) { return SYSTEM(file)->pMethods->xFileSize(SYSTEM(file), size); }
int wal_pass_file_control(sqlite3_file *file, int op, void *arg) { return SYSTEM(file)->pMethods->xFileControl(SYSTEM(file), op, arg); }
int wal_pass_fetch(sqlite3_file *file, sqlite3_int64 offset, int amount, void **pages) {
    return SYSTEM(file)->pMethods->xFetch(SYSTEM(file), offset, amount, pages);
}

// MARK: The VFS

// Every call but `xOpen` is the system VFS's, given the system VFS.
int wal_vfs_delete(sqlite3_vfs *v, const char *name, int sync) { (void)v; return wal_system_vfs->xDelete(wal_system_vfs, name, sync); }
int wal_vfs_access(sqlite3_vfs *v, const char *name, int flags, int *out) { (void)v; return wal_system_vfs->xAccess(wal_system_vfs, name, flags, out); }
int wal_vfs_full_pathname(sqlite3_vfs *v, const char *name, int n, char *out) { (void)v; return wal_system_vfs->xFullPathname(wal_system_vfs, name, n, out); }
void *wal_vfs_dl_open(sqlite3_vfs *v, const char *name) { (void)v; return wal_system_vfs->xDlOpen(wal_system_vfs, name); }
void wal_vfs_dl_error(sqlite3_vfs *v, int n, char *out) { (void)v; wal_system_vfs->xDlError(wal_system_vfs, n, out); }
void (*wal_vfs_dl_sym(sqlite3_vfs *v, void *h, const char *name))(void) { (void)v; return wal_system_vfs->xDlSym(wal_system_vfs, h, name); }
void wal_vfs_dl_close(sqlite3_vfs *v, void *h) { (void)v; wal_system_vfs->xDlClose(wal_system_vfs, h); }
int wal_vfs_randomness(sqlite3_vfs *v, int n, char *out) { (void)v; return wal_system_vfs->xRandomness(wal_system_vfs, n, out); }
int wal_vfs_sleep(sqlite3_vfs *v, int microseconds) { (void)v; return wal_system_vfs->xSleep(wal_system_vfs, microseconds); }
int wal_vfs_current_time(sqlite3_vfs *v, double *out) { (void)v; return wal_system_vfs->xCurrentTime(wal_system_vfs, out); }
int wal_vfs_last_error(sqlite3_vfs *v, int n, char *out) { (void)v; return wal_system_vfs->xGetLastError(wal_system_vfs, n, out); }
int wal_vfs_current_time64(sqlite3_vfs *v, sqlite3_int64 *out) { (void)v; return wal_system_vfs->xCurrentTimeInt64(wal_system_vfs, out); }

// MARK: Registration

static sqlite3_vfs frames_vfs;
static int registration_result = SQLITE_ERROR;

static void register_frames_vfs(void) {
    wal_system_vfs = sqlite3_vfs_find(NULL);
    if (wal_system_vfs == NULL || wal_system_vfs->iVersion < 2) return;
    frames_vfs = (sqlite3_vfs){
        .iVersion = 2,
        .szOsFile = (int)wal_wrapper_size() + wal_system_vfs->szOsFile,
        .mxPathname = wal_system_vfs->mxPathname,
        .zName = TESSERA_WAL_FRAMES_VFS_NAME,
        .xOpen = wal_vfs_open, .xDelete = wal_vfs_delete, .xAccess = wal_vfs_access, .xFullPathname = wal_vfs_full_pathname,
        .xDlOpen = wal_vfs_dl_open, .xDlError = wal_vfs_dl_error, .xDlSym = wal_vfs_dl_sym, .xDlClose = wal_vfs_dl_close,
        .xRandomness = wal_vfs_randomness, .xSleep = wal_vfs_sleep, .xCurrentTime = wal_vfs_current_time,
        .xGetLastError = wal_vfs_last_error, .xCurrentTimeInt64 = wal_vfs_current_time64,
    };
    registration_result = sqlite3_vfs_register(&frames_vfs, 1);
}

int tessera_sqlite_register_wal_frames(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, register_frames_vfs);
    return registration_result;
}
