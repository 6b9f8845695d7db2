/* SPDX-License-Identifier: MIT */
/* Aligned table renderer, in the manner of ss, streaming after a bounded look-ahead. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fmt.h"
#include "obuf.h"
#include "output_render.h"
#include "util.h"

/*
 * Column widths come from the first rows; later rows stream with those
 * widths and only push their own line wider when they must. Memory stays
 * bounded whatever the number of sockets.
 */
#define TABLE_LOOKAHEAD 512
#define TABLE_CELL 192

/*
 * Service and class columns follow each address; queues and identifiers
 * come with -e only, so an IPv4 row stays within 100 columns.
 */
enum table_col {
	COL_NETNS, /* with --netns or --all-netns, first: rows come grouped by it */
	COL_PROTO,
	COL_STATE,
	COL_LOCAL,
	COL_LSVC,
	COL_LCLASS,
	COL_PEER,
	COL_RSVC,
	COL_RCLASS,
	COL_RQ,
	COL_SQ,
	COL_USER,
	COL_UID,
	COL_INODE,
	COL_COOKIE,
	COL_PROCESS, /* with -p, last: holders make it long */
	COL_COUNT,
};

static const char *const table_heads[COL_COUNT] = {
	[COL_NETNS] = "Netns",
	[COL_PROTO] = "Proto",
	[COL_STATE] = "State",
	[COL_LOCAL] = "Local Address:Port",
	[COL_LSVC] = "Service",
	[COL_LCLASS] = "Class",
	[COL_PEER] = "Peer Address:Port",
	[COL_RSVC] = "Service",
	[COL_RCLASS] = "Class",
	[COL_RQ] = "Recv-Q",
	[COL_SQ] = "Send-Q",
	[COL_UID] = "UID",
	[COL_INODE] = "Inode",
	[COL_COOKIE] = "Cookie",
	[COL_USER] = "User",
	[COL_PROCESS] = "Process",
};

/* Right-aligned, as numbers are. */
static const bool table_right[COL_COUNT] = {
	[COL_RQ] = true,
	[COL_SQ] = true,
	[COL_UID] = true,
	[COL_INODE] = true,
};

/* A record kept for the look-ahead: its own copy of the socket. */
struct table_row {
	struct pw_sock sock;
	struct pw_rec rec;
};

/* One line's cells: text (not NUL-terminated), bytes and terminal columns. */
struct table_cells {
	const char *text[COL_COUNT];
	size_t len[COL_COUNT];
	size_t cols[COL_COUNT];
	char buf[COL_COUNT][TABLE_CELL];
};

struct table_state {
	size_t nrows;
	bool streaming;
	size_t width[COL_COUNT];
	size_t cap[COL_COUNT]; /* fitted to a terminal: longer cells are cut; 0: never */
	struct pw_obuf out;
	char outbuf[PW_OBUF_SIZE];
	struct table_row rows[TABLE_LOOKAHEAD];
};

#define COLOR_BOLD "\033[1m"
#define COLOR_GREEN "\033[32m"
#define COLOR_YELLOW "\033[1;33m"
#define COLOR_OFF "\033[0m"

/* Most bytes a line takes: every cell, its padding, a colour and a blank. */
#define TABLE_LINE_MAX                                                   \
	(COL_COUNT * (2 * TABLE_CELL + sizeof(COLOR_YELLOW COLOR_OFF)) + \
	 sizeof(COLOR_BOLD COLOR_OFF) + 1)

/* Service cells shrink to fit a terminal, never below their heading. */
#define TABLE_SERVICE_MIN (sizeof("Service") - 1)

static bool table_shown(const struct pw_out_opts *o, size_t c)
{
	if (c == COL_PROCESS)
		return o->owners;
	if (c == COL_NETNS)
		return o->netns;
	return c <= COL_RCLASS || o->extended;
}

/* Cell c is the len bytes at its buffer; ASCII, so as many columns. */
static void table_set(struct table_cells *t, size_t c, size_t len)
{
	t->text[c] = t->buf[c];
	t->len[c] = len;
	t->cols[c] = len;
}

