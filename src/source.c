/* SPDX-License-Identifier: MIT */
/*
 * Boundary file: picks the socket source, netlink or the /proc/net text,
 * falls back from one to the other, and reads the text files. Parsing is
 * diag.c's and procnet.c's.
 */
#include "source.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "diag.h"
#include "fileio.h"
#include "netlink.h"
#include "procnet.h"

/*
 * A table of a million sockets is some 150 MiB of text. The kernel hands
 * a seq_file over one page per read() whatever the buffer size (measured:
 * 19 000 UDP sockets, 613 reads of at most 3968 bytes with 4 KiB and 16
 * MiB buffers alike), and restarts its walk of the UDP table at each one;
 * a bigger buffer cannot help that, only netlink can.
 */
#define SOURCE_PROC_MAX (1u << 30)

struct pw_source {
	enum pw_source_kind kind;
	struct pw_netlink *nl; /* NULL once every protocol is read from /proc/net */
	uint32_t proc_protos;  /* PW_PROTO_BIT()s read from /proc/net: netlink lacks them */
	const char *procnet;
	FILE *notes;
	char why[512];
};

int pw_source_parse(const char *word, enum pw_source_kind *kind)
{
	static const char *const words[] = {
		[PW_SOURCE_AUTO] = "auto",
		[PW_SOURCE_NETLINK] = "netlink",
		[PW_SOURCE_PROC] = "proc",
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strcmp(word, words[i]) == 0) {
			*kind = (enum pw_source_kind)i;
			return 0;
		}
	}
	return -EINVAL;
}

/* The errors by which the kernel or a sandbox refuses sock_diag as a whole. */
static bool source_refused(int err)
{
	return err == EPROTONOSUPPORT || err == EAFNOSUPPORT || err == EACCES || err == EPERM;
}

/* Read every protocol from /proc/net from now on, and say so. */
static void source_fall_back(struct pw_source *src, int err)
{
	pw_netlink_close(src->nl);
	src->nl = NULL;
	if (src->notes)
		fprintf(src->notes,
			"portwatch: netlink sock_diag is not available (%s); reading %s instead, "
			"which is slower and knows no interfaces, v6only or cookies\n",
			strerror(err), src->procnet);
}

struct pw_source *pw_source_open(enum pw_source_kind kind, const char *procnet, FILE *notes)
{
	struct pw_source *src = pw_xcalloc(1, sizeof(*src));
	int err;

	src->kind = kind;
	src->procnet = procnet;
	src->notes = notes;
	if (kind == PW_SOURCE_PROC)
		return src;
	src->nl = pw_netlink_open();
	if (src->nl)
		return src;
	err = errno;
	if (kind == PW_SOURCE_AUTO && source_refused(err)) {
		source_fall_back(src, err);
		return src;
	}
	free(src);
	errno = err;
	return NULL;
}

void pw_source_close(struct pw_source *src)
{
	if (!src)
		return;
	pw_netlink_close(src->nl);
	free(src);
}

const char *pw_source_why(const struct pw_source *src)
{
	return src->why;
}

/* Passes on the sockets in the wanted states: /proc/net lists them all. */
struct source_proc_filter {
	uint32_t states;
	pw_sock_cb cb;
	void *data;
};

static int source_proc_sock(const struct pw_sock *s, void *data)
{
	const struct source_proc_filter *f = data;

	if (s->state < 32 && (f->states & PW_ST_BIT(s->state)))
		return f->cb(s, f->data);
	return 0;
}

/*
 * Whether proto's table of the other family is there. A kernel without
 * IPv6 (booted with ipv6.disable=1, or built without it) has no "6"
 * tables, yet lists its IPv4 sockets: that family has no sockets, and the
 * protocol is not missing. Netlink needs no such care: the kernel
 * registers sock_diag's AF_INET6 handler whether it has IPv6 or not
 * (net/ipv4/inet_diag.c), and each protocol's dump of a family it has no
 * socket of is empty (raw_diag.c without IPv6 too: an empty dump, not an
 * error).
 */
static bool source_proc_has_other_family(const struct pw_source *src, unsigned proto, int family)
{
	const char *other = pw_procnet_file(proto, family == AF_INET ? AF_INET6 : AF_INET);
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", src->procnet, other);
	return access(path, F_OK) == 0;
}

