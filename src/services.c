/* SPDX-License-Identifier: MIT */
/* Service names: the built-in IANA table, services(5) text over it, O(1) lookup by port. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "services.h"

/* System services per chunk; chunks never move, so lookups can lend them. */
#define PW_SVC_CHUNK 256u
#define PW_SVC_BLOCK 4096u

/* The proto value of each table, for pw_services_find's callback. */
static const unsigned services_table_proto[PW_SVC_IANA_TABLES] = {
	PW_PROTO_TCP,
	PW_PROTO_UDP,
	PW_PROTO_SCTP,
	PW_SVC_PROTO_DCCP,
};

/* The system file's services by (port, table): open addressing, linear probing. */
struct pw_services_slot {
	uint32_t key; /* (port << 2 | table) + 1; 0 is empty */
	uint32_t svc; /* index of its system service */
};

/* A name or alias from a services file, for pw_services_find. */
struct pw_services_name {
	const char *name;
	uint16_t port;
	uint8_t table;
};

/* Storage for the system file's strings; blocks never move. */
struct pw_services_block {
	struct pw_services_block *next;
	size_t used;
	size_t size;
	char text[];
};

struct pw_services {
	/*
	 * The built-in services, by entry, filled as lookups first ask for
	 * them: a listing asks for a few dozen, and filling all 11 600 up
	 * front costs some 70 page faults (about 0.15 ms) on every run.
	 */
	struct pw_service *cache;
	struct pw_services_slot *slots; /* 1 << slot_bits of them */
	unsigned slot_bits;
	struct pw_service **chunks; /* system services */
	size_t nsystem;
	struct pw_services_name *names;
	size_t nnames;
	size_t names_cap;
	struct pw_services_block *blocks;
};

/*
 * Names people say that are not registry keywords, with the keywords they
 * mean. Names people say that are keywords already (SSH, HTTP, MySQL...)
 * need no entry.
 */
#define PW_SVC_SAID_MAX 3

static const struct {
	const char *say;
	const char *keywords[PW_SVC_SAID_MAX];
} pw_services_said[] = {
	{ "ftp", { "ftp-data", "ftp" } },
	{ "dns", { "domain" } },
	{ "dhcp", { "bootps", "bootpc" } },
	{ "netbios", { "netbios-ns", "netbios-dgm", "netbios-ssn" } },
	{ "imap4", { "imap" } },
	{ "snmp trap", { "snmptrap" } },
	/* RFC 8314 implicit-TLS submission, what mail clients call SMTPS. */
	{ "smtps", { "submissions" } },
	/* RIP (RFC 2453) is IANA's "router" on 520/udp; 520/tcp is efs. */
	{ "rip", { "router" } },
	/* Linux-HA Heartbeat, registered as ha-cluster (the keyword heartbeat is 3740's). */
	{ "heartbeat", { "ha-cluster" } },
	{ "imap4 over ssl", { "imaps" } },
	{ "pop3 over ssl", { "pop3s" } },
	/* Remote Desktop Protocol, registered as Microsoft's "WBT Server". */
	{ "rdp", { "ms-wbt-server" } },
};

static int services_table(unsigned proto)
{
	switch (proto) {
	case PW_PROTO_TCP:
		return PW_SVC_IANA_TCP;
	case PW_PROTO_UDP:
	case PW_PROTO_UDPLITE: /* UDP's names, as ss prints them */
		return PW_SVC_IANA_UDP;
	case PW_PROTO_SCTP:
		return PW_SVC_IANA_SCTP;
	case PW_SVC_PROTO_DCCP:
		return PW_SVC_IANA_DCCP;
	default:
		return -1;
	}
}

static const char *services_desc(uint32_t offset)
{
	return offset ? pw_services_iana_descs + offset : NULL;
}

struct pw_services *pw_services_new(void)
{
	struct pw_services *db;

	db = calloc(1, sizeof(*db));
	if (!db)
		return NULL;
	/* Zeroed pages cost nothing until a lookup fills them. */
	db->cache = calloc(pw_services_iana_count, sizeof(*db->cache));
	if (!db->cache) {
		free(db);
		return NULL;
	}
	return db;
}

void pw_services_free(struct pw_services *db)
{
	struct pw_services_block *b, *next;
	size_t i;

	if (!db)
		return;
	for (b = db->blocks; b; b = next) {
		next = b->next;
		free(b);
	}
	for (i = 0; i < db->nsystem; i += PW_SVC_CHUNK)
		free(db->chunks[i / PW_SVC_CHUNK]);
	free(db->chunks);
	free(db->names);
	free(db->slots);
	free(db->cache);
	free(db);
}

