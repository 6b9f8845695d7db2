/* SPDX-License-Identifier: MIT */
/* The listing pipeline: sockets from a source → dedup → filter → enrich → output. */
#ifndef PW_LIST_H
#define PW_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "filter.h"
#include "output.h"
#include "ports.h"
#include "seen.h"
#include "services.h"
#include "sock.h"

/* Names the device ifindex; the name must live until the output ends. */
typedef const char *(*pw_ifname_fn)(uint32_t ifindex, void *ctx);

/* The holders of socket inode; *procs is borrowed. Returns their count. */
typedef size_t (*pw_owners_fn)(uint32_t inode, const struct pw_proc *const **procs, void *ctx);

/* What a re-scan for owners (pw_rescan_fn) came to. */
enum pw_rescan {
	PW_RESCAN_CONFIRMED, /* made, every process seen, the listeners still there taken */
	PW_RESCAN_SPENT,     /* none made: the budget is spent */
	PW_RESCAN_FAILED,    /* made but no proof: a failure, or processes it could not see */
};

/*
 * Scan for owners again, for listener s that the last scan saw no holder
 * of: the owners callback answers from the newest complete scan from now
 * on, and pw_present_fn tells which of s's protocol's listeners were still
 * there once a confirmed one ended.
 */
typedef enum pw_rescan (*pw_rescan_fn)(const struct pw_sock *s, void *ctx);

/* Whether listener s was still there after the last re-scan ended. */
typedef bool (*pw_present_fn)(const struct pw_sock *s, void *ctx);

/* What the enrich stage draws on; all borrowed, any may be NULL. */
struct pw_enrich {
	const struct pw_services *services;   /* service names; NULL: none */
	const struct pw_hostports *hostports; /* ephemeral range; NULL: none is ephemeral */
	pw_ifname_fn ifname;
	void *ifname_ctx;
	pw_owners_fn owners; /* NULL: owners were not asked for */
	void *owners_ctx;
	bool owners_complete; /* every process's sockets were seen: no holder means orphan */
	/*
	 * Confirm an orphan, with owners_ctx: a listener made after its holder
	 * was scanned shows no holder, and one closed since it was received
	 * is no orphan either. NULL: the owners callback's answers are current
	 * whenever it is asked (both, or neither).
	 */
	pw_rescan_fn rescan;
	pw_present_fn present;
	pw_name_fn user_name; /* uid → user name */
	void *user_ctx;
	const struct pw_netns *netns; /* the namespace being listed; NULL: not known */
	bool show_netns;	      /* namespaces were asked for (--netns, --all-netns) */
};

/* Takes each listed socket instead of an output; r is valid during the call only. */
typedef void (*pw_rec_cb)(const struct pw_rec *r, void *ctx);

struct pw_list {
	const struct pw_filter *filter;
	struct pw_out *out; /* NULL: sink takes the sockets */
	pw_rec_cb sink;
	void *sink_ctx;
	struct pw_enrich enrich;
	size_t received;    /* sockets handed to the pipeline */
	size_t listed;	    /* sockets handed to out */
	size_t repeats;	    /* sockets dropped as already seen */
	size_t unconfirmed; /* listeners without a holder no re-scan confirmed (spent or failed) */
	size_t unconfirmed_failed; /* of those, ones whose re-scan failed */
	uint64_t batches;	   /* batches received (pw_list_received) */
	uint64_t rescanned; /* batches received when the last confirmed re-scan began; 0: none */
	uint64_t rescan_failed; /* batches received when a re-scan last failed; 0: none */
	struct pw_seen seen;	/* recent cookies, so a socket is listed once */
};

/* Set up l to pass sockets through f, annotate them from e (copied), and hand them to out. */
void pw_list_init(struct pw_list *l, const struct pw_filter *f, const struct pw_enrich *e,
		  struct pw_out *out);
/* Release what l holds; accepts NULL. */
void pw_list_fini(struct pw_list *l);

/* A dump into l begins. */
void pw_list_begin(struct pw_list *l);

/* The pw_sock_cb of the pipeline; data is the struct pw_list. Returns 0. */
int pw_list_sock(const struct pw_sock *s, void *data);

/*
 * A batch of sockets came into l (data): those it hands over until the
 * next call were received by now. A re-scan for owners begun while they
 * are handed over covers them all, so orphans among them share it; without
 * these calls each orphan needs a re-scan of its own.
 */
void pw_list_received(void *data);

/* The dump into l (data) starts over: what it hands over again is dropped. */
void pw_list_restart(void *data);

/*
 * The dump into l ended. Returns false when it had started over and could
 * not find where it had been: sockets may be missing (see seen.c).
 */
bool pw_list_end(struct pw_list *l);

#endif
