/* SPDX-License-Identifier: MIT */
/* Listeners judged against a policy and a baseline: findings and a Nagios status. */
#ifndef PW_CHECK_H
#define PW_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "baseline.h"
#include "filter.h"
#include "output.h"
#include "policy.h"
#include "ports.h"

/* Nagios plugin states; the values are the exit codes. */
enum pw_status {
	PW_STATUS_OK = 0,
	PW_STATUS_WARNING = 1,
	PW_STATUS_CRITICAL = 2,
	PW_STATUS_UNKNOWN = 3,
};

enum pw_finding_kind {
	PW_FIND_UNEXPECTED, /* no policy line allows the listener */
	PW_FIND_DENIED,	    /* a deny line matched it */
	PW_FIND_MISSING,    /* a `require` line matched no listener */
	PW_FIND_NEW,	    /* a listener the baseline lacks */
	PW_FIND_GONE,	    /* a baseline listener no longer there */
	PW_FIND_KINDS,
};

/* One listening socket as the list pipeline annotated it; the strings rec points to are borrowed. */
struct pw_listener {
	struct pw_sock sock;
	struct pw_rec rec; /* rec.sock points at sock */
	bool expected;	   /* allowed by the policy and present in the baseline (those given) */
};

/* A growable set of listeners (each allocated once: records point into them). */
struct pw_listeners {
	struct pw_listener **v;
	size_t n, cap;
};

/* The pw_rec_cb that fills a struct pw_listeners: copies the socket and the record. */
void pw_listeners_add(const struct pw_rec *r, void *listeners);
void pw_listeners_fini(struct pw_listeners *ls);

/*
 * Whether l is a UDP or UDP-Lite socket on a port of its host's ephemeral
 * range: a client's (a resolver's, an NTP client's), whose number is new
 * each run. Baselines, starter policies and Prometheus series know it by
 * that class instead of its number.
 */
bool pw_check_client_port(const struct pw_listener *l);

/* Why a finding was judged without seeing a listener's holder. */
enum pw_unseen_cause {
	PW_UNSEEN_NONE,	  /* every holder it depends on was seen, or none can exist */
	PW_UNSEEN_HIDDEN, /* some processes' fds could not be read */
	/* every process was read, but a listener came after the last re-scan of /proc */
	PW_UNSEEN_LATE,
};

struct pw_finding {
	enum pw_finding_kind kind;
	enum pw_status severity;
	const struct pw_listener *listener;    /* unexpected, denied, new; else NULL */
	const struct pw_baseline_entry *entry; /* gone: the baseline's entry; else NULL */
	/* gone: the entry's bind address and port as a socket, and what they mean */
	struct pw_sock gone_sock;
	struct pw_endpoint gone_local;
	unsigned line;	  /* denied, missing: the policy line; else 0 */
	const char *rule; /* its text, borrowed from the policy */
	/* judged without seeing the listener's owner (maybe a false alarm), and why */
	enum pw_unseen_cause unseen;
	uint32_t unseen_protos; /* missing, gone: protocols it may be on that were not seen */
};

/* What check judges; all borrowed. */
struct pw_check_input {
	const struct pw_listeners *listeners;
	const struct pw_policy *policy;	    /* NULL: no policy */
	const struct pw_baseline *baseline; /* sorted; NULL: no baseline */
	const struct pw_hostports *hp;
	const struct pw_services *db; /* names a gone listener's port; NULL: none */
	/* Namespace name for listeners whose record names none; NULL: the host's. */
	const char *netns;
	bool complete;	      /* the dump saw every socket */
	bool owners_complete; /* every process's sockets could be read */
	/*
	 * What was asked of the source (protocols, families); NULL: all.
	 * `require` lines and baseline entries outside it are not judged.
	 */
	const struct pw_filter *listed;
	uint32_t unseen_protos; /* PW_PROTO_BIT mask: listed protocols the source could not show */
	uint32_t named_protos;	/* protocols the command line named (-t, -u, -w...) */
};

/* Why a protocol that was not seen matters to a check. */
enum pw_unseen_need {
	PW_NEED_NONE,	  /* nothing names it: the check is whole without it */
	PW_NEED_OPTION,	  /* the command line asked for it */
	PW_NEED_POLICY,	  /* a policy line names it (line) */
	PW_NEED_BASELINE, /* the baseline holds listeners of it */
};

struct pw_check_unseen {
	enum pw_unseen_need need;
	unsigned line; /* PW_NEED_POLICY: the first line naming the protocol */
};

struct pw_check_result {
	struct pw_finding *findings;
	size_t n, cap;
	size_t count[PW_FIND_KINDS];
	size_t listeners;
	size_t unseen; /* listeners without a visible holder while some processes were hidden */
	bool owners_complete;			     /* in->owners_complete */
	uint32_t unseen_protos;			     /* in->unseen_protos */
	struct pw_check_unseen need[PW_PROTO_COUNT]; /* for each of them, whether it matters */
	enum pw_status status;
};

