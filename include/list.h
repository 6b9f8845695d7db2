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

/* What the enrich stage draws on; all borrowed, any may be NULL. */
struct pw_enrich {
	const struct pw_services *services;   /* service names; NULL: none */
	const struct pw_hostports *hostports; /* ephemeral range; NULL: none is ephemeral */
	pw_ifname_fn ifname;
	void *ifname_ctx;
	pw_owners_fn owners; /* NULL: owners were not asked for */
	void *owners_ctx;
	bool owners_complete; /* every process's sockets were seen: no holder means orphan */
	pw_name_fn user_name; /* uid → user name */
	void *user_ctx;
	const struct pw_netns *netns; /* the namespace being listed; NULL: not known */
	bool many_netns;	      /* namespaces were asked for (--netns, --all-netns) */
};

/* Takes each listed socket instead of an output; r is valid during the call only. */
typedef void (*pw_rec_cb)(const struct pw_rec *r, void *ctx);

struct pw_list {
	const struct pw_filter *filter;
	struct pw_out *out; /* NULL: sink takes the sockets */
	pw_rec_cb sink;
	void *sink_ctx;
	struct pw_enrich enrich;
	size_t received;     /* sockets handed to the pipeline */
	size_t listed;	     /* sockets handed to out */
	size_t repeats;	     /* sockets dropped as already seen */
	struct pw_seen seen; /* recent cookies, so a socket is listed once */
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

/* The dump into l (data) starts over: what it hands over again is dropped. */
void pw_list_restart(void *data);

/*
 * The dump into l ended. Returns false when it had started over and could
 * not find where it had been: sockets may be missing (see seen.c).
 */
bool pw_list_end(struct pw_list *l);

#endif
