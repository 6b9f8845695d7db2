/* SPDX-License-Identifier: MIT */
/* Port classes (RFC 6335), the host's ephemeral ports from /proc text, and address scopes. */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "ports.h"

static const struct {
	const char *name;
	const char *abbrev;
	const char *rfc;
} pw_ports_classes[] = {
	[PW_CLASS_WELL_KNOWN] = { "well-known", "wk", "System Ports" },
	[PW_CLASS_REGISTERED] = { "registered", "reg", "User Ports" },
	[PW_CLASS_DYNAMIC] = { "dynamic", "dyn", "Dynamic and/or Private Ports" },
};

#define PW_PORTS_NCLASSES (sizeof(pw_ports_classes) / sizeof(pw_ports_classes[0]))

enum pw_class pw_ports_class(uint16_t port)
{
	if (port < 1024)
		return PW_CLASS_WELL_KNOWN;
	if (port < 49152)
		return PW_CLASS_REGISTERED;
	return PW_CLASS_DYNAMIC;
}

const char *pw_ports_class_name(enum pw_class c)
{
	return (unsigned)c < PW_PORTS_NCLASSES ? pw_ports_classes[c].name : "?";
}

const char *pw_ports_class_short(enum pw_class c)
{
	return (unsigned)c < PW_PORTS_NCLASSES ? pw_ports_classes[c].abbrev : "?";
}

const char *pw_ports_class_rfc_name(enum pw_class c)
{
	return (unsigned)c < PW_PORTS_NCLASSES ? pw_ports_classes[c].rfc : "?";
}

int pw_ports_class_parse(const char *s, enum pw_class *c)
{
	static const char *const first_word[] = { "system", "user" };
	unsigned i;

	for (i = 0; i < PW_PORTS_NCLASSES; i++) {
		if (!strcasecmp(s, pw_ports_classes[i].name) ||
		    !strcasecmp(s, pw_ports_classes[i].abbrev) ||
		    (i < 2 && !strcasecmp(s, first_word[i]))) {
			*c = (enum pw_class)i;
			return 0;
		}
	}
	return -EINVAL;
}

void pw_ports_default(struct pw_hostports *hp)
{
	hp->lo = PW_PORTS_EPHEMERAL_LO;
	hp->hi = PW_PORTS_EPHEMERAL_HI;
	memset(hp->reserved, 0, sizeof(hp->reserved));
}

bool pw_ports_same_range(const struct pw_hostports *a, const struct pw_hostports *b)
{
	return a->lo == b->lo && a->hi == b->hi &&
	       !memcmp(a->reserved, b->reserved, sizeof(a->reserved));
}

/* A decimal port at *p (at most 65535); advances *p. Returns 0 or -EINVAL. */
static int ports_number(const char **p, const char *end, uint16_t *port)
{
	const char *s = *p;
	unsigned v = 0;

	if (s == end || *s < '0' || *s > '9')
		return -EINVAL;
	while (s < end && *s >= '0' && *s <= '9') {
		v = v * 10 + (unsigned)(*s++ - '0');
		if (v > UINT16_MAX)
			return -EINVAL;
	}
	*p = s;
	*port = (uint16_t)v;
	return 0;
}

static const char *ports_skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
		p++;
	return p;
}

int pw_ports_parse_range(struct pw_hostports *hp, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *gap;
	uint16_t lo, hi;

	p = ports_skip_space(p, end);
	if (ports_number(&p, end, &lo) < 0)
		return -EINVAL;
	gap = p;
	p = ports_skip_space(p, end);
	if (p == gap || ports_number(&p, end, &hi) < 0)
		return -EINVAL;
	/* The kernel's own limits for this sysctl: 1-65535, lo <= hi. */
	if (ports_skip_space(p, end) != end || lo == 0 || lo > hi)
		return -EINVAL;
	hp->lo = lo;
	hp->hi = hi;
	return 0;
}

