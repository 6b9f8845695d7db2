/* SPDX-License-Identifier: MIT */
/* Boundary file: reads the host's ephemeral port sysctls from /proc; ports.c parses them. */
#include <stdlib.h>

#include "fileio.h"
#include "hostports.h"

#define PW_HOSTPORTS_DIR "/proc/sys/net/ipv4/"
/*
 * The longest reserved list ("0,2,4,...,65534\n") is under 200 KiB; more
 * than this is not a sysctl.
 */
#define PW_HOSTPORTS_MAX (1u << 20)

int pw_hostports_read(struct pw_hostports *hp)
{
	char *text = NULL;
	size_t len = 0;
	int rc, rc2;

	pw_ports_default(hp);
	rc = pw_file_read(PW_HOSTPORTS_DIR "ip_local_port_range", PW_HOSTPORTS_MAX, &text, &len);
	if (!rc)
		rc = pw_ports_parse_range(hp, text, len);
	free(text);
	text = NULL;
	rc2 = pw_file_read(PW_HOSTPORTS_DIR "ip_local_reserved_ports", PW_HOSTPORTS_MAX, &text,
			   &len);
	if (!rc2)
		rc2 = pw_ports_parse_reserved(hp, text, len);
	free(text);
	return rc ? rc : rc2;
}
