/* SPDX-License-Identifier: MIT */
/* The commands: what they read from the system, and what they hand to main. */
#ifndef PW_CMD_H
#define PW_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "list.h"
#include "opts.h"
#include "ports.h"
#include "present.h"
#include "procmap.h"
#include "services.h"

/*
 * The width of the terminal standard output is, when it is one; 0 for a
 * pipe or a file, where lines are never shortened.
 */
size_t pw_cmd_term_columns(void);

/* The line that follows a usage error's message. */
#define PW_CMD_HINT "Try 'portwatch --help' for more information.\n"

/*
 * Scans of /proc a session may add to confirm orphans (each walks every
 * process): a listener no process held in the scan before may be newer
 * than it.
 */
#define PW_CMD_RESCANS 4

struct pw_users;
struct pw_cmd_netns;
struct pw_source;

/*
 * What one listing run loads from the system and keeps until it closes:
 * the records a dump hands out borrow names, services and holders from it.
 */
struct pw_cmd_session {
	struct pw_filter filter; /* the options' filter, with users and ports resolved */
	struct pw_services *db;
	struct pw_hostports hp;
	struct pw_procmap *owners; /* NULL when owners were not asked for */
	struct pw_procmap_stats owner_stats;
	/* Scans made to confirm orphans, newest last; records borrow holders from each. */
	struct pw_procmap *rescans[PW_CMD_RESCANS];
	unsigned nrescans;	/* maps kept: a scan that missed processes is not */
	unsigned rescans_tried; /* re-scans made, of PW_CMD_RESCANS */
	/* Listeners of the last dump no re-scan confirmed as orphans (budget spent, or failed). */
	size_t unconfirmed;
	size_t unconfirmed_failed; /* of those, ones whose re-scan failed */
	char rescan_why[128];	   /* why the first re-scan that failed did */
	struct pw_present present; /* present_proto's listeners after the newest re-scan */
	unsigned present_proto;
	struct pw_users *users;
	struct pw_source *src;	    /* netlink or /proc/net (--source), in portwatch's namespace */
	struct pw_cmd_netns *netns; /* the namespaces to list */
	bool show_netns;	    /* --netns, --all-netns: outputs say which namespace */
	const struct pw_opts *opts; /* borrowed: a namespace's port filters are made from it */
	struct pw_enrich enrich;
	char host[256];
	char time[32];	  /* RFC 3339 UTC, when the session opened */
	bool usage_error; /* a bad --services file, --user or port filter */
	bool complete;	  /* every wanted dump ended normally */
	bool steady;	  /* nothing is missing but what the next dump would miss too */
	size_t listed;
	/* The first problem said on stderr, without "portwatch: ": for status lines. */
	char error[256];
	/*
	 * Wanted protocols whose sockets the source could not show (all or
	 * some), and why. check and snapshot judge what that means and say it
	 * themselves; other commands say it on stderr at once.
	 */
	uint32_t unseen_protos;
	char unseen_why[PW_PROTO_COUNT][96];
	bool judging; /* check or snapshot: notices are theirs to give */
	bool shared;  /* db and users belong to a struct pw_cmd_shared, not to s */
};

/*
 * What the sessions of one watch share, loaded by the first and kept for
 * the later ones: the services file is read and user names are looked up
 * once per run, not at every poll. Free with pw_cmd_shared_fini once no
 * session that used it is open.
 */
struct pw_cmd_shared {
	struct pw_services *db;
	struct pw_users *users;
};

/*
 * Load what a listing of o needs (services, ephemeral range, filter; the
 * owners when owners is true or a filter needs them; the namespaces
 * --netns or --all-netns name) and open the socket source (netlink, or
 * /proc/net as o->source says). o must outlive s.
 * Problems are said on stderr, the first kept in s->error. Unless o is
 * check or snapshot, processes whose owners could not be seen are said
 * too (see pw_cmd_session_owners_why). s->host and s->time are stamped
 * first, so that a session that fails still says where and when. Returns
 * 0, -EINVAL with s->usage_error set, or another negative errno. Close s
 * whatever it returns.
 */
int pw_cmd_session_open(struct pw_cmd_session *s, const struct pw_opts *o, bool owners);

/* Set s->host to this host's name and s->time to now (RFC 3339 UTC; empty if unknown). */
void pw_cmd_session_stamp(struct pw_cmd_session *s);

/*
 * pw_cmd_session_open with the service database and user names of sh, or,
 * while sh holds none yet, loaded into sh (which then owns them).
 */
int pw_cmd_session_open_shared(struct pw_cmd_session *s, const struct pw_opts *o, bool owners,
			       struct pw_cmd_shared *sh);

/* Release what sh holds; NULL is allowed. */
void pw_cmd_shared_fini(struct pw_cmd_shared *sh);

/*
 * Why some sockets' holders could not be seen, for messages ("the owners
 * of 3 processes could not be seen: ..."; as root, that their fds could not
 * be read even by root), into buf (size bytes). Returns false, with buf
 * empty, when every process was read or owners were not scanned.
 */
