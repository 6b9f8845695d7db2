/* SPDX-License-Identifier: MIT */
/* Aligned table renderer, in the manner of ss, streaming after a bounded look-ahead. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

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
	COL_NETNS, /* with more than one namespace, first: rows come grouped by it */
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

struct table_state {
	size_t nrows;
	bool streaming;
	size_t width[COL_COUNT];
	struct table_row rows[TABLE_LOOKAHEAD];
};

#define COLOR_BOLD "\033[1m"
#define COLOR_GREEN "\033[32m"
#define COLOR_YELLOW "\033[1;33m"
#define COLOR_OFF "\033[0m"

static bool table_shown(const struct pw_out_opts *o, size_t c)
{
	if (c == COL_PROCESS)
		return o->owners;
	if (c == COL_NETNS)
		return o->netns;
	return c <= COL_RCLASS || o->extended;
}

/*
 * prefix, s escaped by pw_term_string, and suffix into cell of size bytes,
 * cut short when it does not fit. Names from other users (processes,
 * devices) go through here: no control byte reaches the terminal.
 */
static void table_escape(char *cell, size_t size, const char *prefix, const char *s,
			 const char *suffix)
{
	FILE *m = fmemopen(cell, size - 1, "w");

	cell[0] = '\0';
	if (!m)
		return;
	fputs(prefix, m);
	pw_term_string(m, s);
	fputs(suffix, m);
	fclose(m);
	/* A cut may have split a UTF-8 sequence; drop its dangling start. */
	pw_utf8_trim(cell);
}

/* "addr:port", v6 in brackets, "%dev" after the address, "*" for port 0 of a peer. */
static void table_endpoint(char *cell, const struct pw_rec *r, bool remote)
{
	const struct pw_sock *s = r->sock;
	char addr[PW_ADDR_STRLEN], dev[TABLE_CELL / 2] = "";
	uint16_t port = remote ? s->rport : s->lport;
	char portbuf[8];

	pw_sock_format_addr(s, remote, addr);
	/* Device names come from the system: escape before they reach a terminal. */
	if (r->ifname && !remote)
		table_escape(dev, sizeof(dev), "%", r->ifname, "");
	if (remote && port == 0)
		strcpy(portbuf, "*");
	else
		snprintf(portbuf, sizeof(portbuf), "%u", port);
	snprintf(cell, TABLE_CELL, s->family == AF_INET6 ? "[%s]%s:%s" : "%s%s:%s", addr, dev,
		 portbuf);
}

/* "-" for no name; nothing for a port that is not one (a listener's peer). */
static void table_service(char *cell, const struct pw_endpoint *e)
{
	snprintf(cell, TABLE_CELL, "%s", e->service ? e->service->name : e->has_port ? "-" : "");
}

/* "wk", "reg" or "dyn"; "/eph" inside the host's ephemeral range; "!" for a notable listener. */
static void table_class(char *cell, const struct pw_endpoint *e, bool notable)
{
	if (!e->has_port) {
		cell[0] = '\0';
		return;
	}
	snprintf(cell, TABLE_CELL, "%s%s%s", pw_ports_class_short((enum pw_class)e->class),
		 e->ephemeral ? "/eph" : "", notable ? "!" : "");
}

/* "sshd[612]", "+N" for more holders; "no process" for an orphan. */
static void table_process(char *cell, const struct pw_rec *r)
{
	const struct pw_proc *p;
	char suffix[48];

	if (!r->owners || r->nprocs == 0) {
		snprintf(cell, TABLE_CELL, "%s", r->orphan ? "no process" : "");
		return;
	}
	p = r->procs[0];
	if (r->nprocs > 1)
		snprintf(suffix, sizeof(suffix), "[%d]+%zu", p->pid, r->nprocs - 1);
	else
		snprintf(suffix, sizeof(suffix), "[%d]", p->pid);
	table_escape(cell, TABLE_CELL, "", p->comm ? p->comm : "?", suffix);
}

/* The namespace's name, "host", or its inode; names come from the filesystem: escaped. */
static void table_netns(char *cell, const struct pw_rec *r)
{
	char buf[PW_NETNS_LABEL_MAX];

	if (!r->netns) {
		snprintf(cell, TABLE_CELL, "-");
		return;
	}
	table_escape(cell, TABLE_CELL, "", pw_netns_label(r->netns, buf), "");
}