static void table_set_str(struct table_cells *t, size_t c, const char *s)
{
	t->text[c] = s;
	t->len[c] = strlen(s);
	t->cols[c] = t->len[c];
}

/* Cell c ends at end, and holds escaped outside text: UTF-8 counts by character. */
static void table_set_escaped(struct table_cells *t, size_t c, const char *end)
{
	table_set(t, c, (size_t)(end - t->buf[c]));
	t->buf[c][t->len[c]] = '\0';
	t->cols[c] = pw_utf8_columns(t->buf[c]);
}

/* "addr:port", v6 in brackets, "%dev" after the address, "*" for port 0 of a peer. */
static void table_endpoint(struct table_cells *t, size_t c, const struct pw_rec *r, bool remote)
{
	const struct pw_sock *s = r->sock;
	uint16_t port = remote ? s->rport : s->lport;
	char *p = t->buf[c];
	bool dev = r->ifname && !remote;

	if (s->family == AF_INET6)
		*p++ = '[';
	p = pw_fmt_addr(p, s->family, remote ? s->raddr : s->laddr);
	if (s->family == AF_INET6)
		*p++ = ']';
	/* Device names come from the system: escape before they reach a terminal. */
	if (dev) {
		*p++ = '%';
		p += pw_term_escape(p, TABLE_CELL / 2, r->ifname);
	}
	*p++ = ':';
	if (remote && port == 0)
		*p++ = '*';
	else
		p = pw_fmt_u32(p, port);
	if (dev)
		table_set_escaped(t, c, p);
	else
		table_set(t, c, (size_t)(p - t->buf[c]));
}

/* "-" for no name; nothing for a port that is not one (a listener's peer). */
static void table_service(struct table_cells *t, size_t c, const struct pw_endpoint *e)
{
	table_set_str(t, c, e->service ? e->service->name : e->has_port ? "-" : "");
}

/* "wk", "reg" or "dyn"; "/eph" inside the host's ephemeral range; "!" for a notable listener. */
static void table_class(struct table_cells *t, size_t c, const struct pw_endpoint *e, bool notable)
{
	char *p = t->buf[c];

	if (!e->has_port) {
		table_set_str(t, c, "");
		return;
	}
	p = pw_fmt_str(p, pw_ports_class_short((enum pw_class)e->class));
	if (e->ephemeral)
		p = pw_fmt_str(p, "/eph");
	if (notable)
		*p++ = '!';
	table_set(t, c, (size_t)(p - t->buf[c]));
}

static void table_number(struct table_cells *t, size_t c, uint64_t v)
{
	table_set(t, c, (size_t)(pw_fmt_u64(t->buf[c], v) - t->buf[c]));
}

/* "sshd[612]", "+N" for more holders; "no process" for an orphan. */
static void table_process(struct table_cells *t, size_t c, const struct pw_rec *r)
{
	const struct pw_proc *p;
	char suffix[48], *q = suffix;
	size_t len, slen;

	if (!r->owners || r->nprocs == 0) {
		table_set_str(t, c, r->orphan ? "no process" : "");
		return;
	}
	p = r->procs[0];
	/* Pids are positive (procmap takes only such directories). */
	*q++ = '[';
	q = pw_fmt_u32(q, (uint32_t)p->pid);
	*q++ = ']';
	if (r->nprocs > 1) {
		*q++ = '+';
		q = pw_fmt_u64(q, r->nprocs - 1);
	}
	slen = (size_t)(q - suffix);
	/* The name is cut, never the pid. */
	len = pw_term_escape(t->buf[c], TABLE_CELL - slen, p->comm ? p->comm : "?");
	memcpy(t->buf[c] + len, suffix, slen);
	table_set_escaped(t, c, t->buf[c] + len + slen);
}

/* The namespace's name, "host", or its inode; names come from the filesystem: escaped. */
static void table_netns(struct table_cells *t, size_t c, const struct pw_rec *r)
{
	char buf[PW_NETNS_LABEL_MAX];

	if (!r->netns) {
		table_set_str(t, c, "-");
		return;
	}
	table_set_escaped(
		t, c,
		t->buf[c] + pw_term_escape(t->buf[c], TABLE_CELL, pw_netns_label(r->netns, buf)));
}

