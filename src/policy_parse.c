/* SPDX-License-Identifier: MIT */
/* Policy text to rules (portwatch.policy(5)): pure, it reads only the buffer it is given. */
#include "policy.h"
#include "policy_rules.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#define POLICY_OPTIONS "(process=, exe=, user=, netns=, require)"
#define POLICY_PROTOS "(tcp, udp, udplite, sctp, raw, any)"

struct policy_parser {
	struct pw_policy *p;
	const struct pw_services *db;
	pw_policy_uid_fn uid_of;
	void *ctx;
	struct pw_error *err;
	const char *file;
	unsigned line;
	char *buf;     /* the line, NUL-terminated; words are cut in place */
	char *text;    /* its words joined by one space */
	size_t pos;    /* where the next word is looked for */
	size_t end;    /* just past the last word */
	size_t tlen;   /* length of text */
	size_t *slots; /* service-name cache: index in p->sets + 1; 0 is empty */
	size_t nslots; /* a power of two, or 0 */
};

/* 1-based column of byte off in the line: one per UTF-8 character. */
static unsigned policy_col(const struct policy_parser *ps, size_t off)
{
	unsigned col = 1;

	for (size_t i = 0; i < off; i++)
		col += ((unsigned char)ps->buf[i] & 0xc0) != 0x80;
	return col;
}

