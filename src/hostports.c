/* SPDX-License-Identifier: MIT */
/* Boundary file: reads the host's ephemeral port sysctls from /proc; ports.c parses them. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "hostports.h"

#define PW_HOSTPORTS_DIR "/proc/sys/net/ipv4/"
/*
 * The longest reserved list ("0,2,4,...,65534\n") is under 200 KiB; more
 * than this is not a sysctl.
 */
#define PW_HOSTPORTS_MAX (1u << 20)

/* Read all of path into *buf (caller frees) and *len. Returns 0 or -errno. */
static int pw_hostports_slurp(const char *path, char **buf, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *p, *grown;
	ssize_t got;
	int fd, rc = 0;

	p = malloc(cap);
	if (!p)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	while ((got = read(fd, p + n, cap - n)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = -errno;
			break;
		}
		n += (size_t)got;
		if (n < cap)
			continue;
		grown = cap < PW_HOSTPORTS_MAX ? realloc(p, cap * 2) : NULL;
		if (!grown) {
			rc = cap < PW_HOSTPORTS_MAX ? -ENOMEM : -EFBIG;
			break;
		}
		p = grown;
		cap *= 2;
	}
	close(fd);
out:
	if (rc) {
		free(p);
		return rc;
	}
	*buf = p;
	*len = n;
	return 0;
}

int pw_hostports_read(struct pw_hostports *hp)
{
	char *text = NULL;
	size_t len = 0;
	int rc, rc2;

	pw_ports_default(hp);
	rc = pw_hostports_slurp(PW_HOSTPORTS_DIR "ip_local_port_range", &text, &len);
	if (!rc)
		rc = pw_ports_parse_range(hp, text, len);
	free(text);
	text = NULL;
	rc2 = pw_hostports_slurp(PW_HOSTPORTS_DIR "ip_local_reserved_ports", &text, &len);
	if (!rc2)
		rc2 = pw_ports_parse_reserved(hp, text, len);
	free(text);
	return rc ? rc : rc2;
}
