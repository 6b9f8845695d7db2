/* SPDX-License-Identifier: MIT */
/* Boundary: uid to user name through getpwuid_r, cached per uid. */
#include <errno.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "users.h"
#include "util.h"

/* Past this, an entry is broken rather than long: stop growing the buffer. */
#define USERS_BUF_MAX (1024 * 1024)

struct users_entry {
	uid_t uid;
	char *name; /* NULL: empty slot */
};

struct pw_users {
	struct users_entry *slots;
	size_t mask;
	size_t used;
};

struct pw_users *pw_users_new(void)
{
	struct pw_users *u = pw_xcalloc(1, sizeof(*u));

	u->mask = 63;
	u->slots = pw_xcalloc(u->mask + 1, sizeof(*u->slots));
	return u;
}

void pw_users_free(struct pw_users *u)
{
	size_t i;

	if (!u)
		return;
	for (i = 0; i <= u->mask; i++)
		free(u->slots[i].name);
	free(u->slots);
	free(u);
}

static struct users_entry *users_slot(struct users_entry *slots, size_t mask, uid_t uid)
{
	size_t i = pw_hash_u32((uint32_t)uid) & mask;

	while (slots[i].name && slots[i].uid != uid)
		i = (i + 1) & mask;
	return &slots[i];
}

/* Double the table when it is half full, so probes stay short. */
static void users_grow(struct pw_users *u)
{
	size_t mask = 2 * u->mask + 1, i;
	struct users_entry *slots = pw_xcalloc(mask + 1, sizeof(*slots));

	for (i = 0; i <= u->mask; i++) {
		if (u->slots[i].name)
			*users_slot(slots, mask, u->slots[i].uid) = u->slots[i];
	}
	free(u->slots);
	u->slots = slots;
	u->mask = mask;
}

/*
 * The passwd entry of uid, or of name when name is not NULL, into *pwd
 * with its strings in *buf (the caller frees *buf). Returns whether there
 * is one.
 */
static bool users_getpw(const char *name, uid_t uid, struct passwd *pwd, char **buf)
{
	long hint = sysconf(_SC_GETPW_R_SIZE_MAX);
	size_t size = hint > 0 ? (size_t)hint : 1024;
	struct passwd *res = NULL;
	int rc;

	*buf = NULL;
	for (;;) {
		*buf = pw_xrealloc(*buf, size, 1);
		rc = name ? getpwnam_r(name, pwd, *buf, size, &res)
			  : getpwuid_r(uid, pwd, *buf, size, &res);
		/* ERANGE: the entry does not fit the buffer (glibc's hint is a guess). */
		if (rc != ERANGE || size >= USERS_BUF_MAX)
			break;
		size *= 2;
	}
	return rc == 0 && res;
}

/* The passwd name of uid, or its decimal form; the caller frees it. */
static char *users_lookup(uid_t uid)
{
	struct passwd pwd;
	char *buf, *name = NULL;
	char num[16];

	if (users_getpw(NULL, uid, &pwd, &buf) && pwd.pw_name && pwd.pw_name[0])
		name = pw_xstrdup(pwd.pw_name);
	free(buf);
	if (!name) {
		snprintf(num, sizeof(num), "%u", (unsigned)uid);
		name = pw_xstrdup(num);
	}
	return name;
}

const char *pw_users_name(struct pw_users *u, uid_t uid)
{
	struct users_entry *e = users_slot(u->slots, u->mask, uid);

	if (e->name)
		return e->name;
	if (2 * (u->used + 1) > u->mask + 1) {
		users_grow(u);
		e = users_slot(u->slots, u->mask, uid);
	}
	e->uid = uid;
	e->name = users_lookup(uid);
	u->used++;
	return e->name;
}

int pw_users_uid(const char *name, uint32_t *uid)
{
	struct passwd pwd;
	char *buf;
	bool found = users_getpw(name, 0, &pwd, &buf);

	if (found)
		*uid = (uint32_t)pwd.pw_uid;
	free(buf);
	return found ? 0 : -ENOENT;
}
