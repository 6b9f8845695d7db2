/* SPDX-License-Identifier: MIT */
/*
 * Integration helper: run a command in a sandbox without sock_diag, as a
 * seccomp filter of a container runtime would make it.
 *
 *   nodiag ERRNO COMMAND [ARG]...
 *
 * Installs a seccomp filter under which socket(AF_NETLINK, any type,
 * NETLINK_SOCK_DIAG) fails with ERRNO (a number: 13 EACCES, 93
 * EPROTONOSUPPORT...) and everything else is allowed, then executes
 * COMMAND. Exits 127 when it cannot.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define NODIAG_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NODIAG_ARCH AUDIT_ARCH_AARCH64
#endif

#define NODIAG_ARG(n) offsetof(struct seccomp_data, args[n])

int main(int argc, char *argv[])
{
	unsigned long err;
	char *end;

	if (argc < 3) {
		fputs("usage: nodiag ERRNO COMMAND [ARG]...\n", stderr);
		return 127;
	}
	err = strtoul(argv[1], &end, 10);
	if (*end || err == 0 || err > 4095) {
		fprintf(stderr, "nodiag: %s: not an errno number\n", argv[1]);
		return 127;
	}
#ifdef NODIAG_ARCH
	{
		/* The low 32 bits of each argument are compared: they hold the whole int. */
		struct sock_filter prog[] = {
			BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NODIAG_ARCH, 1, 0),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
			BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_socket, 1, 0),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
			BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NODIAG_ARG(0)),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_NETLINK, 1, 0),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
			BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NODIAG_ARG(2)),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NETLINK_SOCK_DIAG, 1, 0),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (uint32_t)err),
		};
		struct sock_fprog fprog = { .len = sizeof(prog) / sizeof(prog[0]), .filter = prog };

		/* Unprivileged filters need no_new_privs; it also keeps setuid bits inert. */
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) < 0) {
			fprintf(stderr, "nodiag: seccomp: %s\n", strerror(errno));
			return 127;
		}
	}
#else
	fputs("nodiag: no seccomp architecture known for this machine\n", stderr);
	return 127;
#endif
	execvp(argv[2], argv + 2);
	fprintf(stderr, "nodiag: %s: %s\n", argv[2], strerror(errno));
	return 127;
}
