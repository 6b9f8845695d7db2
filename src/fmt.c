/* SPDX-License-Identifier: MIT */
/* Decimal numbers and IP addresses as text, for the renderers' hot paths. */
#include "fmt.h"

#include <string.h>
#include <sys/socket.h>

/* "00" to "99": two digits per step halves the divisions. */
static const char fmt_pairs[201] = "00010203040506070809"
				   "10111213141516171819"
				   "20212223242526272829"
				   "30313233343536373839"
				   "40414243444546474849"
				   "50515253545556575859"
				   "60616263646566676869"
				   "70717273747576777879"
				   "80818283848586878889"
				   "90919293949596979899";

char *pw_fmt_str(char *p, const char *s)
{
	/* The strings are names of a few bytes: a call to strlen and memcpy costs more. */
	while (*s)
		*p++ = *s++;
	return p;
}

char *pw_fmt_u64(char *p, uint64_t v)
{
	char tmp[PW_FMT_U64_LEN];
	char *t = tmp + sizeof(tmp);
	size_t n;

	while (v >= 100) {
		unsigned d = (unsigned)(v % 100) * 2;

		v /= 100;
		*--t = fmt_pairs[d + 1];
		*--t = fmt_pairs[d];
	}
	if (v >= 10) {
		*--t = fmt_pairs[v * 2 + 1];
		*--t = fmt_pairs[v * 2];
	} else {
		*--t = (char)('0' + v);
	}
	n = (size_t)(tmp + sizeof(tmp) - t);
	memcpy(p, t, n);
	return p + n;
}

char *pw_fmt_u32(char *p, uint32_t v)
{
	/* Most values (ports, queues, uids) are short: the common cases first. */
	if (v < 10) {
		*p = (char)('0' + v);
		return p + 1;
	}
	if (v < 100) {
		memcpy(p, fmt_pairs + v * 2, 2);
		return p + 2;
	}
	return pw_fmt_u64(p, v);
}

static char *fmt_addr4(char *p, const uint8_t *a)
{
	for (int i = 0; i < 4; i++) {
		if (i)
			*p++ = '.';
		p = pw_fmt_u32(p, a[i]);
	}
	return p;
}

static char *fmt_hex16(char *p, unsigned w)
{
	static const char hex[] = "0123456789abcdef";
	int shift = w >= 0x1000 ? 12 : w >= 0x100 ? 8 : w >= 0x10 ? 4 : 0;

	for (; shift >= 0; shift -= 4)
		*p++ = hex[(w >> shift) & 0xf];
	return p;
}

/*
 * glibc's rules (resolv/inet_ntop.c): the zero run to compress is the
 * longest one of at least two groups, the first one on a tie; a run of
 * exactly the first 6 groups, or of the first 5 before ffff, prints the
 * last two groups as an IPv4 address.
 */
static char *fmt_addr6(char *p, const uint8_t *a)
{
	unsigned w[8];
	int best = -1, best_len = 0, cur = -1, cur_len = 0;

	for (int i = 0; i < 8; i++) {
		w[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
		if (w[i] == 0) {
			if (cur < 0)
				cur = i, cur_len = 0;
			if (++cur_len > best_len)
				best = cur, best_len = cur_len;
		} else {
			cur = -1;
		}
	}
	if (best_len < 2)
		best = -1;
	for (int i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + best_len) {
			if (i == best)
				*p++ = ':';
			continue;
		}
		if (i)
			*p++ = ':';
		if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && w[5] == 0xffff)))
			return fmt_addr4(p, a + 12);
		p = fmt_hex16(p, w[i]);
	}
	if (best >= 0 && best + best_len == 8)
		*p++ = ':';
	return p;
}

char *pw_fmt_addr(char *p, int family, const uint8_t addr[16])
{
	return family == AF_INET6 ? fmt_addr6(p, addr) : fmt_addr4(p, addr);
}
