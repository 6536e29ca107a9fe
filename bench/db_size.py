#!/usr/bin/env python3
"""Bytes per in-progress upload in a stopped server's SQLite metadata (issue 18).

    python3 bench/db_size.py DATA_DIR/metadata.sqlite

Checkpoints the WAL into the database, then sums `dbstat`'s page sizes for the uploads table
and each of its indexes, and for the whole file, divided by the number of uploads. The
server must be stopped (the checkpoint needs the database to itself).
"""
import sqlite3
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    db = sqlite3.connect(sys.argv[1])
    busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        sys.exit("the database is in use: stop the server first")
    uploads = db.execute("SELECT COUNT(*) FROM uploads").fetchone()[0]
    if uploads == 0:
        sys.exit("no uploads in this database")
    names = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_schema WHERE tbl_name = 'uploads' AND type IN ('table', 'index') ORDER BY type DESC, name")]
    sizes = dict(db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall())
    total = db.execute("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size").fetchone()[0]
    print(f"{uploads:,} uploads")
    for name in names:
        # A WITHOUT ROWID table's primary key is the table itself; SQLite names its
        # automatic index sqlite_autoindex_uploads_1, which dbstat counts under the table.
        if name in sizes:
            print(f"{name:<28} {sizes[name] / uploads:8.1f} B per upload")
    print(f"{'whole file':<28} {total / uploads:8.1f} B per upload ({total:,} bytes)")


if __name__ == "__main__":
    main()
