/* SPDX-License-Identifier: MIT */
/* Renders annotated sockets as a table, JSON, JSON lines or CSV, streaming. */
#ifndef PW_OUTPUT_H
#define PW_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "annotate.h"
#include "netns_set.h"
#include "procmap.h"
#include "sock.h"

/* A name for a number (a user for a uid); borrowed, valid until the output ends. */
typedef const char *(*pw_name_fn)(uint32_t id, void *ctx);

enum pw_format {
	PW_FMT_TABLE,
	PW_FMT_JSON,
	PW_FMT_JSONL,
	PW_FMT_CSV,
};

/* One socket with what the enrich stage found out about it; all borrowed. */
struct pw_rec {
	const struct pw_sock *sock;
	const char *ifname; /* bound device name, NULL when unbound */
	struct pw_endpoint local;
	struct pw_endpoint remote;
	bool notable;	      /* a listener worth a second look (pw_annotate_notable) */
	const char *user;     /* name of the socket's uid; NULL when unknown */
	pw_name_fn user_name; /* names a holder's uid; NULL: not named */
	void *user_ctx;
	/* Owners, when they were asked for (-p): */
	bool owners;			    /* procs and orphan are filled */
	const struct pw_proc *const *procs; /* holders, daemon first; borrowed */
	size_t nprocs;
	bool orphan; /* a listener no process holds, though every process was seen */
	/*
	 * A listener without a holder that came after the last scan of the
	 * holders, with no re-scan left to tell, or one that failed or could
	 * not see every process: neither held nor orphan.
	 */
	bool unconfirmed;
	const struct pw_netns *netns; /* the socket's network namespace; NULL: not known */
	bool show_netns;	      /* namespaces were asked for: outputs say which */
};

struct pw_out_opts {
	enum pw_format format;
	bool header;	  /* table and csv: a header line */
	bool extended;	  /* table: queue, user, uid, inode and cookie columns */
	bool color;	  /* table: ANSI colours */
	bool owners;	  /* table: a process column */
	bool netns;	  /* table and csv: namespace columns (namespaces were asked for) */
	size_t columns;	  /* table: fit lines to this many columns by shortening service
			     names ("~" marks the cut); 0: never shorten */
	const char *host; /* json: the host name */
	const char *time; /* json: RFC 3339 UTC time of the listing */
};

struct pw_out;

/* A renderer writing to f; opts is copied, its strings are borrowed. */
struct pw_out *pw_out_new(FILE *f, const struct pw_out_opts *opts);

/*
 * Render one socket. r and r->sock may go away after the call; the strings
 * r points to must stay valid until pw_out_end.
 */
void pw_out_sock(struct pw_out *out, const struct pw_rec *r);

/*
 * Finish the document; complete is false when a source failed or a dump
 * was cut short. unavailable is a PW_PROTO_BIT() mask of the protocols
 * asked for that could not be read at all (JSON names them).
 */
void pw_out_end(struct pw_out *out, bool complete, uint32_t unavailable);

/* s's local side as a JSON object, as a socket's "local" is written. */
void pw_out_json_endpoint(FILE *f, const struct pw_sock *s, const struct pw_endpoint *local);

/* One socket as a JSON object, as in the sockets[] of the JSON document. */
void pw_out_json_sock(FILE *f, const struct pw_rec *r);

/* Free out; accepts NULL. */
void pw_out_free(struct pw_out *out);

#endif
