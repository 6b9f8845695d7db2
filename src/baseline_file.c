/* SPDX-License-Identifier: MIT */
/* The baseline file: a versioned JSON document of listener identities, written and parsed. */
#include "baseline.h"

#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "json.h"

#define PW_BASELINE_KIND "portwatch-baseline"
#define PW_BASELINE_SCHEMA 1

static void baseline_holder_json(FILE *f, const char *process, const char *exe)
{
	fputs("\"process\":", f);
	pw_json_string(f, process);
	fputs(",\"exe\":", f);
	pw_json_string(f, exe);
}

void pw_baseline_entry_json(FILE *f, const struct pw_baseline_entry *e)
{
	fputs("{\"proto\":", f);
	pw_json_string(f, pw_sock_proto_name(e->proto));
	fputs(",\"address\":", f);
	pw_json_string(f, e->addr);
	if (e->ephemeral)
		fputs(",\"port\":\"ephemeral\"", f);
	else
		fprintf(f, ",\"port\":%u", (unsigned)e->port);
	putc(',', f);
	baseline_holder_json(f, e->process, e->exe);
	if (e->nothers) {
		fputs(",\"other_holders\":[", f);
		for (size_t i = 0; i < e->nothers; i++) {
			fputs(i ? ",{" : "{", f);
			baseline_holder_json(f, e->others[i].process, e->others[i].exe);
			putc('}', f);
		}
		putc(']', f);
	}
	fputs(",\"netns\":", f);
	pw_json_string(f, e->netns);
	putc('}', f);
}

int pw_baseline_write(FILE *f, const struct pw_baseline *b, const char *host, const char *time)
{
	assert(b->sorted);
	fprintf(f, "{\"schema\":%d,\"kind\":\"%s\",\"version\":", PW_BASELINE_SCHEMA,
		PW_BASELINE_KIND);
	pw_json_string(f, PW_VERSION);
	fputs(",\"host\":", f);
	pw_json_string(f, host);
	fputs(",\"time\":", f);
	pw_json_string(f, time);
	fputs(",\"listeners\":[", f);
	/* One listener a line: the file diffs and greps well. */
	for (size_t i = 0; i < b->n; i++) {
		fputs(i ? ",\n" : "\n", f);
		pw_baseline_entry_json(f, &b->entries[i]);
	}
	fputs("\n]}\n", f);
	/* Flushed: a buffered stream would report a full disk only on fclose. */
	if (fflush(f) != 0 || ferror(f))
		return -EIO;
	return 0;
}

/* Parser state: the reader, and a cursor that turns offsets into lines in linear time. */
struct baseline_parser {
	struct pw_json j;
	const char *buf;
	size_t line_off;
	unsigned line;
	struct pw_baseline *b;
};

/* Line of offset off; offsets must not go backwards between calls. */
static unsigned baseline_line_at(struct baseline_parser *p, size_t off)
{
	const char *nl;

	while ((nl = memchr(p->buf + p->line_off, '\n', off - p->line_off))) {
		p->line++;
		p->line_off = (size_t)(nl - p->buf) + 1;
	}
	p->line_off = off;
	return p->line;
}

/* A string or null (*out NULL). Returns 0 or -EINVAL. */
static int baseline_read_nullable(struct pw_json *j, char **out)
{
	enum pw_json_type t;
	int rc;

	*out = NULL;
	if ((rc = pw_json_peek(j, &t)))
		return rc;
	if (t == PW_JSON_NULL)
		return pw_json_read_null(j);
	if (t != PW_JSON_STRING)
		return pw_json_fail_at(j, pw_json_offset(j), "expected a string or null");
	return pw_json_read_string(j, PW_BASELINE_STR_MAX, out);
}

static int baseline_read_proto(struct pw_json *j, uint8_t *proto)
{
	size_t at = pw_json_offset(j);
	char *s;
	int rc;

	if ((rc = pw_json_read_string(j, 64, &s)))
		return rc;
	rc = -EINVAL;
	for (unsigned p = 0; p < PW_PROTO_COUNT; p++) {
		if (strcmp(s, pw_sock_proto_name(p)) == 0) {
			*proto = (uint8_t)p;
			rc = 0;
		}
	}
	free(s);
	if (rc)
		return pw_json_fail_at(
			j, at, "unknown protocol (expected tcp, udp, udplite, raw or sctp)");
	return 0;
}

/*
 * An address as inet_ntop would write it; stored in that canonical form so
 * that a hand-edited "::0" still matches "::".
 */
static int baseline_read_addr(struct pw_json *j, struct pw_baseline_entry *e)
{
	size_t at = pw_json_offset(j);
	unsigned char bin[16];
	char *s;
	int rc;

	if ((rc = pw_json_read_string(j, 64, &s)))
		return rc;
	if (inet_pton(AF_INET, s, bin) == 1)
		e->family = AF_INET;
	else if (inet_pton(AF_INET6, s, bin) == 1)
		e->family = AF_INET6;
	free(s);
	if (!e->family)
		return pw_json_fail_at(j, at, "not an IPv4 or IPv6 address (no brackets, no port)");
	inet_ntop(e->family, bin, e->addr, sizeof(e->addr));
	return 0;
}

