// What wal_frames.c and system_calls.c share: not part of the module's interface.
#ifndef TESSERA_WAL_FRAMES_H
#define TESSERA_WAL_FRAMES_H

#include <stddef.h>
#include <sqlite3.h>

/// Both wrappers of wal_frames.c start with these two fields.
struct Wrapper { sqlite3_file base; sqlite3_file *system; };

/// The system VFS, which every call ends in; set when the VFS is registered.
extern sqlite3_vfs *wal_system_vfs;

/// The size of the larger wrapper, rounded up: the system file follows it.
size_t wal_wrapper_size(void);
/// The VFS's `xOpen` (wal_frames.c).
int wal_vfs_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *out_flags);

// A wrapped file's calls, passed to its system file unchanged.
int wal_pass_lock(sqlite3_file *file, int lock);
int wal_pass_unlock(sqlite3_file *file, int lock);
int wal_pass_check_reserved(sqlite3_file *file, int *out);
int wal_pass_sector_size(sqlite3_file *file);
int wal_pass_device(sqlite3_file *file);
int wal_pass_shm_map(sqlite3_file *file, int region, int size, int extend, void volatile **memory);
void wal_pass_shm_barrier(sqlite3_file *file);
int wal_pass_shm_unmap(sqlite3_file *file, int delete);
int wal_pass_shm_lock(sqlite3_file *file, int offset, int n, int flags);
int wal_pass_unfetch(sqlite3_file *file, sqlite3_int64 offset, void *page);
int wal_pass_read(sqlite3_file *file, void *data, int amount, sqlite3_int64 offset);
int wal_pass_write(sqlite3_file *file, const void *data, int amount, sqlite3_int64 offset);
int wal_pass_truncate(sqlite3_file *file, sqlite3_int64 size);
int wal_pass_sync(sqlite3_file *file, int flags);
int wal_pass_file_size(sqlite3_file *file, sqlite3_int64 *size);
int wal_pass_file_control(sqlite3_file *file, int op, void *arg);
int wal_pass_fetch(sqlite3_file *file, sqlite3_int64 offset, int amount, void **pages);

// The VFS's calls other than `xOpen`, given the system VFS.
int wal_vfs_delete(sqlite3_vfs *v, const char *name, int sync);
int wal_vfs_access(sqlite3_vfs *v, const char *name, int flags, int *out);
int wal_vfs_full_pathname(sqlite3_vfs *v, const char *name, int n, char *out);
void *wal_vfs_dl_open(sqlite3_vfs *v, const char *name);
void wal_vfs_dl_error(sqlite3_vfs *v, int n, char *out);
void (*wal_vfs_dl_sym(sqlite3_vfs *v, void *h, const char *name))(void);
void wal_vfs_dl_close(sqlite3_vfs *v, void *h);
int wal_vfs_randomness(sqlite3_vfs *v, int n, char *out);
int wal_vfs_sleep(sqlite3_vfs *v, int microseconds);
int wal_vfs_current_time(sqlite3_vfs *v, double *out);
int wal_vfs_last_error(sqlite3_vfs *v, int n, char *out);
int wal_vfs_current_time64(sqlite3_vfs *v, sqlite3_int64 *out);

#endif