static int source_proc_dump(struct pw_source *src, unsigned proto, int family, uint32_t states,
			    const struct pw_dump_sink *sink)
{
	struct source_proc_filter f = { .states = states, .cb = sink->sock, .data = sink->data };
	const char *name = pw_procnet_file(proto, family);
	struct pw_error err = { 0 };
	char path[256];
	char *text = NULL;
	size_t len = 0;
	int ret;

	if (!name) {
		snprintf(src->why, sizeof(src->why), "%s has no table for it", src->procnet);
		return -EOPNOTSUPP;
	}
	snprintf(path, sizeof(path), "%s/%s", src->procnet, name);
	ret = pw_file_read(path, SOURCE_PROC_MAX, &text, &len);
	if (ret == -ENOENT && source_proc_has_other_family(src, proto, family))
		return 0;
	if (ret < 0) {
		snprintf(src->why, sizeof(src->why), "%s: %s", path,
			 ret == -EFBIG	  ? "too large"
			 : ret == -EINVAL ? "not a regular file"
					  : strerror(-ret));
		/* -ENOENT stays: a kernel without UDP-Lite has neither table. */
		return ret == -EINVAL ? -EPROTO : ret;
	}
	/* Every line was in the kernel's tables once the read ended: one batch. */
	if (sink->received)
		sink->received(sink->data);
	ret = pw_procnet_parse(text, len, proto, family, path, source_proc_sock, &f, &err);
	free(text);
	if (ret == -EINVAL) {
		snprintf(src->why, sizeof(src->why), "%s:%u: %s", path, err.line, err.msg);
		/* -EINVAL would read as "protocol missing" (pw_diag_proto_missing). */
		return -EPROTO;
	}
	if (ret < 0)
		snprintf(src->why, sizeof(src->why), "%s", strerror(-ret));
	return ret;
}

/* Counts what netlink gave, so that a fallback never lists a socket twice. */
struct source_counted {
	size_t n;
	const struct pw_dump_sink *sink;
};

static int source_count_sock(const struct pw_sock *s, void *data)
{
	struct source_counted *c = data;

	c->n++;
	return c->sink->sock(s, c->sink->data);
}

static void source_count_restart(void *data)
{
	const struct source_counted *c = data;

	if (c->sink->restart)
		c->sink->restart(c->sink->data);
}

static void source_count_received(void *data)
{
	const struct source_counted *c = data;

	if (c->sink->received)
		c->sink->received(c->sink->data);
}

static int source_netlink_dump(struct pw_source *src, unsigned proto, int family, uint32_t states,
			       struct source_counted *c)
{
	const struct pw_dump_sink counted = { source_count_sock, source_count_restart, c,
					      source_count_received };

	return pw_netlink_dump(src->nl, proto, family, states, &counted);
}

/* Whether auto should leave netlink for good: it refused the dump before any socket came. */
static bool source_refused_at_once(const struct pw_source *src, int ret,
				   const struct source_counted *c)
{
	return src->kind == PW_SOURCE_AUTO && c->n == 0 && source_refused(-ret);
}

/* Say why the netlink dump failed with ret; missing is what a missing protocol means here. */
static int source_netlink_failed(struct pw_source *src, int ret, const char *missing)
{
	if (pw_diag_proto_missing(ret))
		snprintf(src->why, sizeof(src->why), "%s", missing);
	else
		snprintf(src->why, sizeof(src->why), "netlink dump failed: %s", strerror(-ret));
	return ret;
}

/*
 * TCP of both families in netlink's legacy request. Refused before any
 * socket came, the caller asks per family, which reads /proc/net where the
 * refusal says sock_diag is closed to us.
 */
static int source_dump_both(struct pw_source *src, uint32_t states, struct source_counted *c)
{
	int ret;

	if (!src->nl || (src->proc_protos & PW_PROTO_BIT(PW_PROTO_TCP))) {
		snprintf(src->why, sizeof(src->why), "reading %s per family", src->procnet);
		return -EOPNOTSUPP;
	}
	ret = source_netlink_dump(src, PW_PROTO_TCP, AF_UNSPEC, states, c);
	if (ret == 0)
		return 0;
	if (source_refused_at_once(src, ret, c)) {
		source_fall_back(src, -ret);
		snprintf(src->why, sizeof(src->why), "reading %s per family", src->procnet);
		return -EOPNOTSUPP;
	}
	return source_netlink_failed(src, ret, "the kernel refused the request for both families");
}

int pw_source_dump(struct pw_source *src, unsigned proto, int family, uint32_t states,
		   const struct pw_dump_sink *sink)
{
	struct source_counted c = { .sink = sink };
	int ret;

	src->why[0] = '\0';
	if (family == AF_UNSPEC)
		return source_dump_both(src, states, &c);
	if (!src->nl || (proto < 32 && (src->proc_protos & PW_PROTO_BIT(proto))))
		return source_proc_dump(src, proto, family, states, sink);
	ret = source_netlink_dump(src, proto, family, states, &c);
	if (ret == 0)
		return 0;
	if (source_refused_at_once(src, ret, &c)) {
		source_fall_back(src, -ret);
		return source_proc_dump(src, proto, family, states, sink);
	}
	if (src->kind == PW_SOURCE_AUTO && pw_diag_proto_missing(ret) &&
	    pw_procnet_file(proto, family)) {
		src->proc_protos |= PW_PROTO_BIT(proto);
		if (src->notes)
			fprintf(src->notes,
				"portwatch: %s: the kernel has no sock_diag module for it; "
				"reading %s instead\n",
				pw_sock_proto_name(proto), src->procnet);
		return source_proc_dump(src, proto, family, states, sink);
	}
	return source_netlink_failed(src, ret, "the kernel has no diag module for it");
}
