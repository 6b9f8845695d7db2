/* SPDX-License-Identifier: MIT */
/* The `port` explainer: arguments to (port, proto) entries, printed as text or JSON. */
#include <errno.h>
#include <string.h>

#include "explain.h"
#include "util.h"

/* The protocols the registry names ports for, in output order. */
static const unsigned explain_protos[] = {
	PW_PROTO_TCP,
	PW_PROTO_UDP,
	PW_PROTO_SCTP,
	PW_SVC_PROTO_DCCP,
};

#define PW_EXPLAIN_NPROTOS (sizeof(explain_protos) / sizeof(explain_protos[0]))

static const char *explain_proto_name(unsigned proto)
{
	switch (proto) {
	case PW_PROTO_TCP:
		return "tcp";
	case PW_PROTO_UDP:
		return "udp";
	case PW_PROTO_SCTP:
		return "sctp";
	case PW_SVC_PROTO_DCCP:
		return "dccp";
	default:
		return "?";
	}
}

struct pw_explain_walk {
	const struct pw_services *db;
	const struct pw_hostports *hp;
	pw_explain_cb cb;
	void *data;
};

static int explain_emit(struct pw_explain_walk *w, uint16_t port, unsigned proto)
{
	struct pw_explain_entry e = {
		.port = port,
		.proto = proto,
		.service = pw_services_lookup(w->db, port, proto),
		.class = pw_ports_class(port),
		.ephemeral = pw_ports_is_ephemeral(w->hp, port),
		.reserved = pw_ports_is_reserved(w->hp, port),
	};

	return w->cb ? w->cb(&e, w->data) : 0;
}

/* The protocols that name port, or tcp and udp when none does. Returns the count or -errno. */
static int explain_port(struct pw_explain_walk *w, uint16_t port)
{
	int n = 0, rc;
	size_t i;

	for (i = 0; i < PW_EXPLAIN_NPROTOS; i++) {
		if (!pw_services_lookup(w->db, port, explain_protos[i]))
			continue;
		rc = explain_emit(w, port, explain_protos[i]);
		if (rc)
			return rc;
		n++;
	}
	if (n)
		return n;
	rc = explain_emit(w, port, PW_PROTO_TCP);
	if (!rc)
		rc = explain_emit(w, port, PW_PROTO_UDP);
	return rc ? rc : 2;
}

static int explain_found(uint16_t port, unsigned proto, void *data)
{
	return explain_emit(data, port, proto);
}

/*
 * Digits only, from s up to end: 1 with *v set (0-65535), 0 when s holds
 * something else, -EINVAL when the number is too big.
 */
static int explain_number(const char *s, const char *end, unsigned *v)
{
	if (s == end)
		return 0;
	for (*v = 0; s < end; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		if (*v <= 65535)
			*v = *v * 10 + (unsigned)(*s - '0');
	}
	return *v <= 65535 ? 1 : -EINVAL;
}

/*
 * Parse arg as a port or range into lo-hi: 1, or 0 when it is neither (a
 * name, perhaps), or -EINVAL with *why saying what is wrong.
 */
static int explain_parse(const char *arg, unsigned *lo, unsigned *hi, const char **why)
{
	const char *end = arg + strlen(arg), *dash = strchr(arg, '-');
	int a, b;

	if (!*arg) {
		*why = "an empty argument is no port, range or service name";
		return -EINVAL;
	}
	*why = "not a port number (0-65535)";
	a = explain_number(arg, end, lo);
	if (a) {
		*hi = *lo;
		return a;
	}
	if (*arg == '-' || *arg == '+')
		return -EINVAL;
	if (!dash)
		return 0;
	a = explain_number(arg, dash, lo);
	b = explain_number(dash + 1, end, hi);
	if (a == 0 || b == 0)
		return 0;
	if (a < 0 || b < 0)
		return -EINVAL;
	*why = "range starts above its end";
	return *lo <= *hi ? 1 : -EINVAL;
}

static int explain_walk(struct pw_explain_walk *w, const char *arg, const char **why)
{
	unsigned lo, hi, port;
	int rc, n = 0;

	rc = explain_parse(arg, &lo, &hi, why);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		rc = pw_services_find(w->db, arg, explain_found, w);
		if (rc)
			return rc;
		/*
		 * Not a name: one that starts with a digit was meant as a number
		 * or range ("0x16", "22-"), and is malformed; anything else
		 * ("abc", "well-known") is a name nobody knows.
		 */
		*why = "not a port, a range N-M or a known service name";
		return *arg >= '0' && *arg <= '9' ? -EINVAL : -ENOENT;
	}
	for (port = lo; port <= hi; port++) {
		rc = explain_port(w, (uint16_t)port);
		if (rc < 0)
			return rc;
		n += rc;
	}
	return n;
}