__attribute__((format(printf, 3, 4))) static int policy_fail(struct policy_parser *ps, unsigned col,
							     const char *fmt, ...)
{
	char msg[sizeof(((struct pw_error *)NULL)->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* A long word may have been cut inside a character: never hand out broken UTF-8. */
	pw_utf8_trim(msg);
	pw_error_set(ps->err, ps->file, ps->line, "%s", msg);
	if (ps->err)
		ps->err->col = col;
	return -EINVAL;
}

/* Word w for messages, cut after 40 bytes between two characters (w is valid UTF-8). */
static const char *policy_quote(char out[48], const char *w)
{
	size_t len = strlen(w), n = len > 40 ? 40 : len;

	while (n < len && ((unsigned char)w[n] & 0xc0) == 0x80)
		n--;
	memcpy(out, w, n);
	strcpy(out + n, n < len ? "..." : "");
	return out;
}

/*
 * Refuse bytes that have no business in a policy, before reading words:
 * NUL (C strings would end there), control characters other than tab
 * (they can hide text on a terminal) and invalid UTF-8. Messages name the
 * byte by its value (0x1b), never raw and with no backslash for the
 * printer's escaping to double.
 */
static int policy_check_bytes(struct policy_parser *ps, const unsigned char *s, size_t len)
{
	unsigned col = 1;
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		uint32_t hidden;
		size_t n;

		if (c == 0)
			return policy_fail(ps, col, "NUL byte");
		n = pw_utf8_seq_len(s + i, len - i);
		if (n == 0)
			return policy_fail(ps, col, "invalid UTF-8 byte 0x%02x", c);
		/* Whole characters only: the line buffer holds PW_POLICY_LINE_MAX bytes. */
		if (i + n > PW_POLICY_LINE_MAX)
			return policy_fail(ps, col, "line longer than %d bytes",
					   PW_POLICY_LINE_MAX);
		hidden = pw_utf8_hidden_control(s + i, n);
		/* C1 controls (U+0080-U+009F): 0x9b alone is a CSI on some terminals. */
		if ((c < 0x20 && c != '\t') || c == 0x7f || (hidden && hidden < 0xa0))
			return policy_fail(ps, col, "control character 0x%02x",
					   hidden ? (unsigned)hidden : c);
		/* A right-to-left override can make a deny line read as an allow line. */
		if (hidden)
			return policy_fail(
				ps, col, "invisible character U+%04X (it can reorder or hide text)",
				(unsigned)hidden);
		i += n;
		col++;
	}
	return 0;
}

/* The next word, cut in place and added to the rule text; NULL at the end or a comment. */
static char *policy_next(struct policy_parser *ps)
{
	char *b = ps->buf;
	size_t i = ps->pos, start, n;

	while (b[i] == ' ' || b[i] == '\t')
		i++;
	ps->pos = i;
	if (!b[i] || b[i] == '#')
		return NULL;
	start = i;
	while (b[i] && b[i] != ' ' && b[i] != '\t')
		i++;
	n = i - start;
	ps->end = i;
	if (b[i])
		b[i++] = '\0';
	ps->pos = i;
	if (ps->tlen)
		ps->text[ps->tlen++] = ' ';
	memcpy(ps->text + ps->tlen, b + start, n + 1);
	ps->tlen += n;
	return b + start;
}

/* Column of word w. */
static unsigned policy_at(const struct policy_parser *ps, const char *w)
{
	return policy_col(ps, (size_t)(w - ps->buf));
}

static int policy_proto(struct policy_parser *ps, struct pw_policy_rule *r, const char *w)
{
	char q[48];

	if (!strcasecmp(w, "any")) {
		r->protos = PW_POLICY_ALL_PROTOS;
		return 0;
	}
	for (unsigned p = 0; p < PW_PROTO_COUNT; p++) {
		if (!strcasecmp(w, pw_sock_proto_name(p))) {
			r->protos = (uint8_t)PW_PROTO_BIT(p);
			return 0;
		}
	}
	return policy_fail(ps, policy_at(ps, w), "unknown protocol '%s' " POLICY_PROTOS,
			   policy_quote(q, w));
}

/* True when every bit of addr past prefix is clear. */
static bool policy_host_bits_clear(const uint8_t *addr, unsigned prefix, unsigned bytes)
{
	for (unsigned i = prefix / 8; i < bytes; i++) {
		unsigned keep = i == prefix / 8 ? prefix % 8 : 0;

		if (addr[i] & (0xffu >> keep))
			return false;
	}
	return true;
}

/*
 * Split "[a]", "[a/n]", "[a]/n", "a", "a/n" into the address and the
 * prefix text (NULL when none). Returns false when the brackets are wrong.
 */
static bool policy_split_net(char *w, char **addr, char **prefix)
{
	char *close, *slash;

	*prefix = NULL;
	if (w[0] != '[') {
		*addr = w;
		slash = strchr(w, '/');
	} else {
		close = strchr(w, ']');
		if (!close || (close[1] && close[1] != '/'))
			return false;
		*close = '\0';
		*addr = w + 1;
		slash = strchr(w + 1, '/');
		if (close[1]) {
			if (slash)
				return false;
			slash = close + 1;
		}
	}
	if (slash) {
		*slash = '\0';
		*prefix = slash + 1;
	}
	return true;
}

static int policy_address(struct policy_parser *ps, struct pw_policy_rule *r, char *w)
{
	static const uint8_t zero[16];
	unsigned col = policy_at(ps, w), bits;
	bool v6 = w[0] == '[';
	unsigned long prefix;
	char q[48], *addr, *pfx;

	if (!strcmp(w, "*")) {
		r->addr_kind = PW_POLICY_ADDR_ANY;
		return 0;
	}
	if (!strcasecmp(w, "loopback")) {
		r->addr_kind = PW_POLICY_ADDR_LOOPBACK;
		return 0;
	}
	/* Quoted before the split below cuts w. */
	policy_quote(q, w);
	bits = v6 ? 128 : 32;
	if (!policy_split_net(w, &addr, &pfx) ||
	    inet_pton(v6 ? AF_INET6 : AF_INET, addr, r->addr) != 1)
		return policy_fail(ps, col,
				   "address '%s' is not IPv4, [IPv6], a CIDR, loopback or *", q);
	prefix = bits;
	if (pfx && pw_parse_uint(pfx, 0, bits, &prefix) < 0)
		return policy_fail(ps, col, "prefix in '%s' is not 0-%u", q, bits);
	if (!policy_host_bits_clear(r->addr, (unsigned)prefix, bits / 8))
		/* Most likely a typo for a longer prefix: refuse rather than allow more. */
		return policy_fail(ps, col, "'%s' has bits set past its /%lu prefix", q, prefix);
	/*
	 * The matcher reads an IPv4-mapped listener (::ffff:a.b.c.d) as IPv4:
	 * a rule inside ::ffff:0:0/96 (RFC 4291, 2.5.5.2) must be IPv4 too, or
	 * it could never match anything.
	 */
	if (v6 && prefix >= 96 && pw_ports_is_v4mapped(r->addr)) {
		memmove(r->addr, r->addr + PW_V4MAPPED_PREFIX, 4);
		memset(r->addr + 4, 0, sizeof(r->addr) - 4);
		prefix -= 96;
		bits = 32;
		v6 = false;
	}
	if (prefix == bits && !memcmp(r->addr, zero, bits / 8))
		return policy_fail(ps, col, "'%s' is the wildcard address: write *", q);
	r->addr_kind = PW_POLICY_ADDR_NET;
	r->family = v6 ? AF_INET6 : AF_INET;
	r->prefix = (uint8_t)prefix;
	return 0;
}

/* Port numbers: "N" or "N-M". Returns 1 when w is neither (a name). */
static int policy_range(struct policy_parser *ps, struct pw_policy_rule *r, char *w)
{
	size_t lo_len = strspn(w, "0123456789"), hi_len = 0;
	char q[48], *dash = w + lo_len, *hi_s = dash + 1;
	unsigned long lo, hi;

	if (!lo_len)
		return 1;
	if (*dash == '-') {
		hi_len = strspn(hi_s, "0123456789");
		if (!hi_len || hi_s[hi_len])
			return 1;
		*dash = '\0';
	} else if (*dash) {
		return 1;
	}
	if (pw_parse_uint(w, 0, 65535, &lo) < 0)
		return policy_fail(ps, policy_at(ps, w), "port %s out of range (0-65535)",
				   policy_quote(q, w));
	hi = lo;
	if (hi_len && pw_parse_uint(hi_s, 0, 65535, &hi) < 0)
		return policy_fail(ps, policy_at(ps, hi_s), "port %s out of range (0-65535)",
				   policy_quote(q, hi_s));
	if (lo > hi)
		return policy_fail(ps, policy_at(ps, w), "range %lu-%lu is backwards", lo, hi);
	r->port_kind = PW_POLICY_PORT_RANGE;
	r->lo = (uint16_t)lo;
	r->hi = (uint16_t)hi;
	return 0;
}

/* A class name; returns 1 when w is none. */
static int policy_class(struct pw_policy_rule *r, const char *w)
{
	static const struct {
		const char *name;
		uint16_t lo, hi;
	} classes[] = {
		/* RFC 6335, section 6 (ports.h). */
		{ "well-known", 0, 1023 },
		{ "registered", 1024, 49151 },
		{ "dynamic", 49152, 65535 },
	};

	if (!strcasecmp(w, "ephemeral")) {
		r->port_kind = PW_POLICY_PORT_EPHEMERAL;
		return 0;
	}
	for (size_t i = 0; i < PW_ARRAY_SIZE(classes); i++) {
		if (!strcasecmp(w, classes[i].name)) {
			r->port_kind = PW_POLICY_PORT_CLASS;
			r->lo = classes[i].lo;
			r->hi = classes[i].hi;
			return 0;
		}
	}
	return 1;
}

static int policy_svc_found(uint16_t port, unsigned proto, void *data)
{
	struct pw_policy_svcset *set = data;
	uint8_t bits;

	if (proto == PW_PROTO_TCP || proto == PW_PROTO_SCTP)
		bits = (uint8_t)PW_PROTO_BIT(proto);
	else if (proto == PW_PROTO_UDP)
		/* UDP-Lite sockets go by UDP's names, as pw_services_lookup has it. */
		bits = PW_PROTO_BIT(PW_PROTO_UDP) | PW_PROTO_BIT(PW_PROTO_UDPLITE);
	else
		return 0; /* DCCP: portwatch lists no DCCP sockets */
	set->protos |= bits;
	/* Calls come in port order: one entry per port. */
	if (set->n && set->v[set->n - 1].port == port) {
		set->v[set->n - 1].protos |= bits;
		return 0;
	}
	if ((set->n & (set->n - 1)) == 0)
		set->v = pw_xrealloc(set->v, set->n ? set->n * 2 : 1, sizeof(*set->v));
	set->v[set->n++] = (struct pw_policy_svc){ port, bits };
	return 0;
}

/* FNV-1a (a public-domain hash) over the lower-cased name. */
static size_t policy_hash(const char *key)
{
	uint32_t h = 2166136261u;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 16777619u;
	return pw_hash_u32(h);
}

static void policy_cache_put(struct policy_parser *ps, size_t idx)
{
	size_t mask = ps->nslots - 1, i = policy_hash(ps->p->sets[idx].key) & mask;

	while (ps->slots[i])
		i = (i + 1) & mask;
	ps->slots[i] = idx + 1;
}

/*
 * The set name resolves to, cached: pw_services_find walks the whole
 * registry, and a large policy names the same services again and again.
 * Returns its index, -ENOENT for an unknown name, or -ENOMEM.
 */
static long policy_service(struct policy_parser *ps, const char *name)
{
	struct pw_policy *p = ps->p;
	struct pw_policy_svcset set = { pw_xstrdup(name), NULL, 0, 0 };
	size_t i, mask = ps->nslots - 1;
	int rc;

	/* pw_services_find folds ASCII case only, as strcasecmp does in the C locale. */
	for (char *c = set.key; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	for (i = policy_hash(set.key) & mask; ps->nslots && ps->slots[i]; i = (i + 1) & mask) {
		if (!strcmp(p->sets[ps->slots[i] - 1].key, set.key)) {
			free(set.key);
			return (long)ps->slots[i] - 1;
		}
	}
	rc = ps->db ? pw_services_find(ps->db, name, policy_svc_found, &set) : 0;
	if (rc <= 0) {
		free(set.key);
		free(set.v);
		return rc < 0 ? rc : -ENOENT;
	}
	if ((p->nsets & (p->nsets - 1)) == 0)
		p->sets = pw_xrealloc(p->sets, p->nsets ? p->nsets * 2 : 1, sizeof(*p->sets));
	p->sets[p->nsets++] = set;
	if (2 * p->nsets > ps->nslots) {
		free(ps->slots);
		ps->nslots = ps->nslots ? ps->nslots * 2 : 16;
		ps->slots = pw_xcalloc(ps->nslots, sizeof(*ps->slots));
		for (i = 0; i < p->nsets; i++)
			policy_cache_put(ps, i);
	} else {
		policy_cache_put(ps, p->nsets - 1);
	}
	return (long)p->nsets - 1;
}

static int policy_port(struct policy_parser *ps, struct pw_policy_rule *r, char *w)
{
	bool raw_only = r->protos == PW_PROTO_BIT(PW_PROTO_RAW);
	const struct pw_policy_svcset *set;
	unsigned col = policy_at(ps, w);
	char q[48];
	long idx;
	int ret;

	if (!*w)
		return policy_fail(ps, col, "expected a port after ':'");
	if (!strcmp(w, "*")) {
		r->port_kind = PW_POLICY_PORT_ANY;
		return 0;
	}
	ret = policy_range(ps, r, w);
	if (ret <= 0)
		return ret;
	if (raw_only)
		return policy_fail(ps, col,
				   "a raw socket's port is its IP protocol: '%s' is not a number",
				   policy_quote(q, w));
	if (policy_class(r, w) == 0)
		return 0;
	idx = policy_service(ps, w);
	if (idx == -ENOENT)
		return policy_fail(ps, col, "unknown service name '%s'", policy_quote(q, w));
	if (idx < 0) {
		policy_fail(ps, col, "cannot look '%s' up (%s)", policy_quote(q, w),
			    strerror((int)-idx));
		return (int)idx;
	}
	set = &ps->p->sets[idx];
	if (!(set->protos & r->protos))
		return policy_fail(
			ps, col, "service '%s' has no %s port", policy_quote(q, w),
			r->protos == PW_POLICY_ALL_PROTOS
				? "tcp, udp or sctp"
				: pw_sock_proto_name((unsigned)__builtin_ctz(r->protos)));
	r->port_kind = PW_POLICY_PORT_SERVICE;
	r->svcset = (size_t)idx;
	return 0;
}

static int policy_endpoint(struct policy_parser *ps, struct pw_policy_rule *r, char *w)
{
	char *close = w[0] == '[' ? strchr(w, ']') : NULL;
	char *colon = strchr(close ? close : w, ':');
	int ret;

	if (w[0] == '[' && !close)
		return policy_fail(ps, policy_at(ps, w), "missing ']' after the IPv6 address");
	if (!close && colon && strchr(colon + 1, ':'))
		return policy_fail(ps, policy_at(ps, w),
				   "an IPv6 address goes in brackets: [ADDRESS]:PORT");
	if (!colon)
		return policy_fail(ps, policy_col(ps, ps->end), "missing ':PORT'");
	*colon = '\0';
	ret = policy_address(ps, r, w);
	return ret ? ret : policy_port(ps, r, colon + 1);
}

static int policy_user(struct policy_parser *ps, struct pw_policy_rule *r, const char *value,
		       unsigned col)
{
	unsigned long uid;
	char q[48];
	int rc;

	policy_quote(q, value);
	if (strspn(value, "0123456789") == strlen(value)) {
		/* (uid_t)-1 means "no uid" to the kernel: no socket has it. */
		if (pw_parse_uint(value, 0, UINT32_MAX - 1, &uid) < 0)
			return policy_fail(ps, col, "'user=%s': uid out of range", q);
		r->uid = (uint32_t)uid;
	} else {
		rc = ps->uid_of ? ps->uid_of(value, &r->uid, ps->ctx) : -ENOENT;
		if (rc == -ENOENT)
			return policy_fail(ps, col, "'user=%s': no such user", q);
		if (rc < 0) {
			policy_fail(ps, col, "'user=%s': cannot look users up (%s)", q,
				    strerror(-rc));
			return rc;
		}
	}
	r->has_uid = true;
	return 0;
}

static int policy_option(struct policy_parser *ps, struct pw_policy_rule *r, char *w)
{
	static const char *const names[] = { "process", "exe", "user", "netns" };
	char **strs[] = { &r->process, &r->exe, NULL, &r->netns };
	unsigned col = policy_at(ps, w);
	char *value = strchr(w, '=');
	char q[48];
	size_t i;

	if (!strcasecmp(w, "require")) {
		if (r->require)
			return policy_fail(ps, col, "option 'require' given twice");
		if (r->action != PW_POLICY_ALLOW)
			return policy_fail(ps, col, "'require' goes with allow only");
		r->require = true;
		return 0;
	}
	if (!value)
		return policy_fail(ps, col, "unknown option '%s' " POLICY_OPTIONS,
				   policy_quote(q, w));
	*value++ = '\0';
	if (!strcasecmp(w, "require"))
		return policy_fail(ps, col, "'require' takes no value");
	for (i = 0; i < PW_ARRAY_SIZE(names) && strcasecmp(w, names[i]); i++)
		;
	if (i == PW_ARRAY_SIZE(names))
		return policy_fail(ps, col, "unknown option '%s=' " POLICY_OPTIONS,
				   policy_quote(q, w));
	if (!*value)
		return policy_fail(ps, col, "option '%s=' needs a value", names[i]);
	if (strs[i] ? *strs[i] != NULL : r->has_uid)
		return policy_fail(ps, col, "option '%s=' given twice", names[i]);
	if (!strs[i])
		return policy_user(ps, r, value, col);
	if (strs[i] == &r->exe && value[0] != '/')
		return policy_fail(ps, col, "'exe=%s': not an absolute path",
				   policy_quote(q, value));
	*strs[i] = pw_xstrdup(value);
	return 0;
}

static int policy_words(struct policy_parser *ps, struct pw_policy_rule *r, char *w)
{
	char q[48];
	int ret;

	if (!strcasecmp(w, "allow"))
		r->action = PW_POLICY_ALLOW;
	else if (!strcasecmp(w, "deny"))
		r->action = PW_POLICY_DENY;
	else
		return policy_fail(ps, policy_at(ps, w), "expected allow or deny, not '%s'",
				   policy_quote(q, w));
	w = policy_next(ps);
	if (!w)
		return policy_fail(ps, policy_col(ps, ps->end),
				   "expected a protocol " POLICY_PROTOS);
	ret = policy_proto(ps, r, w);
	if (ret)
		return ret;
	w = policy_next(ps);
	if (!w)
		return policy_fail(ps, policy_col(ps, ps->end), "expected ADDRESS:PORT");
	ret = policy_endpoint(ps, r, w);
	while (!ret && (w = policy_next(ps)))
		ret = policy_option(ps, r, w);
	return ret;
}

/* Parse the line in ps->buf; blank and comment lines add nothing. */
static int policy_line(struct policy_parser *ps)
{
	struct pw_policy *p = ps->p;
	struct pw_policy_rule r = { .line = ps->line };
	char *w;
	int ret;

	ps->pos = ps->end = ps->tlen = 0;
	w = policy_next(ps);
	if (!w)
		return 0;
	if (p->n == PW_POLICY_RULES_MAX)
		return policy_fail(ps, policy_at(ps, w), "more than %d rules", PW_POLICY_RULES_MAX);
	ret = policy_words(ps, &r, w);
	if (ret) {
		pw_policy_rule_fini(&r);
		return ret;
	}
	r.text = pw_xstrdup(ps->text);
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->rules = pw_xrealloc(p->rules, p->cap, sizeof(*p->rules));
	}
	if (r.require) {
		/* Doubling: a policy may hold PW_POLICY_RULES_MAX required rules. */
		if ((p->nrequired & (p->nrequired - 1)) == 0)
			p->required = pw_xrealloc(p->required, p->nrequired ? p->nrequired * 2 : 1,
						  sizeof(*p->required));
		p->required[p->nrequired++] = p->n;
	}
	p->rules[p->n++] = r;
	return 0;
}

int pw_policy_parse(const char *buf, size_t len, const char *file, const struct pw_services *db,
		    pw_policy_uid_fn uid_of, void *ctx, struct pw_policy **out,
		    struct pw_error *err)
{
	struct policy_parser ps = {
		.db = db,
		.uid_of = uid_of,
		.ctx = ctx,
		.err = err,
		.file = file,
	};
	size_t pos = 0;
	int ret = 0;

	*out = NULL;
	ps.p = pw_xcalloc(1, sizeof(*ps.p));
	ps.buf = pw_xmalloc(PW_POLICY_LINE_MAX + 1);
	ps.text = pw_xmalloc(PW_POLICY_LINE_MAX + 1);
	while (pos < len && !ret) {
		const char *start = buf + pos, *nl = memchr(start, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - start) : len - pos;

		pos += n + (nl != NULL);
		ps.line++;
		/* CRLF files: the CR belongs to the line end. */
		if (n && start[n - 1] == '\r')
			n--;
		ret = policy_check_bytes(&ps, (const unsigned char *)start, n);
		if (ret)
			break;
		memcpy(ps.buf, start, n);
		ps.buf[n] = '\0';
		ret = policy_line(&ps);
	}
	free(ps.buf);
	free(ps.text);
	free(ps.slots);
	if (ret) {
		pw_policy_free(ps.p);
		return ret;
	}
	*out = ps.p;
	return 0;
}
