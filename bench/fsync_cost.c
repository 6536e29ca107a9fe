/* What one WAL commit costs this machine's CPU: FRAMES WAL-sized frames written as SQLite writes
 * them (a 24-byte header, then the 4 KiB page: two pwrites a frame), or in one pwrite
 * (COALESCE=1), then one fdatasync; ITERATIONS times, in a file wal.test in the current
 * directory. Prints the CPU (user + system) and the wall time a commit (docs/benchmarks.md,
 * "The sixteenth pass").
 *
 *   cc -O2 -o /tmp/fsync_cost bench/fsync_cost.c && (cd /tmp && ./fsync_cost 10 2000 0)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double cpu_seconds(void) {
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6;
}

static double wall_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: %s FRAMES ITERATIONS COALESCE\n", argv[0]); return 2; }
    int frames = atoi(argv[1]), iterations = atoi(argv[2]), coalesce = atoi(argv[3]);
    enum { frame = 24 + 4096, span = 1000 };
    static char buffer[frame * 64];
    if (frames < 1 || frames > 64 || iterations < 1) { fprintf(stderr, "FRAMES is 1 to 64\n"); return 2; }
    memset(buffer, 7, sizeof buffer);
    int fd = open("wal.test", O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) { perror("open"); return 1; }
    /* The file is written to its size first: a WAL is rewritten in place after a checkpoint. */
    for (int i = 0; i < span; i++) pwrite(fd, buffer, frame, (off_t)i * frame);
    fdatasync(fd);
    double c0 = cpu_seconds(), w0 = wall_seconds();
    off_t offset = 0;
    for (int i = 0; i < iterations; i++) {
        if (coalesce) {
            pwrite(fd, buffer, (size_t)frame * frames, offset);
            offset += (off_t)frame * frames;
        } else {
            for (int f = 0; f < frames; f++) {
                pwrite(fd, buffer, 24, offset);
                pwrite(fd, buffer, 4096, offset + 24);
                offset += frame;
            }
        }
        if (offset > (off_t)(span - 64) * frame) offset = 0;
        fdatasync(fd);
    }
    printf("frames %d, coalesced %d: CPU %.1f us a commit, wall %.1f us a commit\n", frames, coalesce,
           (cpu_seconds() - c0) / iterations * 1e6, (wall_seconds() - w0) / iterations * 1e6);
    close(fd);
    unlink("wal.test");
    return 0;
}
