/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: a received sock_diag batch. The first byte picks the parser
 * and protocol: modulo PW_PROTO_COUNT + 1, a protocol for
 * pw_diag_parse_batch, or PW_PROTO_COUNT for pw_diag_parse_legacy_batch
 * (TCP of both families, the replies to TCPDIAG_GETSOCK). The rest is the
 * batch, as recvfrom fills it.
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fuzz.h"

/* The sequence number and port id the seeds carry. */
#define FUZZ_SEQ 77
#define FUZZ_PORTID 4242

struct fuzz_seen {
	unsigned proto;
	size_t n;
};

static int fuzz_sock(const struct pw_sock *s, void *data)
{
	struct fuzz_seen *seen = data;

	/* Whatever the bytes, a parsed socket is one of the two families, of the protocol asked. */
	if ((s->family != 2 && s->family != 10) || s->proto != seen->proto)
		abort();
	seen->n++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* As netlink.c receives: into an aligned buffer of at most 32 KiB. */
	static uint32_t buf[32768 / 4];
	struct fuzz_seen seen = { 0 };
	unsigned pick;
	int ret;

	if (size < 1 || size - 1 > sizeof(buf))
		return 0;
	memcpy(buf, data + 1, size - 1);
	pick = data[0] % (PW_PROTO_COUNT + 1);
	if (pick == PW_PROTO_COUNT) {
		seen.proto = PW_PROTO_TCP;
		ret = pw_diag_parse_legacy_batch(buf, size - 1, FUZZ_SEQ, FUZZ_PORTID, fuzz_sock,
						 &seen);
	} else {
		seen.proto = pick;
		ret = pw_diag_parse_batch(buf, size - 1, FUZZ_SEQ, FUZZ_PORTID, pick, fuzz_sock,
					  &seen);
	}
	if (ret > 1)
		abort();
	return 0;
}
