/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: a received sock_diag batch (pw_diag_parse_batch). The first
 * byte picks the protocol; the rest is the batch, as recvfrom fills it.
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fuzz.h"

/* The sequence number and port id the seeds carry. */
#define FUZZ_SEQ 77
#define FUZZ_PORTID 4242

static int fuzz_sock(const struct pw_sock *s, void *data)
{
	size_t *n = data;

	/* Whatever the bytes, a parsed socket is one of the two families. */
	if (s->family != 2 && s->family != 10)
		abort();
	(*n)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* As netlink.c receives: into an aligned buffer of at most 32 KiB. */
	static uint32_t buf[32768 / 4];
	size_t n = 0;
	int ret;

	if (size < 1 || size - 1 > sizeof(buf))
		return 0;
	memcpy(buf, data + 1, size - 1);
	ret = pw_diag_parse_batch(buf, size - 1, FUZZ_SEQ, FUZZ_PORTID, data[0] % PW_PROTO_COUNT,
				  fuzz_sock, &n);
	if (ret > 1)
		abort();
	return 0;
}
