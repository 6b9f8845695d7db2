/* SPDX-License-Identifier: MIT */
/* What the socket-holding helpers (sockmix, sockfarm, benchtime) share: dying and loopback. */
#ifndef PW_HELPER_H
#define PW_HELPER_H

/*
 * Print "<program>: <step>: <strerror(errno)> (errno N)" on stderr and exit
 * 1. <program> is the name the helper was run by; fmt says the step.
 */
void __attribute__((noreturn, format(printf, 1, 2))) helper_die(const char *fmt, ...);

/* Bring the loopback interface up (a fresh network namespace starts with it down), or die. */
void helper_lo_up(void);

#endif
