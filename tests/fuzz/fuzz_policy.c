/* SPDX-License-Identifier: MIT */
/* Fuzz target: a policy file (pw_policy_parse), then judging a few listeners with it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fuzz.h"
#include "policy.h"

static int fuzz_uid_of(const char *name, uint32_t *uid, void *ctx)
{
	(void)ctx;
	if (strcmp(name, "alice") != 0)
		return -ENOENT;
	*uid = 1000;
	return 0;
}

static int fuzz_missing(unsigned line, const char *text, bool unsure, void *data)
{
	(void)data;
	(void)unsure;
	if (line == 0 || !text)
		abort();
	return 0;
}

/*
 * Judge a TCP, a UDP, an IPv6 and a raw listener, the first held by sshd,
 * the IPv6 one's holders not seen.
 */
static void fuzz_judge(const struct pw_policy *p)
{
	static const struct pw_sock socks[] = {
		{ .proto = PW_PROTO_TCP, .family = AF_INET, .state = PW_ST_LISTEN, .lport = 22 },
		{ .proto = PW_PROTO_UDP,
		  .family = AF_INET,
		  .state = PW_ST_CLOSE,
		  .lport = 53,
		  .laddr = { 127, 0, 0, 1 } },
		{ .proto = PW_PROTO_TCP,
		  .family = AF_INET6,
		  .state = PW_ST_LISTEN,
		  .lport = 40000,
		  .uid = 1000,
		  .laddr = { [15] = 1 } },
		{ .proto = PW_PROTO_RAW, .family = AF_INET, .state = PW_ST_CLOSE, .lport = 1 },
	};
	static char comm[] = "sshd", exe[] = "/usr/sbin/sshd";
	static const struct pw_proc sshd = { .pid = 612, .comm = comm, .exe = exe };
	const struct pw_proc *const held[] = { &sshd };
	size_t nrules = pw_policy_nrules(p);
	enum pw_policy_match *matched = calloc(nrules ? nrules : 1, sizeof(*matched));

	if (!matched)
		abort();
	for (size_t i = 0; i < sizeof(socks) / sizeof(socks[0]); i++) {
		struct pw_policy_subject s = {
			.sock = &socks[i],
			.procs = i == 0 ? held : NULL,
			.nprocs = i == 0 ? 1 : 0,
			.netns = i == 3 ? "blue" : NULL,
			.holders_unseen = i == 2,
		};
		unsigned line = 0;
		bool sure = false;
		enum pw_verdict v = pw_policy_judge(p, &s, NULL, &line, &sure, matched);

		/* Only a listener whose holders were not seen leaves doubt; an allow never does. */
		if ((v == PW_POLICY_UNEXPECTED) != (line == 0) ||
		    !pw_policy_rule_text(p, line) != !line || (!sure && !s.holders_unseen) ||
		    (!sure && v == PW_POLICY_ALLOW))
			abort();
	}
	if (pw_policy_missing(p, matched, fuzz_missing, NULL) < 0)
		abort();
	free(matched);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pw_services *db;
	struct pw_policy *p = NULL;
	struct pw_error err = { 0 };
	char *text = malloc(size ? size : 1);
	int ret;

	if (!db)
		db = pw_services_new();
	if (!db || !text)
		abort();
	memcpy(text, data, size);
	ret = pw_policy_parse(text, size, "fuzz", db, fuzz_uid_of, NULL, &p, &err);
	if (ret == 0)
		fuzz_judge(p);
	/* A refusal names the line and says why; a parsed policy says nothing. */
	else if (p || err.line == 0 || !err.msg[0])
		abort();
	pw_policy_free(p);
	free(text);
	return 0;
}