static void table_cells(char cells[COL_COUNT][TABLE_CELL], const struct pw_rec *r)
{
	const struct pw_sock *s = r->sock;

	table_netns(cells[COL_NETNS], r);
	snprintf(cells[COL_PROTO], TABLE_CELL, "%s", pw_sock_proto_name(s->proto));
	snprintf(cells[COL_STATE], TABLE_CELL, "%s", pw_sock_state_name(s->state));
	snprintf(cells[COL_RQ], TABLE_CELL, "%" PRIu32, s->rqueue);
	snprintf(cells[COL_SQ], TABLE_CELL, "%" PRIu32, s->wqueue);
	table_endpoint(cells[COL_LOCAL], r, false);
	table_service(cells[COL_LSVC], &r->local);
	table_class(cells[COL_LCLASS], &r->local, r->notable);
	table_endpoint(cells[COL_PEER], r, true);
	table_service(cells[COL_RSVC], &r->remote);
	table_class(cells[COL_RCLASS], &r->remote, false);
	snprintf(cells[COL_UID], TABLE_CELL, "%" PRIu32, s->uid);
	table_escape(cells[COL_USER], TABLE_CELL, "", r->user ? r->user : "-", "");
	table_process(cells[COL_PROCESS], r);
	snprintf(cells[COL_INODE], TABLE_CELL, "%" PRIu32, s->inode);
	snprintf(cells[COL_COOKIE], TABLE_CELL, "%" PRIu64, s->cookie);
}

/* One line; colors[c], when not NULL, is the escape sequence for cell c. */
static void table_line(FILE *f, const struct pw_out_opts *o, const size_t *width,
		       const char *const *cells, const char *const *colors)
{
	size_t n = COL_COUNT;

	/* Empty trailing cells (a listener's peer service and class) leave no trailing blanks. */
	while (n > 1 && (!table_shown(o, n - 1) || !cells[n - 1][0]))
		n--;
	for (size_t c = 0; c < n; c++) {
		size_t len = pw_utf8_columns(cells[c]);
		size_t pad = width[c] > len ? width[c] - len : 0;
		bool last = c + 1 == n;

		if (!table_shown(o, c))
			continue;
		if (table_right[c])
			fprintf(f, "%*s", (int)pad, "");
		if (colors && colors[c])
			fprintf(f, "%s%s%s", colors[c], cells[c], COLOR_OFF);
		else
			fputs(cells[c], f);
		if (!table_right[c] && !last)
			fprintf(f, "%*s", (int)pad, "");
		if (!last)
			putc(' ', f);
	}
	putc('\n', f);
}

static void table_row_print(FILE *f, const struct pw_out_opts *o, const size_t *width,
			    const struct pw_rec *r)
{
	char cells[COL_COUNT][TABLE_CELL];
	const char *ptrs[COL_COUNT];
	const char *colors[COL_COUNT] = { NULL };

	table_cells(cells, r);
	for (size_t c = 0; c < COL_COUNT; c++)
		ptrs[c] = cells[c];
	if (o->color && pw_sock_is_listening(r->sock))
		colors[COL_STATE] = COLOR_GREEN;
	if (o->color && r->notable)
		colors[COL_LCLASS] = COLOR_YELLOW;
	table_line(f, o, width, ptrs, colors);
}

/* Fix the widths from the rows seen so far, print them, and stream from now on. */
static void table_flush(struct table_state *st, FILE *f, const struct pw_out_opts *o)
{
	char cells[COL_COUNT][TABLE_CELL];

	for (size_t c = 0; c < COL_COUNT; c++)
		st->width[c] = strlen(table_heads[c]);
	for (size_t i = 0; i < st->nrows; i++) {
		table_cells(cells, &st->rows[i].rec);
		for (size_t c = 0; c < COL_COUNT; c++) {
			size_t len = pw_utf8_columns(cells[c]);

			if (len > st->width[c])
				st->width[c] = len;
		}
	}
	if (o->header) {
		if (o->color)
			fputs(COLOR_BOLD, f);
		table_line(f, o, st->width, table_heads, NULL);
		if (o->color)
			fputs(COLOR_OFF, f);
	}
	for (size_t i = 0; i < st->nrows; i++)
		table_row_print(f, o, st->width, &st->rows[i].rec);
	st->streaming = true;
}

static void *table_begin(FILE *f, const struct pw_out_opts *o)
{
	(void)f;
	(void)o;
	return pw_xcalloc(1, sizeof(struct table_state));
}

static void table_sock(void *state, FILE *f, const struct pw_out_opts *o, const struct pw_rec *r)
{
	struct table_state *st = state;
	struct table_row *row;

	if (st->streaming) {
		table_row_print(f, o, st->width, r);
		return;
	}
	row = &st->rows[st->nrows++];
	row->sock = *r->sock;
	row->rec = *r;
	row->rec.sock = &row->sock;
	if (st->nrows == TABLE_LOOKAHEAD)
		table_flush(st, f, o);
}

static void table_end(void *state, FILE *f, const struct pw_out_opts *o, bool complete)
{
	struct table_state *st = state;

	(void)complete;
	if (!st->streaming)
		table_flush(st, f, o);
	free(st);
}

const struct pw_out_render pw_out_table = {
	.begin = table_begin,
	.sock = table_sock,
	.end = table_end,
};