/* The built-in entry for (port, table), or -1. */
static long services_builtin_at(int table, uint16_t port)
{
	const struct pw_services_iana_index *ix = &pw_services_iana_index[table];
	uint64_t word = ix->bits[port / 64];
	unsigned bit = port % 64;

	if (!((word >> bit) & 1))
		return -1;
	return (long)ix->base + ix->rank[port / 64] +
	       __builtin_popcountll(word & ((UINT64_C(1) << bit) - 1));
}

static const struct pw_service *services_builtin(const struct pw_services *db, long i)
{
	const struct pw_services_iana_entry *e = &pw_services_iana_entries[i];
	struct pw_service *s = &db->cache[i];

	if (s->source == PW_SVC_NONE) {
		s->name = pw_services_iana_names + e->name;
		s->description = services_desc(e->desc);
		s->source = PW_SVC_BUILTIN;
	}
	return s;
}

static uint32_t services_key(uint16_t port, int table)
{
	return ((uint32_t)port << 2 | (uint32_t)table) + 1;
}

/* The slot holding key, or the empty one where it would go. db->slots must exist. */
static struct pw_services_slot *services_slot_of(const struct pw_services *db, uint32_t key)
{
	size_t mask = ((size_t)1 << db->slot_bits) - 1;
	/* Fibonacci hashing: the top bits of the product spread nearby ports. */
	size_t i = (uint32_t)(key * 2654435761u) >> (32 - db->slot_bits);

	while (db->slots[i].key && db->slots[i].key != key)
		i = (i + 1) & mask;
	return &db->slots[i];
}

/* Double the hash table (or create it), keeping it at most half full. */
static int services_grow(struct pw_services *db)
{
	struct pw_services_slot *old = db->slots;
	size_t oldcap = old ? (size_t)1 << db->slot_bits : 0, i;
	unsigned bits = old ? db->slot_bits + 1 : 8;

	db->slots = calloc((size_t)1 << bits, sizeof(*db->slots));
	if (!db->slots) {
		db->slots = old;
		return -ENOMEM;
	}
	db->slot_bits = bits;
	for (i = 0; i < oldcap; i++)
		if (old[i].key)
			*services_slot_of(db, old[i].key) = old[i];
	free(old);
	return 0;
}

/* Copy len bytes of s, NUL-terminated, into db's string blocks. */
static const char *services_strdup(struct pw_services *db, const char *s, size_t len)
{
	struct pw_services_block *b = db->blocks;
	char *copy;

	if (!b || b->size - b->used < len + 1) {
		size_t size = len + 1 > PW_SVC_BLOCK ? len + 1 : PW_SVC_BLOCK;

		b = malloc(sizeof(*b) + size);
		if (!b)
			return NULL;
		b->next = db->blocks;
		b->used = 0;
		b->size = size;
		db->blocks = b;
	}
	copy = b->text + b->used;
	memcpy(copy, s, len);
	copy[len] = '\0';
	b->used += len + 1;
	return copy;
}

static struct pw_service *services_system_new(struct pw_services *db, uint32_t *index)
{
	size_t chunk = db->nsystem / PW_SVC_CHUNK;

	if (db->nsystem % PW_SVC_CHUNK == 0) {
		struct pw_service **chunks = realloc(db->chunks, (chunk + 1) * sizeof(*chunks));

		if (!chunks)
			return NULL;
		db->chunks = chunks;
		chunks[chunk] = malloc(PW_SVC_CHUNK * sizeof(**chunks));
		if (!chunks[chunk])
			return NULL;
	}
	*index = (uint32_t)db->nsystem;
	return &db->chunks[chunk][db->nsystem++ % PW_SVC_CHUNK];
}

static int services_name_add(struct pw_services *db, const char *name, uint16_t port, int table)
{
	if (db->nnames == db->names_cap) {
		size_t cap = db->names_cap ? db->names_cap * 2 : 256;
		struct pw_services_name *names = realloc(db->names, cap * sizeof(*names));

		if (!names)
			return -ENOMEM;
		db->names = names;
		db->names_cap = cap;
	}
	db->names[db->nnames++] = (struct pw_services_name){ name, port, (uint8_t)table };
	return 0;
}

/* True when name is one of the system names db->names[first...]. */
static bool services_named(const struct pw_services *db, size_t first, const char *name)
{
	for (; first < db->nnames; first++)
		if (!strcasecmp(db->names[first].name, name))
			return true;
	return false;
}

/*
 * IANA's description for a system line whose names are db->names[first...]:
 * that of the built-in name for (port, table) the line also uses, so that a
 * local name never borrows the description of an unrelated registration.
 */