enum baseline_field {
	PW_BF_PROTO,
	PW_BF_ADDRESS,
	PW_BF_PORT,
	PW_BF_PROCESS,
	PW_BF_EXE,
	PW_BF_NETNS,
	PW_BF_OTHERS,
	PW_BF_COUNT,
};

static const char *const baseline_fields[PW_BF_COUNT] = {
	"proto", "address", "port", "process", "exe", "netns", "other_holders",
};

/*
 * All but other_holders are required: a hand-written file that forgets
 * "netns" must not mean the host. Files written before other_holders have
 * one holder a listener.
 */
#define PW_BF_REQUIRED ((1u << PW_BF_OTHERS) - 1)

static int baseline_field(const char *const *names, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(names[i], key) == 0)
			return (int)i;
	}
	return -1;
}

/* Reads field f (of the walker's names) found at offset at. Returns 0 or an error. */
typedef int (*baseline_field_fn)(struct pw_json *j, int f, size_t at, void *ctx);

/*
 * One JSON object of the n known fields names, read by read: an unknown
 * key is skipped (a later portwatch may add one), a field given twice is
 * an error, and each field in required must be there, else "<lacking>
 * \"name\"" at the object's start.
 */
static int baseline_object(struct pw_json *j, const char *const *names, size_t n, unsigned required,
			   const char *lacking, baseline_field_fn read, void *ctx)
{
	size_t start = pw_json_offset(j);
	unsigned seen = 0;
	char key[16];
	int rc, f;

	if ((rc = pw_json_object_begin(j)))
		return rc;
	while ((rc = pw_json_object_next(j, key, sizeof(key))) == 1) {
		size_t at = pw_json_offset(j);

		f = baseline_field(names, n, key);
		if (f < 0) {
			rc = pw_json_skip(j);
		} else if (seen & 1u << f) {
			rc = pw_json_fail_at(j, at, "\"%s\" given twice", key);
		} else {
			seen |= 1u << f;
			rc = read(j, f, at, ctx);
		}
		if (rc)
			return rc;
	}
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if ((required & 1u << i) && !(seen & 1u << i))
			return pw_json_fail_at(j, start, "%s \"%s\"", lacking, names[i]);
	}
	return 0;
}

/* A port number, or "ephemeral" for a port of the ephemeral range (e->port 0). */
static int baseline_read_port(struct pw_json *j, struct pw_baseline_entry *e)
{
	size_t at = pw_json_offset(j);
	enum pw_json_type t;
	long long port;
	char *s;
	int rc;

	if ((rc = pw_json_peek(j, &t)))
		return rc;
	if (t == PW_JSON_NUMBER) {
		if ((rc = pw_json_read_int(j, 0, 65535, &port)))
			return rc;
		e->port = (uint16_t)port;
		return 0;
	}
	if (t == PW_JSON_STRING) {
		if ((rc = pw_json_read_string(j, 64, &s)))
			return rc;
		rc = strcmp(s, "ephemeral");
		free(s);
		if (rc == 0) {
			e->ephemeral = true;
			e->port = 0;
			return 0;
		}
	}
	return pw_json_fail_at(j, at, "expected a port from 0 to 65535 or \"ephemeral\"");
}

static int baseline_holder_field(struct pw_json *j, int f, size_t at, void *ctx)
{
	struct pw_baseline_holder *h = ctx;

	(void)at;
	return baseline_read_nullable(j, f ? &h->exe : &h->process);
}

/* One of other_holders: {"process":...,"exe":...}, both required, strings or null. */
static int baseline_read_holder(struct pw_json *j, struct pw_baseline_holder *h)
{
	static const char *const names[] = { "process", "exe" };

	return baseline_object(j, names, PW_ARRAY_SIZE(names), 3u, "holder without",
			       baseline_holder_field, h);
}

/* other_holders, into e->others (tidied once e's own holder is known too). */
static int baseline_read_others(struct pw_json *j, struct pw_baseline_entry *e)
{
	size_t cap = 0;
	int rc;

	if ((rc = pw_json_array_begin(j)))
		return rc;
	while ((rc = pw_json_array_next(j)) == 1) {
		if (e->nothers == cap) {
			cap = cap ? 2 * cap : 4;
			e->others = pw_xrealloc(e->others, cap, sizeof(*e->others));
		}
		/* Counted before it is read: on an error, fini frees what it holds. */
		e->others[e->nothers] = (struct pw_baseline_holder){ 0 };
		if ((rc = baseline_read_holder(j, &e->others[e->nothers++])))
			return rc;
	}
	return rc;
}

/* What a listener's fields are read into: the entry, and where its port stood. */
struct baseline_listener_ctx {
	struct pw_baseline_entry *e;
	size_t port_at;
};

