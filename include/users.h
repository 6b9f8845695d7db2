/* SPDX-License-Identifier: MIT */
/* User names by uid, looked up once per uid and cached for the run. */
#ifndef PW_USERS_H
#define PW_USERS_H

#include <stdint.h>
#include <sys/types.h>

struct pw_users;

/* An empty cache; free with pw_users_free. */
struct pw_users *pw_users_new(void);

/* Free u and every name in it; NULL is allowed. */
void pw_users_free(struct pw_users *u);

/*
 * The name of uid from the passwd database (getpwuid_r, which may ask NSS
 * services such as LDAP: hence the cache), or uid in decimal when it has
 * none or the lookup fails. Never NULL; borrowed from u until
 * pw_users_free. Names are raw bytes from the database: callers escape them.
 */
const char *pw_users_name(struct pw_users *u, uid_t uid);

/*
 * The uid of user name in the passwd database (getpwnam_r, uncached: for
 * the few names options and policies give). Returns 0, or -ENOENT when
 * there is no such user or the lookup fails.
 */
int pw_users_uid(const char *name, uint32_t *uid);

#endif