static const char *services_describe(const struct pw_services *db, uint16_t port, int table,
				     size_t first)
{
	const struct pw_services_iana_alias *a = pw_services_iana_aliases;
	const struct pw_services_iana_entry *e;
	long i = services_builtin_at(table, port);
	size_t lo = 0, hi = pw_services_iana_nalias, mid, k;

	if (i < 0)
		return NULL;
	e = &pw_services_iana_entries[i];
	if (services_named(db, first, pw_services_iana_names + e->name))
		return services_desc(e->desc);
	if (!e->aliases)
		return NULL;
	/* The entry's aliases are adjacent: find the first. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (a[mid].entry < (uint32_t)i)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = lo; k < lo + e->aliases; k++)
		if (services_named(db, first, pw_services_iana_names + a[k].name))
			return services_desc(a[k].desc);
	return NULL;
}

/* A token of a services line: up to a separator (CRLF's CR is one). */
struct pw_services_tok {
	const char *p;
	size_t len;
};

static bool services_is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool services_next(const char **p, const char *end, struct pw_services_tok *t)
{
	const char *s = *p;

	while (s < end && services_is_sep(*s))
		s++;
	t->p = s;
	while (s < end && !services_is_sep(*s))
		s++;
	t->len = (size_t)(s - t->p);
	*p = s;
	return t->len > 0;
}

/* Printable ASCII only: names reach terminals and JSON unescaped. */
static bool services_valid_name(const struct pw_services_tok *t)
{
	size_t i;

	if (t->len > PW_SVC_NAME_MAX)
		return false;
	for (i = 0; i < t->len; i++)
		if (t->p[i] < '!' || t->p[i] > '~')
			return false;
	return true;
}

/* "port/proto": the table, -ENOENT for a protocol we keep no names for, or -EINVAL. */
static int services_port_proto(const struct pw_services_tok *t, uint16_t *port)
{
	static const char *const protos[PW_SVC_IANA_TABLES] = { "tcp", "udp", "sctp", "dccp" };
	unsigned long v = 0;
	size_t i, plen;
	int table;

	for (i = 0; i < t->len && t->p[i] >= '0' && t->p[i] <= '9'; i++) {
		v = v * 10 + (unsigned long)(t->p[i] - '0');
		if (v > UINT16_MAX)
			return -EINVAL;
	}
	if (i == 0 || i + 1 >= t->len || t->p[i] != '/')
		return -EINVAL;
	*port = (uint16_t)v;
	plen = t->len - i - 1;
	for (table = 0; table < PW_SVC_IANA_TABLES; table++)
		if (strlen(protos[table]) == plen && !memcmp(protos[table], t->p + i + 1, plen))
			return table;
	return -ENOENT;
}

/* Record a well-formed line: its names, and its port unless an earlier line has it. */
static int services_commit(struct pw_services *db, const struct pw_services_tok *name,
			   uint16_t port, int table, const char *p, const char *end)
{
	uint32_t key = services_key(port, table);
	struct pw_services_tok tok = *name;
	struct pw_services_slot *slot;
	size_t first = db->nnames;
	struct pw_service *svc;
	const char *copy;
	uint32_t index;

	do {
		copy = services_strdup(db, tok.p, tok.len);
		if (!copy || services_name_add(db, copy, port, table) < 0)
			return -ENOMEM;
	} while (services_next(&p, end, &tok));

	if (db->slots && services_slot_of(db, key)->key)
		return 0; /* first line wins, as in glibc */
	if ((!db->slots || (db->nsystem + 1) * 2 > (size_t)1 << db->slot_bits) &&
	    services_grow(db) < 0)
		return -ENOMEM;
	svc = services_system_new(db, &index);
	if (!svc)
		return -ENOMEM;
	svc->name = db->names[first].name;
	svc->description = services_describe(db, port, table, first);
	svc->source = PW_SVC_SYSTEM;
	slot = services_slot_of(db, key);
	slot->key = key;
	slot->svc = index;
	return 0;
}

/*
 * Parse one line (without its '\n'). Returns 1 when it names a port, 0 when
 * it names none (blank, comment, a protocol we do not keep), -EINVAL when it
 * is malformed, -ENOMEM.
 */
static int services_parse_line(struct pw_services *db, const char *line, size_t len)
{
	const char *end = memchr(line, '#', len);
	struct pw_services_tok name, pp, alias;
	const char *p = line, *aliases;
	uint16_t port;
	int table, rc;

	/* A NUL means binary junk, whatever the rest of the line looks like. */
	if (memchr(line, '\0', len))
		return -EINVAL;
	if (!end)
		end = line + len;
	if (!services_next(&p, end, &name))
		return 0;
	if (!services_valid_name(&name) || !services_next(&p, end, &pp))
		return -EINVAL;
	table = services_port_proto(&pp, &port);
	if (table == -EINVAL)
		return -EINVAL;
	aliases = p;
	while (services_next(&p, end, &alias))
		if (!services_valid_name(&alias))
			return -EINVAL;
	if (table < 0)
		return 0;
	rc = services_commit(db, &name, port, table, aliases, end);
	return rc < 0 ? rc : 1;
}

int pw_services_load_buffer(struct pw_services *db, const char *buf, size_t len,
			    struct pw_services_stats *st)
{
	struct pw_services_stats stats = { 0, 0, 0 };
	const char *line, *nl;
	unsigned lineno = 0;
	size_t off = 0, n;
	int rc = 0;

	while (!rc && off < len) {
		line = buf + off;
		nl = memchr(line, '\n', len - off);
		n = nl ? (size_t)(nl - line) : len - off;
		off += n + (nl != NULL);
		lineno++;
		rc = services_parse_line(db, line, n);
		if (rc == -EINVAL) {
			if (!stats.malformed++)
				stats.first_bad_line = lineno;
		} else if (rc > 0) {
			stats.entries++;
		}
		if (rc != -ENOMEM)
			rc = 0;
	}
	if (st)
		*st = stats;
	return rc;
}

const struct pw_service *pw_services_lookup(const struct pw_services *db, uint16_t port,
					    unsigned proto)
{
	const struct pw_services_slot *slot;
	int table = services_table(proto);
	long i;

	if (table < 0)
		return NULL;
	if (db->nsystem) {
		slot = services_slot_of(db, services_key(port, table));
		if (slot->key)
			return &db->chunks[slot->svc / PW_SVC_CHUNK][slot->svc % PW_SVC_CHUNK];
	}
	i = services_builtin_at(table, port);
	return i < 0 ? NULL : services_builtin(db, i);
}

/* (port, proto) pairs found by name, as port << 3 | proto so they sort in order. */
struct pw_services_hits {
	uint32_t *v;
	size_t n;
	size_t cap;
};

static int services_hit(struct pw_services_hits *h, uint16_t port, unsigned proto)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 16;
		uint32_t *v = realloc(h->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		h->v = v;
		h->cap = cap;
	}
	h->v[h->n++] = (uint32_t)port << 3 | proto;
	return 0;
}