/* The cells of r that o shows; the others stay empty. */
static void table_cells(struct table_cells *t, const struct pw_out_opts *o, const struct pw_rec *r)
{
	const struct pw_sock *s = r->sock;

	if (o->netns)
		table_netns(t, COL_NETNS, r);
	else
		table_set_str(t, COL_NETNS, "");
	table_set_str(t, COL_PROTO, pw_sock_proto_name(s->proto));
	table_set_str(t, COL_STATE, pw_sock_state_name(s->state));
	table_endpoint(t, COL_LOCAL, r, false);
	table_service(t, COL_LSVC, &r->local);
	table_class(t, COL_LCLASS, &r->local, r->notable);
	table_endpoint(t, COL_PEER, r, true);
	table_service(t, COL_RSVC, &r->remote);
	table_class(t, COL_RCLASS, &r->remote, false);
	for (size_t c = COL_RQ; c < COL_COUNT; c++)
		table_set_str(t, c, "");
	if (o->extended) {
		table_number(t, COL_RQ, s->rqueue);
		table_number(t, COL_SQ, s->wqueue);
		if (s->uid == PW_UID_UNKNOWN)
			table_set_str(t, COL_UID, "-");
		else
			table_number(t, COL_UID, s->uid);
		table_set_escaped(t, COL_USER,
				  t->buf[COL_USER] + pw_term_escape(t->buf[COL_USER], TABLE_CELL,
								    r->user ? r->user : "-"));
		table_number(t, COL_INODE, s->inode);
		table_number(t, COL_COOKIE, s->cookie);
	}
	if (o->owners)
		table_process(t, COL_PROCESS, r);
}

static char *table_blanks(char *p, size_t n)
{
	memset(p, ' ', n);
	return p + n;
}

