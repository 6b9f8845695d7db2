/* SPDX-License-Identifier: MIT */
/* Numbers and addresses as text, written by hand into caller buffers: no printf, no locale. */
#ifndef PW_FMT_H
#define PW_FMT_H

#include <stdint.h>
#include <string.h>

/* Most bytes pw_fmt_u64 writes (UINT64_MAX has 20 digits). */
#define PW_FMT_U64_LEN 20

/* Most bytes pw_fmt_addr writes: "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff". */
#define PW_FMT_ADDR_LEN 39

/* Copy the string literal lit to p, without its NUL. Evaluates to the end. */
#define PW_FMT_LIT(p, lit) ((char *)memcpy((p), "" lit, sizeof(lit) - 1) + sizeof(lit) - 1)

/* Copy the string s to p, without its NUL (stpcpy that leaves none). Returns the end. */
char *pw_fmt_str(char *p, const char *s);

/* Write v in decimal at p, without a NUL. Returns the end. */
char *pw_fmt_u32(char *p, uint32_t v);
char *pw_fmt_u64(char *p, uint64_t v);

/*
 * Write the address of family (AF_INET6, or else AF_INET: the first 4 bytes)
 * at p, without brackets or NUL, exactly as glibc's inet_ntop(3) writes it:
 * lower-case hex, the longest run of two or more zero groups (the first of
 * equals) as "::", and the last 32 bits dotted for ::ffff:0:0/96 and for
 * ::/96 but "::" and "::1" (IPv4-mapped and IPv4-compatible addresses).
 * Returns the end; at most PW_FMT_ADDR_LEN bytes are written.
 */
char *pw_fmt_addr(char *p, int family, const uint8_t addr[16]);

#endif