int pw_explain_resolve(const struct pw_services *db, const struct pw_hostports *hp, const char *arg,
		       pw_explain_cb cb, void *data)
{
	struct pw_explain_walk w = { db, hp, cb, data };
	const char *why;

	return explain_walk(&w, arg, &why);
}

/*
 * Append s to err, as it is: the message is escaped where it is printed
 * (pw_cmd_error), with everything else portwatch says.
 */
static void explain_append(char *err, size_t errlen, const char *s)
{
	size_t n;

	if (!err || !errlen)
		return;
	n = strlen(err);
	snprintf(err + n, errlen - n, "%s", s);
}

struct pw_explain_out {
	FILE *f;
	int format;
	unsigned n;
};

static void explain_json(FILE *f, const struct pw_explain_entry *e, bool first)
{
	const struct pw_service *s = e->service;

	fprintf(f, "%s{\"port\":%u,\"proto\":\"%s\",\"service\":", first ? "" : ",", e->port,
		explain_proto_name(e->proto));
	pw_json_string(f, s ? s->name : NULL);
	fputs(",\"service_source\":", f);
	pw_json_string(f, s ? pw_services_source_name(s->source) : NULL);
	fputs(",\"description\":", f);
	pw_json_string(f, s ? s->description : NULL);
	fprintf(f, ",\"class\":\"%s\",\"ephemeral\":%s,\"reserved\":%s}",
		pw_ports_class_name(e->class), e->ephemeral ? "true" : "false",
		e->reserved ? "true" : "false");
}

static void explain_text(FILE *f, const struct pw_explain_entry *e)
{
	const struct pw_service *s = e->service;
	const char *host = e->ephemeral ? "ephemeral" : e->reserved ? "reserved" : "not ephemeral";
	char where[sizeof("65535/sctp")];
	char svc[PW_SVC_NAME_MAX + sizeof(" (builtin)")];

	snprintf(where, sizeof(where), "%u/%s", e->port, explain_proto_name(e->proto));
	if (s)
		snprintf(svc, sizeof(svc), "%s (%s)", s->name, pw_services_source_name(s->source));
	else
		snprintf(svc, sizeof(svc), "-");
	fprintf(f, "%-10s  %-25s  %-10s  %-28s  ", where, svc, pw_ports_class_name(e->class),
		pw_ports_class_rfc_name(e->class));
	if (s && s->description)
		fprintf(f, "%-13s  %s\n", host, s->description);
	else
		fprintf(f, "%s\n", host);
}

static int explain_print(const struct pw_explain_entry *e, void *data)
{
	struct pw_explain_out *o = data;

	if (o->format == PW_EXPLAIN_JSON)
		explain_json(o->f, e, o->n == 0);
	else
		explain_text(o->f, e);
	o->n++;
	return 0;
}

int pw_explain_run(FILE *out, int format, const struct pw_services *db,
		   const struct pw_hostports *hp, int argc, char *const argv[], char *err,
		   size_t errlen)
{
	struct pw_explain_out o = { out, format, 0 };
	struct pw_explain_walk check = { db, hp, NULL, NULL };
	const char *why;
	int i, rc, unknown = 0;

	if (err && errlen)
		err[0] = '\0';
	if (argc < 1) {
		explain_append(err, errlen, "no port, range or service name given");
		return -EINVAL;
	}
	/* Check every argument first: a malformed one prints nothing. */
	for (i = 0; i < argc; i++) {
		rc = explain_walk(&check, argv[i], &why);
		if (rc == -EINVAL) {
			/* An empty argument has nothing to show before the colon. */
			if (argv[i][0]) {
				explain_append(err, errlen, argv[i]);
				explain_append(err, errlen, ": ");
			}
			explain_append(err, errlen, why);
			return rc;
		}
		if (rc < 0 && rc != -ENOENT)
			return rc;
	}
	if (format == PW_EXPLAIN_JSON)
		fputs("{\"schema\":1,\"ports\":[", out);
	for (i = 0; i < argc; i++) {
		rc = pw_explain_resolve(db, hp, argv[i], explain_print, &o);
		if (rc == -ENOENT) {
			explain_append(err, errlen, unknown++ ? ", " : "unknown service name: ");
			explain_append(err, errlen, argv[i]);
		} else if (rc < 0) {
			return rc;
		}
	}
	if (format == PW_EXPLAIN_JSON)
		fputs("]}\n", out);
	/* A reader that went away (port 1-65535 | head) changes no answer; main stays quiet. */
	if ((fflush(out) || ferror(out)) && errno != EPIPE)
		return -EIO;
	return unknown ? -ENOENT : 0;
}
