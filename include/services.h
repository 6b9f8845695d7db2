/* SPDX-License-Identifier: MIT */
/* Service names by (port, protocol) and by name: services(5) text over the built-in IANA table. */
#ifndef PW_SERVICES_H
#define PW_SERVICES_H

#include <stddef.h>
#include <stdint.h>

#include "sock.h"

/*
 * DCCP has no enum pw_proto value (portwatch lists no DCCP sockets), but the
 * registry names DCCP ports and `portwatch port` shows them: this is the
 * proto value that asks for them.
 */
#define PW_SVC_PROTO_DCCP PW_PROTO_COUNT

/* Longest name or alias accepted from a services file, without its NUL. */
#define PW_SVC_NAME_MAX 63

enum pw_svc_source {
	PW_SVC_NONE,
	PW_SVC_SYSTEM,	/* from the services file given to pw_services_load_buffer */
	PW_SVC_BUILTIN, /* from the IANA table built into the program */
};

struct pw_service {
	const char *name;
	const char *description; /* IANA's; NULL if none */
	enum pw_svc_source source;
};

struct pw_services_stats {
	unsigned entries;	 /* lines that named a port of a known protocol */
	unsigned malformed;	 /* lines skipped as malformed */
	unsigned first_bad_line; /* 1-based; 0 when none */
};

struct pw_services;

/*
 * Create a database holding the built-in table only. Nearly free: the
 * table and its index are generated at build time, nothing is parsed.
 * Returns NULL on ENOMEM. Free with pw_services_free.
 */
struct pw_services *pw_services_new(void);

/* Free db and everything lookups returned from it. Accepts NULL. */
void pw_services_free(struct pw_services *db);

/*
 * Add services(5) text (the system file) to db: "name port/proto [alias...]"
 * per line, '#' starts a comment, CRLF ends are fine. The file's names take
 * precedence over built-in ones; within the file the first line for a
 * (port, proto) wins, as in glibc. Protocols other than tcp, udp, sctp and
 * dccp are ignored. Malformed lines (no or bad port/proto, a NUL byte, a name
 * longer than PW_SVC_NAME_MAX or with a control or non-ASCII byte) are
 * skipped and counted in st, which may be NULL.
 * buf need not be NUL-terminated.
 * Returns 0, or -ENOMEM (lines before the failure stay loaded).
 */
int pw_services_load_buffer(struct pw_services *db, const char *buf, size_t len,
			    struct pw_services_stats *st);

/*
 * The service for (port, proto), O(1): the system file's first, then the
 * built-in one. proto is an enum pw_proto or PW_SVC_PROTO_DCCP; UDP-Lite
 * uses UDP's names (as ss does), raw sockets have none.
 * Returns NULL when no name is known. Borrowed: valid until pw_services_free.
 * Lookups fill a cache in db: do not run them on one db from two threads.
 */
const struct pw_service *pw_services_lookup(const struct pw_services *db, uint16_t port,
					    unsigned proto);

/*
 * Called by pw_services_find for each (port, proto) a name denotes. Return 0
 * to go on; a negative errno stops the walk and is returned by find.
 */
typedef int (*pw_service_cb)(uint16_t port, unsigned proto, void *data);

/*
 * Resolve a service name, case-insensitively: registry keywords (every
 * name IANA lists, not only the primary ones), the system file's names and
 * aliases, and the names people say ("DNS", "RDP", "IMAP4 over SSL"...).
 * Calls cb (which may be NULL) once per (port, proto), in port then proto
 * order. Returns how many there are (0: unknown name), a negative errno from
 * cb, or -ENOMEM.
 */
int pw_services_find(const struct pw_services *db, const char *name, pw_service_cb cb, void *data);

/* "system", "builtin", or NULL for PW_SVC_NONE and unknown values. */
const char *pw_services_source_name(enum pw_svc_source source);

/*
 * The built-in table, generated into build/gen/iana_table.c by
 * src/gen-iana.awk from IANA's registry (src/iana.xml).
 */
struct pw_services_iana_entry { /* one per (port, proto), sorted by proto then port */
	uint16_t port;
	uint8_t proto;	 /* enum pw_proto or PW_SVC_PROTO_DCCP */
	uint8_t aliases; /* how many other names it has in pw_services_iana_aliases */
	uint32_t name;	 /* the primary name: offset in pw_services_iana_names */
	uint32_t desc;	 /* offset in pw_services_iana_descs; 0 is "" (none) */
};

struct pw_services_iana_alias { /* another name of an entry, sorted by entry */
	uint32_t entry;		/* index in pw_services_iana_entries */
	uint32_t name;
	uint32_t desc;
};

/* The index's tables, in the generator's order; UDP-Lite uses UDP's. */
enum {
	PW_SVC_IANA_TCP,
	PW_SVC_IANA_UDP,
	PW_SVC_IANA_SCTP,
	PW_SVC_IANA_DCCP,
	PW_SVC_IANA_TABLES,
};

/*
 * Where one protocol's entries are, in O(1) with no set-up at run time: bit
 * p % 64 of bits[p / 64] is set when port p has an entry, and that entry is
 * base + rank[p / 64] + the set bits below it in its word.
 */
struct pw_services_iana_index {
	uint32_t base;	     /* the protocol's first entry */
	uint16_t rank[1024]; /* entries in the words before */
	uint64_t bits[1024];
};

extern const struct pw_services_iana_entry pw_services_iana_entries[];
extern const unsigned pw_services_iana_count;
extern const struct pw_services_iana_alias pw_services_iana_aliases[];
extern const unsigned pw_services_iana_nalias;
extern const struct pw_services_iana_index pw_services_iana_index[PW_SVC_IANA_TABLES];
extern const char pw_services_iana_names[];
extern const char pw_services_iana_descs[];
/* The registry's own "updated" date, YYYY-MM-DD. */
extern const char pw_services_iana_date[];

#endif