/*
 * Judge every listener: policy verdicts (first matching line), `require`
 * lines left unmatched, and the baseline diff by churn-proof identity
 * (pw_baseline_from_sock; a UDP socket on an ephemeral port is known by
 * that class, not its number). Sets each listener's expected flag.
 * Severity: unexpected, denied and new are CRITICAL, missing and gone
 * WARNING; a finding that may be false because a holder could not be
 * seen (some processes could not be read) is UNKNOWN instead: a policy
 * verdict that a rule with process= or exe= might have changed (see
 * pw_policy_judge), a missing line such a listener may meet, a new
 * listener without its holder, a gone one while any listener lacked its
 * holder. So is a missing or gone finding on a
 * protocol that was not seen, or when the dump was incomplete.
 * A listed protocol that was not seen matters when the command line
 * named it, a policy line names it (not through `any`) or the baseline
 * holds listeners of it (res->need): it then counts as UNKNOWN; otherwise
 * it is only reported. Status: the worst finding, unseen protocol that
 * matters, or incomplete dump (UNKNOWN), ranking CRITICAL over UNKNOWN
 * over WARNING (a certain alarm beats an uncertain one; an uncertain one
 * beats a warning that may not be the whole story).
 * Free res with pw_check_result_fini; it borrows from in.
 */
void pw_check_run(const struct pw_check_input *in, struct pw_check_result *res);
void pw_check_result_fini(struct pw_check_result *res);

/*
 * The identity of l for a baseline (see pw_baseline_from_sock), in the
 * namespace its record names (pw_netns_ident), else in netns; free with
 * pw_baseline_entry_fini.
 */
void pw_check_identity(struct pw_baseline_entry *e, const struct pw_listener *l, const char *netns);

const char *pw_status_name(enum pw_status s);

/* The worse of a and b, in the ranking of pw_check_run. */
enum pw_status pw_status_worst(enum pw_status a, enum pw_status b);
const char *pw_finding_kind_name(enum pw_finding_kind k);

/* How a check result is printed. */
enum pw_check_format {
	PW_CHECK_TEXT,
	PW_CHECK_NAGIOS,
	PW_CHECK_JSON,
};

/* What the renderers say besides the findings; all borrowed, any may be NULL. */
struct pw_check_meta {
	const char *host;
	const char *time;
	const char *policy_file;
	const char *baseline_file;
	const char *error; /* why the check could not run (status UNKNOWN, no result) */
	/* Why each protocol was not seen ("the kernel has no diag module for it"); NULL: unsaid. */
	const char *unseen_why[PW_PROTO_COUNT];
	bool as_root; /* hidden owners are then unreadable processes, not a lack of privilege */
};

/*
 * Print res to f in format fmt. Text prints nothing when there is no
 * finding; nagios always prints its status line first; json one document.
 * res is NULL when the check could not run (meta->error says why).
 */
void pw_check_render(FILE *f, enum pw_check_format fmt, const struct pw_check_result *res,
		     const struct pw_check_meta *meta);

/*
 * Why the unseen protocol proto matters, without a newline: "sctp
 * listeners not seen (WHY), yet test.policy:3 names sctp". For text mode's
 * message, nagios and syslog.
 */
void pw_check_unseen_line(FILE *f, const struct pw_check_result *res, unsigned proto,
			  const struct pw_check_meta *meta);

/* One finding as a text line without its newline (for text, nagios and syslog). */
void pw_check_finding_line(FILE *f, const struct pw_finding *fd, const struct pw_check_meta *meta);

/* "tcp 0.0.0.0:22 (ssh, well-known, wildcard) sshd[612] user=root", escaped, no newline. */
void pw_check_listener_line(FILE *f, const struct pw_listener *l);

/*
 * The same with the state, and a connection's peer after "->" (watch's
 * events): "tcp ESTAB 10.0.0.1:51000 (dynamic ephemeral, private) ->
 * 93.184.216.34:443 (https, well-known, public) curl[900] user=0".
 */
void pw_check_socket_line(FILE *f, const struct pw_listener *l);

/*
 * The node_exporter textfile: a series per distinct listener (labels
 * proto, address, port, service, class, process, expected; value: how
 * many sockets share them), the unexpected and missing counts, whether the
 * run succeeded, when it ran and for how long. res NULL: a failed run.
 */
void pw_check_prometheus(FILE *f, const struct pw_check_result *res, const struct pw_listeners *ls,
			 double now, double duration);

/*
 * The baseline of ls: each listener's identity (pw_check_identity) with
 * ref its index, sorted. Free with pw_baseline_free.
 */
struct pw_baseline *pw_snapshot_baseline(const struct pw_listeners *ls, const char *netns);

/*
 * A starter policy allowing what listens now: per distinct rule, a comment
 * describing the listener and an allow line (process= its command name,
 * or exe= when the name cannot be written in a policy; UDP sockets on the
 * host's ephemeral range by class, as clients bind them). A listener PID 1
 * holds too (socket activation) gets a comment offering the line that
 * allows PID 1 holding it alone. Returns 0 or -EIO on a write error.
 */
int pw_snapshot_policy(FILE *f, const struct pw_listeners *ls, const char *host, const char *time);

#endif
