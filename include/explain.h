/* SPDX-License-Identifier: MIT */
/* `portwatch port PORT|NAME|RANGE...`: what each port is, per protocol, as text or JSON. */
#ifndef PW_EXPLAIN_H
#define PW_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ports.h"
#include "services.h"

enum pw_explain_format {
	PW_EXPLAIN_TEXT,
	PW_EXPLAIN_JSON,
};

/* One port and protocol, explained. */
struct pw_explain_entry {
	uint16_t port;
	unsigned proto;			  /* PW_PROTO_TCP, _UDP, _SCTP or PW_SVC_PROTO_DCCP */
	const struct pw_service *service; /* NULL when no name is known; borrowed from db */
	enum pw_class class;
	bool ephemeral; /* on this host: in ip_local_port_range, not reserved */
	bool reserved;	/* in ip_local_reserved_ports */
};

typedef int (*pw_explain_cb)(const struct pw_explain_entry *e, void *data);

/*
 * Resolve one argument into entries, in port then protocol order:
 *   "22"        a port: one entry per protocol that has a name for it, or
 *               tcp and udp when none has;
 *   "6000-6063" every port of an inclusive range, each as above;
 *   "rdp"       a service name (pw_services_find): each (port, proto) it
 *               denotes.
 * cb may be NULL (to count or check); it returns 0 to go on, or a negative
 * errno that stops the walk and is returned.
 * Returns the number of entries; -ENOENT for a name nobody knows (a class
 * such as "well-known" is none: give its range); -EINVAL for a malformed
 * argument: an empty one, a number above 65535, a range whose start is
 * above its end, a sign ("-1"), or text that starts with a digit and is no
 * name ("0x16", "22-", "22x"; names may start with digits: "3com-tsmux").
 */
int pw_explain_resolve(const struct pw_services *db, const struct pw_hostports *hp, const char *arg,
		       pw_explain_cb cb, void *data);

/*
 * The `port` command: explain every argument in argv[0..argc) to out.
 * format is an enum pw_explain_format. Text is one line per entry, in
 * aligned columns: port/proto, service (source) or "-", class, its RFC 6335
 * name, "ephemeral", "reserved" or "not ephemeral", IANA's description.
 * JSON is {"schema":1,"ports":[{"port":22,"proto":"tcp","service":"ssh",
 * "service_source":"system","description":"...","class":"well-known",
 * "ephemeral":false,"reserved":false}, ...]}.
 * Returns 0; -EINVAL when an argument is malformed (nothing is printed) or
 * none is given; -ENOENT when some name is unknown (the others are still
 * printed); -ENOMEM; -EIO when writing to out failed. On error, err (which
 * may be NULL) receives a message naming the argument(s) as typed, without
 * a "portwatch:" prefix: escape it before it reaches a terminal.
 */
int pw_explain_run(FILE *out, int format, const struct pw_services *db,
		   const struct pw_hostports *hp, int argc, char *const argv[], char *err,
		   size_t errlen);

#endif