static char *table_copy(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

/*
 * One line; colors[c], when not NULL, is the escape sequence for cell c,
 * and line the one for the whole line, reset before its newline so that a
 * reader that stops there (| head -1) leaves the terminal as it was.
 */
static void table_line(struct table_state *st, const struct pw_out_opts *o,
		       const struct table_cells *t, const char *const *colors, const char *line)
{
	const size_t *width = st->width;
	size_t n = COL_COUNT;
	char *p = pw_obuf_room(&st->out, TABLE_LINE_MAX);

	if (line)
		p = table_copy(p, line, strlen(line));

	/* Empty trailing cells (a listener's peer service and class) leave no trailing blanks. */
	while (n > 1 && (!table_shown(o, n - 1) || !t->len[n - 1]))
		n--;
	for (size_t c = 0; c < n; c++) {
		/* A streamed row may be wider than the widths: it pushes its line out. */
		size_t pad = width[c] > t->cols[c] ? width[c] - t->cols[c] : 0;
		bool last = c + 1 == n;
		size_t len = t->len[c];
		/* Only a column fitted to a terminal is cut; otherwise a longer cell pushes out. */
		bool cut = st->cap[c] && t->cols[c] > st->cap[c];

		if (!table_shown(o, c))
			continue;
		/* Service names are ASCII (services.c refuses others): bytes are columns. */
		if (cut) {
			len = st->cap[c] - 1;
			pad = width[c] > st->cap[c] ? width[c] - st->cap[c] : 0;
		}
		if (table_right[c])
			p = table_blanks(p, pad);
		if (colors && colors[c])
			p = table_copy(p, colors[c], strlen(colors[c]));
		p = table_copy(p, t->text[c], len);
		if (cut)
			*p++ = '~';
		if (colors && colors[c])
			p = table_copy(p, COLOR_OFF, sizeof(COLOR_OFF) - 1);
		if (!table_right[c] && !last)
			p = table_blanks(p, pad);
		if (!last)
			*p++ = ' ';
	}
	if (line)
		p = table_copy(p, COLOR_OFF, sizeof(COLOR_OFF) - 1);
	*p++ = '\n';
	pw_obuf_commit(&st->out, p);
}

static void table_row_print(struct table_state *st, const struct pw_out_opts *o,
			    const struct pw_rec *r)
{
	struct table_cells t;
	const char *colors[COL_COUNT] = { NULL };

	table_cells(&t, o, r);
	if (o->color && pw_sock_is_listening(r->sock))
		colors[COL_STATE] = COLOR_GREEN;
	if (o->color && r->notable)
		colors[COL_LCLASS] = COLOR_YELLOW;
	table_line(st, o, &t, o->color ? colors : NULL, NULL);
}

/*
 * Narrow the service columns, the wider first, until a line fits
 * o->columns; then cap them where a later, longer name must be cut: at
 * their width and half of the room the line leaves, each.
 */
static void table_fit(struct table_state *st, const struct pw_out_opts *o)
{
	static const size_t svc[] = { COL_LSVC, COL_RSVC };
	size_t *width = st->width;
	size_t total = 0, shown = 0;

	for (size_t c = 0; c < COL_COUNT; c++) {
		if (table_shown(o, c)) {
			total += width[c];
			shown++;
		}
	}
	total += shown ? shown - 1 : 0;
	while (total > o->columns) {
		size_t c = width[COL_LSVC] >= width[COL_RSVC] ? COL_LSVC : COL_RSVC;

		if (width[c] <= TABLE_SERVICE_MIN)
			break;
		width[c]--;
		total--;
	}
	for (size_t i = 0; i < PW_ARRAY_SIZE(svc); i++) {
		size_t room = o->columns > total ? (o->columns - total) / 2 : 0;

		st->cap[svc[i]] = width[svc[i]] + room;
	}
}

/* Fix the widths from the rows seen so far, print them, and stream from now on. */
static void table_flush(struct table_state *st, const struct pw_out_opts *o)
{
	struct table_cells t;

	for (size_t c = 0; c < COL_COUNT; c++)
		st->width[c] = strlen(table_heads[c]);
	for (size_t i = 0; i < st->nrows; i++) {
		table_cells(&t, o, &st->rows[i].rec);
		for (size_t c = 0; c < COL_COUNT; c++) {
			if (t.cols[c] > st->width[c])
				st->width[c] = t.cols[c];
		}
	}
	if (o->columns)
		table_fit(st, o);
	if (o->header) {
		for (size_t c = 0; c < COL_COUNT; c++)
			table_set_str(&t, c, table_heads[c]);
		table_line(st, o, &t, NULL, o->color ? COLOR_BOLD : NULL);
	}
	for (size_t i = 0; i < st->nrows; i++)
		table_row_print(st, o, &st->rows[i].rec);
	st->streaming = true;
}

static void *table_begin(FILE *f, const struct pw_out_opts *o)
{
	struct table_state *st = pw_xcalloc(1, sizeof(*st));

	(void)o;
	pw_obuf_init(&st->out, f, st->outbuf, sizeof(st->outbuf));
	return st;
}

static void table_sock(void *state, FILE *f, const struct pw_out_opts *o, const struct pw_rec *r)
{
	struct table_state *st = state;
	struct table_row *row;

	(void)f;
	if (st->streaming) {
		table_row_print(st, o, r);
		return;
	}
	row = &st->rows[st->nrows++];
	row->sock = *r->sock;
	row->rec = *r;
	row->rec.sock = &row->sock;
	if (st->nrows == TABLE_LOOKAHEAD)
		table_flush(st, o);
}

static void table_end(void *state, FILE *f, const struct pw_out_opts *o, bool complete,
		      uint32_t unavailable)
{
	struct table_state *st = state;

	(void)f;
	(void)complete;
	(void)unavailable;
	if (!st->streaming)
		table_flush(st, o);
	pw_obuf_flush(&st->out);
	free(st);
}

const struct pw_out_render pw_out_table = {
	.begin = table_begin,
	.sock = table_sock,
	.end = table_end,
};