int pw_ports_parse_reserved(struct pw_hostports *hp, const char *text, size_t len)
{
	uint64_t bits[sizeof(hp->reserved) / sizeof(hp->reserved[0])];
	const char *p = text, *end = text + len;
	uint16_t lo, hi;
	unsigned port;

	memset(bits, 0, sizeof(bits));
	/* The kernel prints "" or "\n" for none, else "a,b-c,...\n". */
	p = ports_skip_space(p, end);
	if (p != end) {
		for (;;) {
			if (ports_number(&p, end, &lo) < 0)
				return -EINVAL;
			hi = lo;
			if (p < end && *p == '-') {
				p++;
				if (ports_number(&p, end, &hi) < 0 || hi < lo)
					return -EINVAL;
			}
			for (port = lo; port <= hi; port++)
				bits[port / 64] |= UINT64_C(1) << (port % 64);
			if (p == end || *p != ',')
				break;
			p++;
		}
		if (ports_skip_space(p, end) != end)
			return -EINVAL;
	}
	memcpy(hp->reserved, bits, sizeof(bits));
	return 0;
}

bool pw_ports_is_reserved(const struct pw_hostports *hp, uint16_t port)
{
	return (hp->reserved[port / 64] >> (port % 64)) & 1;
}

bool pw_ports_is_ephemeral(const struct pw_hostports *hp, uint16_t port)
{
	return port >= hp->lo && port <= hp->hi && !pw_ports_is_reserved(hp, port);
}

static enum pw_scope ports_scope4(const uint8_t *a)
{
	if (!a[0] && !a[1] && !a[2] && !a[3])
		return PW_SCOPE_WILDCARD;
	if (a[0] == 127)
		return PW_SCOPE_LOOPBACK;
	if (a[0] == 169 && a[1] == 254)
		return PW_SCOPE_LINK_LOCAL;
	if (a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16) || (a[0] == 192 && a[1] == 168) ||
	    (a[0] == 100 && (a[1] & 0xc0) == 64))
		return PW_SCOPE_PRIVATE;
	if ((a[0] & 0xf0) == 224)
		return PW_SCOPE_MULTICAST;
	return PW_SCOPE_PUBLIC;
}

static enum pw_scope ports_scope6(const uint8_t *a)
{
	static const uint8_t zero[15];

	if (!memcmp(a, zero, 15))
		return a[15] == 0   ? PW_SCOPE_WILDCARD
		       : a[15] == 1 ? PW_SCOPE_LOOPBACK
				    : PW_SCOPE_PUBLIC;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return PW_SCOPE_LINK_LOCAL;
	if ((a[0] & 0xfe) == 0xfc)
		return PW_SCOPE_PRIVATE;
	if (a[0] == 0xff)
		return PW_SCOPE_MULTICAST;
	return PW_SCOPE_PUBLIC;
}

bool pw_ports_is_v4mapped(const uint8_t addr[16])
{
	static const uint8_t v4mapped[PW_V4MAPPED_PREFIX] = { [10] = 0xff, [11] = 0xff };

	return !memcmp(addr, v4mapped, sizeof(v4mapped));
}

enum pw_scope pw_ports_scope(int family, const uint8_t addr[16])
{
	if (family != AF_INET6)
		return ports_scope4(addr);
	if (pw_ports_is_v4mapped(addr))
		return ports_scope4(addr + PW_V4MAPPED_PREFIX);
	return ports_scope6(addr);
}

const char *pw_ports_scope_name(enum pw_scope s)
{
	static const char *const names[] = {
		[PW_SCOPE_WILDCARD] = "wildcard",     [PW_SCOPE_LOOPBACK] = "loopback",
		[PW_SCOPE_LINK_LOCAL] = "link-local", [PW_SCOPE_PRIVATE] = "private",
		[PW_SCOPE_MULTICAST] = "multicast",   [PW_SCOPE_PUBLIC] = "public",
	};

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}
