/* SPDX-License-Identifier: MIT */
/*
 * Replays fuzz inputs without libFuzzer: linked with one target, it feeds it
 * every file named on the command line (folders: every file in them), so
 * the seed corpora and every crash once found run in `make check` with the
 * normal compiler. A bug aborts; otherwise prints how many inputs ran.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fileio.h"
#include "fuzz.h"

/* Large enough for any seed; libFuzzer's own default -max_len is far smaller. */
#define REPLAY_MAX (1u << 20)

static int replay_file(const char *path, unsigned *count)
{
	char *buf = NULL;
	size_t len = 0;
	int err = pw_file_read(path, REPLAY_MAX, &buf, &len);

	if (err) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(-err));
		return -1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
	free(buf);
	(*count)++;
	return 0;
}

static int replay_dir(const char *dir, unsigned *count)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort), rc = 0;

	if (n < 0) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char path[4096];

		if (names[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			rc |= replay_file(path, count);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char *argv[])
{
	unsigned count = 0;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			rc |= replay_dir(argv[i], &count);
		else
			rc |= replay_file(argv[i], &count);
	}
	if (count == 0) {
		fprintf(stderr, "replay: no input\n");
		return 1;
	}
	printf("%s: %u inputs replayed\n", argv[0], count);
	return rc ? 1 : 0;
}
