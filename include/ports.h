/* SPDX-License-Identifier: MIT */
/* What a port number and an address mean: IANA class, host ephemeral range, address scope. */
#ifndef PW_PORTS_H
#define PW_PORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* IANA port ranges (RFC 6335, section 6). */
enum pw_class {
	PW_CLASS_WELL_KNOWN, /* 0-1023, System Ports */
	PW_CLASS_REGISTERED, /* 1024-49151, User Ports */
	PW_CLASS_DYNAMIC,    /* 49152-65535, Dynamic and/or Private Ports */
};

enum pw_class pw_ports_class(uint16_t port);

/* "well-known", "registered", "dynamic" (JSON, filters, legends); "?" when out of range. */
const char *pw_ports_class_name(enum pw_class c);

/* "wk", "reg", "dyn": the table column's abbreviations; "?" when out of range. */
const char *pw_ports_class_short(enum pw_class c);

/* RFC 6335's name: "System Ports", "User Ports", "Dynamic and/or Private Ports". */
const char *pw_ports_class_rfc_name(enum pw_class c);

/*
 * Parse a class as a user writes it, case-insensitively: the name or the
 * abbreviation above, or RFC 6335's first word ("system", "user").
 * Returns 0 or -EINVAL.
 */
int pw_ports_class_parse(const char *s, enum pw_class *c);

/* Linux's defaults when /proc/sys/net/ipv4/ip_local_port_range cannot be read. */
#define PW_PORTS_EPHEMERAL_LO 32768
#define PW_PORTS_EPHEMERAL_HI 60999

/* The host's ephemeral ports: ip_local_port_range minus ip_local_reserved_ports. */
struct pw_hostports {
	uint16_t lo;
	uint16_t hi;
	uint64_t reserved[65536 / 64]; /* bit (port % 64) of word (port / 64) */
};

/* Linux's default: 32768-60999, nothing reserved. */
void pw_ports_default(struct pw_hostports *hp);

/* Whether a and b make the same ports ephemeral (same range, same reserved ports). */
bool pw_ports_same_range(const struct pw_hostports *a, const struct pw_hostports *b);

/*
 * Set lo and hi from the text of ip_local_port_range ("32768\t60999\n"):
 * two numbers 1-65535, lo <= hi, as the kernel accepts them.
 * text need not be NUL-terminated. Returns 0, or -EINVAL with hp unchanged.
 */
int pw_ports_parse_range(struct pw_hostports *hp, const char *text, size_t len);

/*
 * Set the reserved bitmap from the text of ip_local_reserved_ports: empty,
 * or comma-separated ports and ranges ("8080,9000-9010\n").
 * Returns 0, or -EINVAL with hp unchanged.
 */
int pw_ports_parse_reserved(struct pw_hostports *hp, const char *text, size_t len);

/* In the host's range and not reserved: what the kernel picks for a client's local port. */
bool pw_ports_is_ephemeral(const struct pw_hostports *hp, uint16_t port);

bool pw_ports_is_reserved(const struct pw_hostports *hp, uint16_t port);

enum pw_scope {
	PW_SCOPE_WILDCARD,   /* 0.0.0.0, :: */
	PW_SCOPE_LOOPBACK,   /* 127.0.0.0/8, ::1 */
	PW_SCOPE_LINK_LOCAL, /* 169.254.0.0/16, fe80::/10 */
	PW_SCOPE_PRIVATE,    /* RFC 1918, 100.64.0.0/10 (RFC 6598), fc00::/7 (RFC 4193) */
	PW_SCOPE_MULTICAST,  /* 224.0.0.0/4, ff00::/8 */
	PW_SCOPE_PUBLIC,     /* anything else */
};

/*
 * Scope of an address in network byte order. family is AF_INET (the first
 * 4 bytes are used) or AF_INET6; an IPv4-mapped IPv6 address (::ffff:a.b.c.d)
 * has its IPv4 address's scope. Any other family is read as AF_INET.
 */
enum pw_scope pw_ports_scope(int family, const uint8_t addr[16]);

/* Length of the IPv4-mapped prefix ::ffff:0:0/96 (RFC 4291, 2.5.5.2), in bytes. */
#define PW_V4MAPPED_PREFIX 12

/* Whether the IPv6 address addr is IPv4-mapped; its IPv4 address is then at addr + 12. */
bool pw_ports_is_v4mapped(const uint8_t addr[16]);

/* "wildcard", "loopback", "link-local", "private", "multicast", "public"; "?" when out of range. */
const char *pw_ports_scope_name(enum pw_scope s);

#endif
