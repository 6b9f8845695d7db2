/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: a /proc/net socket table (pw_procnet_parse). The first byte
 * picks the table: bits 0-1 the protocol (tcp, udp, udplite, raw), bit 2
 * the family (inet6 when set); the rest is its text.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fuzz.h"
#include "procnet.h"

static int fuzz_sock(const struct pw_sock *s, void *data)
{
	size_t *n = data;

	/* Nothing the text cannot carry may come out of it. */
	if (s->cookie || s->ifindex || s->v6only != -1)
		abort();
	(*n)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pw_error err = { 0 };
	size_t n = 0;
	char *text;
	int ret;

	if (size < 1)
		return 0;
	/* An exact copy: a read past the end is caught by the sanitizers. */
	text = malloc(size - 1 ? size - 1 : 1);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	ret = pw_procnet_parse(text, size - 1, data[0] & 3, data[0] & 4 ? AF_INET6 : AF_INET,
			       "fuzz", fuzz_sock, &n, &err);
	/* A refusal says where: a line of the text, and why. */
	if (ret && (ret != -EINVAL || err.line == 0 || !err.msg[0]))
		abort();
	free(text);
	return 0;
}
