#ifndef CTESSERA_SQLITE_CONFIG_H
#define CTESSERA_SQLITE_CONFIG_H

/// Turns off SQLite's memory statistics for the process (`SQLITE_CONFIG_MEMSTATUS`). Has an
/// effect only before SQLite's first use in the process; returns SQLite's result code
/// (`SQLITE_MISUSE` when it came too late, and nothing changed).
int tessera_sqlite_disable_memory_statistics(void);

#endif
