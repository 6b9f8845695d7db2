/* SPDX-License-Identifier: MIT */
/* The entry point every fuzz target defines, for libFuzzer and for tests/fuzz/replay.c. */
#ifndef PW_FUZZ_H
#define PW_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Feed one input to the parser under test. Returns 0; a bug aborts. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