static int baseline_listener_field(struct pw_json *j, int f, size_t at, void *ctx)
{
	struct baseline_listener_ctx *c = ctx;
	struct pw_baseline_entry *e = c->e;

	switch (f) {
	case PW_BF_PROTO:
		return baseline_read_proto(j, &e->proto);
	case PW_BF_ADDRESS:
		return baseline_read_addr(j, e);
	case PW_BF_PORT:
		c->port_at = at;
		return baseline_read_port(j, e);
	case PW_BF_PROCESS:
		return baseline_read_nullable(j, &e->process);
	case PW_BF_EXE:
		return baseline_read_nullable(j, &e->exe);
	case PW_BF_NETNS:
		return baseline_read_nullable(j, &e->netns);
	default:
		return baseline_read_others(j, e);
	}
}

static int baseline_listener(struct baseline_parser *p)
{
	struct pw_baseline_entry e = { 0 };
	struct baseline_listener_ctx c = { .e = &e };
	int rc;

	/* The entry remembers its line, so a "gone" finding can cite it. */
	e.ref = baseline_line_at(p, pw_json_offset(&p->j));
	rc = baseline_object(&p->j, baseline_fields, PW_BF_COUNT, PW_BF_REQUIRED,
			     "listener without", baseline_listener_field, &c);
	if (rc)
		goto out;
	/* pw_baseline_from_sock never makes one: it would be "gone" forever. */
	if (e.ephemeral && !pw_baseline_proto_has_ephemeral(e.proto)) {
		rc = pw_json_fail_at(&p->j, c.port_at,
				     "\"ephemeral\" is a port only for udp and udplite");
		goto out;
	}
	/* As pw_baseline_from_sock makes them, whatever order a hand-edit left. */
	pw_baseline_entry_tidy(&e);
	pw_baseline_add(p->b, &e);
out:
	pw_baseline_entry_fini(&e);
	return rc;
}

static int baseline_listeners(struct baseline_parser *p)
{
	int rc;

	if ((rc = pw_json_array_begin(&p->j)))
		return rc;
	while ((rc = pw_json_array_next(&p->j)) == 1) {
		if ((rc = baseline_listener(p)))
			return rc;
	}
	return rc;
}

enum baseline_top {
	PW_BT_SCHEMA,
	PW_BT_KIND,
	PW_BT_VERSION,
	PW_BT_HOST,
	PW_BT_TIME,
	PW_BT_LISTENERS,
	PW_BT_COUNT,
};

static const char *const baseline_top_fields[PW_BT_COUNT] = {
	"schema", "kind", "version", "host", "time", "listeners",
};

static int baseline_top_field(struct pw_json *j, int f, size_t at, void *ctx)
{
	struct baseline_parser *p = ctx;
	long long schema;
	char *kind;
	int rc;

	switch (f) {
	case PW_BT_SCHEMA:
		if ((rc = pw_json_read_int(j, LLONG_MIN, LLONG_MAX, &schema)))
			return rc;
		if (schema != PW_BASELINE_SCHEMA)
			return pw_json_fail_at(j, at,
					       "unsupported schema %lld (this portwatch reads %d)",
					       schema, PW_BASELINE_SCHEMA);
		return 0;
	case PW_BT_KIND:
		if ((rc = pw_json_read_string(j, 64, &kind)))
			return rc;
		rc = strcmp(kind, PW_BASELINE_KIND);
		free(kind);
		if (rc)
			return pw_json_fail_at(j, at, "\"kind\" is not \"%s\": not a baseline",
					       PW_BASELINE_KIND);
		return 0;
	case PW_BT_VERSION:
		return baseline_read_nullable(j, &p->b->version);
	case PW_BT_HOST:
		return baseline_read_nullable(j, &p->b->host);
	case PW_BT_TIME:
		return baseline_read_nullable(j, &p->b->time);
	default:
		return baseline_listeners(p);
	}
}

static int baseline_document(struct baseline_parser *p)
{
	/* version, host and time are informative; a file without them still reads. */
	const unsigned required = 1u << PW_BT_SCHEMA | 1u << PW_BT_KIND | 1u << PW_BT_LISTENERS;
	int rc = baseline_object(&p->j, baseline_top_fields, PW_BT_COUNT, required,
				 "not a baseline: no", baseline_top_field, p);

	return rc ? rc : pw_json_finish(&p->j);
}

int pw_baseline_parse(const char *buf, size_t len, const char *file, struct pw_baseline **out,
		      struct pw_error *err)
{
	struct baseline_parser p = { .buf = buf, .line = 1 };
	int rc;

	*out = NULL;
	if ((rc = pw_json_init(&p.j, buf, len, PW_BASELINE_MAX_SIZE, file, err)))
		return rc;
	p.b = pw_baseline_new();
	if ((rc = baseline_document(&p))) {
		pw_baseline_free(p.b);
		return rc;
	}
	pw_baseline_sort(p.b);
	*out = p.b;
	return 0;
}
