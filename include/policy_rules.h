/* SPDX-License-Identifier: MIT */
/* Private to the policy module: the rules policy_parse.c builds and policy.c judges. */
#ifndef PW_POLICY_RULES_H
#define PW_POLICY_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy.h"

/* Every protocol: what `any` stands for. */
#define PW_POLICY_ALL_PROTOS ((uint8_t)(PW_PROTO_BIT(PW_PROTO_COUNT) - 1))

enum pw_policy_addr {
	PW_POLICY_ADDR_ANY,
	PW_POLICY_ADDR_LOOPBACK,
	PW_POLICY_ADDR_NET, /* family, addr, prefix */
};

enum pw_policy_port {
	PW_POLICY_PORT_ANY,
	PW_POLICY_PORT_RANGE, /* lo-hi; also a raw socket's IP protocol */
	PW_POLICY_PORT_CLASS, /* lo-hi of an IANA class */
	PW_POLICY_PORT_EPHEMERAL,
	PW_POLICY_PORT_SERVICE, /* the ports of sets[svcset] */
};

/* One port a service name denotes, and on which protocols. */
struct pw_policy_svc {
	uint16_t port;
	uint8_t protos; /* PW_PROTO_BIT() mask */
};

/* What one service name resolved to; rules naming it share it. */
struct pw_policy_svcset {
	char *key;		 /* the name, lower-cased */
	struct pw_policy_svc *v; /* by port, each port once */
	size_t n;
	uint8_t protos; /* the union of v[].protos */
};

struct pw_policy_rule {
	char *text;    /* the words as written, joined by one space */
	char *process; /* NULL: any */
	char *exe;     /* NULL: any */
	char *netns;   /* NULL: any */
	size_t svcset;
	unsigned line;
	uint32_t uid;
	uint16_t lo;
	uint16_t hi;
	uint8_t action;	   /* PW_POLICY_ALLOW or PW_POLICY_DENY */
	uint8_t protos;	   /* PW_PROTO_BIT() mask */
	uint8_t addr_kind; /* enum pw_policy_addr */
	uint8_t port_kind; /* enum pw_policy_port */
	uint8_t family;	   /* AF_INET or AF_INET6; IPv4-mapped rules are stored as AF_INET */
	uint8_t prefix;
	bool has_uid;
	bool require;
	uint8_t addr[16]; /* network byte order */
};

struct pw_policy {
	struct pw_policy_rule *rules; /* in file order, so by line */
	size_t n;
	size_t cap;
	size_t *required; /* indexes of the `require` rules */
	size_t nrequired;
	struct pw_policy_svcset *sets;
	size_t nsets;
};

/* Free what r holds (not r itself). */
void pw_policy_rule_fini(struct pw_policy_rule *r);

#endif
