#ifndef TESSERA_FUZZ_DRIVER_H
#define TESSERA_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (LLVM 11 and later): parses libFuzzer's flags from argv and runs `callback`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

/// Passes this process's arguments to libFuzzer's driver with Tessera's fuzz callback.
int tessera_fuzz_run(int argc, char **argv, int (*callback)(const uint8_t *data, size_t size));
#endif
