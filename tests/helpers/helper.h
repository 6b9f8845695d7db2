/* SPDX-License-Identifier: MIT */
/* What the socket-holding helpers (sockmix, sockfarm, benchtime) share: dying, numbers, loopback, orphans. */
#ifndef PW_HELPER_H
#define PW_HELPER_H

/*
 * Print "<program>: <step>: <strerror(errno)> (errno N)" on stderr and exit
 * 1. <program> is the name the helper was run by; fmt says the step.
 */
void __attribute__((noreturn, format(printf, 1, 2))) helper_die(const char *fmt, ...);

/* Parse a whole decimal number in [min, max] ("5x", "-1", "" refused); returns 0 or -EINVAL. */
int helper_parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out);

/* Bring the loopback interface up (a fresh network namespace starts with it down), or die. */
void helper_lo_up(void);

/*
 * Send fd over the socket pair's pair[0], where nobody reads it, and close
 * it, or die: the socket lives on in flight, in no /proc/PID/fd, as one
 * whose holder died or hid would. Keep the pair open: the kernel keeps what
 * it carries.
 */
void helper_send_away(const int pair[2], int fd);

#endif