bool pw_cmd_session_owners_why(const struct pw_cmd_session *s, char *buf, size_t size);

/*
 * Say on the notes stream, by cause, how many listeners of the last dump
 * no re-scan confirmed as orphans: those past the last re-scan, and those
 * whose re-scan failed (with s->rescan_why). Nothing when there were none.
 */
void pw_cmd_session_note_unconfirmed(const struct pw_cmd_session *s);

/*
 * Dump every wanted socket of each namespace, from inside it, through the
 * pipeline to out, or to sink when out is NULL.
 */
void pw_cmd_session_dump(struct pw_cmd_session *s, struct pw_out *out, pw_rec_cb sink, void *ctx);

/* Release what s holds. */
void pw_cmd_session_close(struct pw_cmd_session *s);

struct pw_list_result {
	size_t listed;	  /* sockets printed */
	bool complete;	  /* every wanted dump ended normally */
	bool usage_error; /* a bad --services file or port filter: nothing was listed */
	/* PW_PROTO_BIT()s of wanted protocols that could not be read (no diag module, no table) */
	uint32_t unavailable;
};

/*
 * List the sockets o asks for to out, with diagnostics on stderr. Returns
 * 0 with res filled, or a negative errno when nothing could be dumped.
 */
int pw_cmd_list(const struct pw_opts *o, FILE *out, struct pw_list_result *res);

/*
 * Explain the ports o->args name to out. Returns 0, -ENOENT when a name is
 * unknown (the rest is printed), -EINVAL for a malformed argument or
 * services file, or another negative errno.
 */
int pw_cmd_port(const struct pw_opts *o, FILE *out);

/*
 * Judge the listeners against the policy and baseline o names; print the
 * findings to out as o asks, write the Prometheus file and syslog lines.
 * Returns the Nagios status (enum pw_status), which is the exit code.
 */
int pw_cmd_check(const struct pw_opts *o, FILE *out);

/*
 * check's usage error msg (unescaped, without "portwatch: "), said as o,
 * the options parsed before it, ask: on stderr with the --help hint (-q:
 * nothing at all), as the UNKNOWN status line or JSON document on out for
 * -o nagios or json, in the --prometheus file as a failed run, and to
 * syslog with --syslog.
 * Returns PW_STATUS_UNKNOWN, the exit code.
 */
int pw_cmd_check_refuse(const struct pw_opts *o, const char *msg, FILE *out);

/*
 * Poll the sockets o asks for every o->interval_ms and print to out each
 * one added or removed since the poll before, until SIGINT or SIGTERM, or
 * until out's reader goes away. Returns 0 then, or a negative errno when
 * the first poll could not be taken (*usage_error tells a bad option
 * value), out could not be written (said on stderr; out's error is
 * cleared), or the namespace --netns names is gone (-ENOENT, said on
 * stderr).
 */
int pw_cmd_watch(const struct pw_opts *o, FILE *out, bool *usage_error);

/*
 * Save the listeners as a baseline or starter policy to o->out_file
 * (atomically) or out. Returns 0 or a negative errno; *usage_error tells
 * a bad option value (--services, a port filter) from a failure.
 */
int pw_cmd_snapshot(const struct pw_opts *o, FILE *out, bool *usage_error);

/*
 * The service database: the built-in IANA table under path's names, or
 * under /etc/services' when path is NULL (a missing /etc/services is fine:
 * minimal containers have none). strict (check, which resolves a policy's
 * port names through it): as root the file, /etc/services too, must pass
 * pw_file_open_strict's StrictModes checks, else -EPERM. Problems are said
 * on pw_cmd_notes(); an error is kept in first as pw_cmd_error keeps it.
 * Returns 0, or -errno when path cannot be read or is refused (*db is
 * then NULL).
 */
int pw_cmd_load_services(const char *path, bool strict, struct pw_services **db, char *first,
			 size_t size);

/*
 * Where the listing's notes and errors go (pw_cmd_error, the session's and
 * the namespaces' notices): stderr, unless pw_cmd_notes_to chose another
 * stream. watch points later polls at memory so that it can say a poll's
 * notes only when they are new.
 */
FILE *pw_cmd_notes(void);

/* Send notes to f (NULL: stderr) from now on; returns where they went before. */
FILE *pw_cmd_notes_to(FILE *f);

/*
 * Say "portwatch: MESSAGE" on the notes stream, MESSAGE escaped as
 * pw_term_string does (it may quote what a user typed or a file holds), and
 * keep MESSAGE unescaped in first (size bytes) when first is not NULL and
 * still empty: the first reason is what a Nagios status line shows, since
 * Nagios throws stderr away; its renderers escape it themselves.
 */
__attribute__((format(printf, 3, 4))) void pw_cmd_error(char *first, size_t size, const char *fmt,
							...);

/* Whether table output should be coloured, from --color, NO_COLOR, TERM and stdout. */
bool pw_cmd_use_color(enum pw_color c);

#endif