static int services_match(const struct pw_services *db, const char *name,
			  struct pw_services_hits *h)
{
	const struct pw_services_iana_entry *e;
	size_t i;

	for (i = 0; i < pw_services_iana_count; i++) {
		e = &pw_services_iana_entries[i];
		if (!strcasecmp(pw_services_iana_names + e->name, name) &&
		    services_hit(h, e->port, e->proto) < 0)
			return -ENOMEM;
	}
	for (i = 0; i < pw_services_iana_nalias; i++) {
		e = &pw_services_iana_entries[pw_services_iana_aliases[i].entry];
		if (!strcasecmp(pw_services_iana_names + pw_services_iana_aliases[i].name, name) &&
		    services_hit(h, e->port, e->proto) < 0)
			return -ENOMEM;
	}
	for (i = 0; i < db->nnames; i++)
		if (!strcasecmp(db->names[i].name, name) &&
		    services_hit(h, db->names[i].port, services_table_proto[db->names[i].table]) <
			    0)
			return -ENOMEM;
	return 0;
}

static int services_cmp_hit(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

int pw_services_find(const struct pw_services *db, const char *name, pw_service_cb cb, void *data)
{
	struct pw_services_hits h = { NULL, 0, 0 };
	size_t i, k, n = 0;
	int rc;

	rc = services_match(db, name, &h);
	for (i = 0; !rc && i < sizeof(pw_services_said) / sizeof(pw_services_said[0]); i++) {
		if (strcasecmp(pw_services_said[i].say, name))
			continue;
		for (k = 0; !rc && k < PW_SVC_SAID_MAX && pw_services_said[i].keywords[k]; k++)
			rc = services_match(db, pw_services_said[i].keywords[k], &h);
	}
	if (rc)
		goto out;
	if (h.n)
		qsort(h.v, h.n, sizeof(*h.v), services_cmp_hit);
	for (i = 0; i < h.n; i++) {
		if (i && h.v[i] == h.v[i - 1])
			continue;
		n++;
		if (cb) {
			rc = cb((uint16_t)(h.v[i] >> 3), h.v[i] & 7u, data);
			if (rc)
				goto out;
		}
	}
	rc = (int)n;
out:
	free(h.v);
	return rc;
}

const char *pw_services_source_name(enum pw_svc_source source)
{
	switch (source) {
	case PW_SVC_SYSTEM:
		return "system";
	case PW_SVC_BUILTIN:
		return "builtin";
	default:
		return NULL;
	}
}
