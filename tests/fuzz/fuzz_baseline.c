/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: a baseline file (pw_baseline_parse). What parses must write
 * out (pw_baseline_write) and read back as the same set of listeners.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "fuzz.h"

static void fuzz_round_trip(const struct pw_baseline *b)
{
	struct pw_baseline *again = NULL;
	struct pw_error err = { 0 };
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!f || pw_baseline_write(f, b, b->host, b->time) < 0)
		abort();
	fclose(f);
	if (pw_baseline_parse(out, len, "rewritten", &again, &err) < 0) {
		fprintf(stderr, "rewritten baseline refused: %u:%u: %s\n", err.line, err.col,
			err.msg);
		abort();
	}
	if (again->n != b->n)
		abort();
	for (size_t i = 0; i < b->n; i++) {
		if (pw_baseline_entry_cmp(&b->entries[i], &again->entries[i]) != 0)
			abort();
	}
	pw_baseline_free(again);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pw_baseline *b = NULL;
	struct pw_error err = { 0 };
	char *text = malloc(size ? size : 1);

	if (!text)
		abort();
	memcpy(text, data, size);
	if (pw_baseline_parse(text, size, "fuzz", &b, &err) == 0)
		fuzz_round_trip(b);
	else if (b || err.line == 0 || !err.msg[0])
		abort();
	pw_baseline_free(b);
	free(text);
	return 0;
}
