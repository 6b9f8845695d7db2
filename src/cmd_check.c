/* SPDX-License-Identifier: MIT */
/* The check command: policy and baseline from files, listeners from the kernel, results out. */
#include "cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "atomicfile.h"
#include "check.h"
#include "fileio.h"
#include "users.h"

#define CHECK_POLICY_DEFAULT "/etc/portwatch/policy"
/* A policy of PW_POLICY_RULES_MAX lines of a hundred bytes fits. */
#define CHECK_POLICY_MAX (16u << 20)

struct check_run {
	const struct pw_opts *o;
	struct pw_cmd_session s;
	struct pw_policy *policy;
	struct pw_baseline *baseline;
	struct pw_listeners listeners;
	struct pw_check_result res;
	struct pw_check_meta meta;
	char error[1024];
	bool error_said; /* the session said the error on stderr already */
	bool judged;
};

/* Record why the check could not run; the first reason stays. Returns -EINVAL. */
__attribute__((format(printf, 2, 3))) static int check_fail(struct check_run *c, const char *fmt,
							    ...)
{
	va_list ap;

	if (c->meta.error)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(c->error, sizeof(c->error), fmt, ap);
	va_end(ap);
	c->meta.error = c->error;
	return -EINVAL;
}

/*
 * Open a file that decides what is expected. As root it must be root's
 * and writable by no one else, and so must every folder and link on the
 * way to it: otherwise a local user could allow a listener. The content
 * is read from the descriptor that was judged.
 */
static int check_read(struct check_run *c, const char *what, const char *path, size_t max,
		      char **text, size_t *len)
{
	char why[512];
	int fd = pw_file_open_strict(path, why, sizeof(why)), err;

	if (fd == -EPERM)
		return check_fail(c, "%s refused: %s (" PW_FILE_TRUST_HINT ")", what, why);
	if (fd < 0)
		return check_fail(c, "%s: %s", path,
				  fd == -EINVAL ? "not a regular file" : strerror(-fd));
	err = pw_file_read_fd(fd, max, text, len);
	close(fd);
	if (err < 0)
		return check_fail(c, "%s: %s", path,
				  err == -EFBIG ? "file too large" : strerror(-err));
	return 0;
}

static int check_uid_of(const char *name, uint32_t *uid, void *ctx)
{
	(void)ctx;
	return pw_users_uid(name, uid);
}

/*
 * Whether the default policy is absent: only when nothing is at its name.
 * lstat, not access: a symbolic link whose target is gone (a mount not up,
 * a file removed by mistake) is a broken policy, not "no policy", and so
 * is a name that cannot be looked at. Returns 1 when absent, 0 when there
 * is something to read, or check_fail's error naming the file.
 */
static int check_policy_absent(struct check_run *c, const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 1 : check_fail(c, "%s: %s", path, strerror(errno));
	if (S_ISLNK(st.st_mode) && stat(path, &st) < 0)
		return check_fail(
			c, "%s: %s", path,
			errno == ENOENT
				? "a symbolic link to a file that does not exist (a missing "
				  "policy is not no policy: mend or remove the link)"
				: strerror(errno));
	return 0;
}

static int check_load_policy(struct check_run *c)
{
	const char *path = c->o->policy_file ? c->o->policy_file : CHECK_POLICY_DEFAULT;
	struct pw_error err = { 0 };
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (!c->o->policy_file && (rc = check_policy_absent(c, path)) != 0) {
		if (rc < 0)
			return rc;
		/* Without --policy, a baseline alone is a complete check. */
		if (c->o->baseline_file)
			return 0;
		return check_fail(c,
				  "no policy: %s does not exist; write one (portwatch snapshot "
				  "--format policy shows what listens now) or give --policy FILE "
				  "or --baseline FILE",
				  path);
	}
	c->meta.policy_file = path;
	if (check_read(c, "policy", path, CHECK_POLICY_MAX, &text, &len) < 0)
		return -EINVAL;
	rc = pw_policy_parse(text, len, path, c->s.db, check_uid_of, NULL, &c->policy, &err);
	free(text);
	if (rc < 0)
		return check_fail(c, "%s:%u:%u: %s", path, err.line, err.col, err.msg);
	return 0;
}

static int check_load_baseline(struct check_run *c)
{
	const char *path = c->o->baseline_file;
	struct pw_error err = { 0 };
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (!path)
		return 0;
	c->meta.baseline_file = path;
	if (check_read(c, "baseline", path, PW_BASELINE_MAX_SIZE, &text, &len) < 0)
		return -EINVAL;
	rc = pw_baseline_parse(text, len, path, &c->baseline, &err);
	free(text);
	if (rc < 0)
		return check_fail(c, "%s:%u:%u: %s", path, err.line, err.col, err.msg);
	return 0;
}

static double check_clock(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct check_prom {
	const struct check_run *c;
	double start;
};

static int check_prom_fill(FILE *f, void *data)
{
	const struct check_prom *p = data;
	const struct check_run *c = p->c;

	pw_check_prometheus(f, c->judged ? &c->res : NULL, &c->listeners,
			    check_clock(CLOCK_REALTIME), check_clock(CLOCK_MONOTONIC) - p->start);
	return 0;
}

/* Each line that says why the check is UNKNOWN without being a finding. */
typedef void (*check_reason_cb)(const char *line, void *data);

static void check_reasons(const struct check_run *c, check_reason_cb cb, void *data)
{
	if (c->meta.error)
		cb(c->meta.error, data);
	for (unsigned p = 0; c->judged && p < PW_PROTO_COUNT; p++) {
		char *line = NULL;
		size_t size;
		FILE *m;

		if (c->res.need[p].need == PW_NEED_NONE)
			continue;
		m = pw_xmemstream(&line, &size);
		pw_check_unseen_line(m, &c->res, p, &c->meta);
		fclose(m);
		cb(line, data);
		free(line);
	}
}

static void check_syslog_reason(const char *line, void *data)
{
	char *text = NULL;
	size_t size;
	FILE *m = pw_xmemstream(&text, &size);

	(void)data;
	/* A reason may quote a path or name someone typed: escaped as the findings are. */
	pw_term_string(m, line);
	fclose(m);
	syslog(LOG_ERR, "UNKNOWN %s", text);
	free(text);
}

static void check_syslog(const struct check_run *c)
{
	openlog("portwatch", LOG_PID, LOG_DAEMON);
	check_reasons(c, check_syslog_reason, NULL);
	for (size_t i = 0; c->judged && i < c->res.n; i++) {
		const struct pw_finding *fd = &c->res.findings[i];
		char *line = NULL;
		size_t size;
		FILE *m = pw_xmemstream(&line, &size);

		pw_check_finding_line(m, fd, &c->meta);
		fclose(m);
		syslog(fd->severity == PW_STATUS_CRITICAL ? LOG_CRIT : LOG_WARNING, "%s", line);
		free(line);
	}
	closelog();
}

static void check_say_reason(const char *line, void *data)
{
	const struct check_run *c = data;

	/* The session's own message is on stderr already. */
	if (line == c->meta.error && c->error_said)
		return;
	pw_cmd_error(NULL, 0, "check: %s", line);
}

/*
 * Text output: findings go to stdout; why the check is UNKNOWN otherwise
 * goes to stderr, and so does why owners were hidden, when a finding
 * depends on it. Nothing when all is well: cron mails any output.
 */
static void check_say(const struct check_run *c)
{
	bool unseen = false;
	char why[256];

	check_reasons(c, check_say_reason, (void *)c);
	for (size_t i = 0; c->judged && i < c->res.n; i++)
		unseen |= c->res.findings[i].unseen == PW_UNSEEN_HIDDEN;
	if (unseen && pw_cmd_session_owners_why(&c->s, why, sizeof(why)))
		pw_cmd_error(
			NULL, 0,
			"check: %s; a finding on a listener without a visible holder is UNKNOWN",
			why);
}

/* Open the session, read the files, list and judge. Returns 0 or a negative errno. */
static int check_judge(struct check_run *c)
{
	int rc = pw_cmd_session_open(&c->s, c->o, true);

	c->meta.host = c->s.host;
	c->meta.time = c->s.time;
	c->meta.as_root = geteuid() == 0;
	if (rc < 0) {
		c->error_said = c->s.error[0] != '\0';
		return check_fail(c, "%s",
				  c->error_said ? c->s.error : "could not list the listeners");
	}
	if (check_load_policy(c) < 0 || check_load_baseline(c) < 0)
		return -EINVAL;
	pw_cmd_session_dump(&c->s, NULL, pw_listeners_add, &c->listeners);
	pw_check_run(
		&(struct pw_check_input){
			.listeners = &c->listeners,
			.policy = c->policy,
			.baseline = c->baseline,
			.hp = &c->s.hp,
			.db = c->s.db,
			.complete = c->s.complete,
			.owners_complete = c->s.owner_stats.denied == 0,
			.listed = &c->s.filter,
			.unseen_protos = c->s.unseen_protos,
			.named_protos = c->o->named_protos,
		},
		&c->res);
	for (unsigned p = 0; p < PW_PROTO_COUNT; p++)
		c->meta.unseen_why[p] = c->s.unseen_why[p][0] ? c->s.unseen_why[p] : NULL;
	c->judged = true;
	if (!c->s.complete) {
		c->error_said = true;
		check_fail(c, "the listing is incomplete: %s",
			   c->s.error[0] ? c->s.error : "a dump failed");
	}
	return 0;
}

/*
 * Point standard error at /dev/null. Not freopen: its result must be checked
 * (glibc's fortified headers say so), and a failed freopen closes stderr.
 */
static void check_silence_stderr(void)
{
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	dup2(fd, STDERR_FILENO);
	close(fd);
}

/* Write the Prometheus file; a failure makes the run UNKNOWN, with its reason. Returns 0 or -EIO. */
static int check_write_prom(struct check_run *c, struct check_prom *prom)
{
	struct pw_error err = { 0 };

	if (pw_atomicfile_write(c->o->prom_file, 0644, check_prom_fill, prom, &err) == 0)
		return 0;
	/* Another reason came first: this one is still said. */
	if (c->meta.error)
		pw_cmd_error(NULL, 0, "check: --prometheus %s: %s", err.file, err.msg);
	check_fail(c, "--prometheus %s: %s", err.file, err.msg);
	return -EIO;
}

int pw_cmd_check_refuse(const struct pw_opts *o, const char *msg, FILE *out)
{
	struct check_run c = { .o = o };
	struct check_prom prom = { .c = &c, .start = check_clock(CLOCK_MONOTONIC) };

	if (o->quiet)
		check_silence_stderr();
	pw_cmd_session_stamp(&c.s);
	c.meta.host = c.s.host;
	c.meta.time = c.s.time;
	check_fail(&c, "%s", msg);
	pw_cmd_error(NULL, 0, "%s", msg);
	fputs(PW_CMD_HINT, pw_cmd_notes());
	/* The run did not happen: the file says so, portwatch_run_success 0. */
	if (o->prom_file)
		check_write_prom(&c, &prom);
	if (!o->quiet && o->check_format != PW_CHECK_TEXT)
		pw_check_render(out, o->check_format, NULL, &c.meta);
	if (o->syslog)
		check_syslog(&c);
	return PW_STATUS_UNKNOWN;
}

int pw_cmd_check(const struct pw_opts *o, FILE *out)
{
	struct check_run c = { .o = o };
	struct check_prom prom = { .c = &c, .start = check_clock(CLOCK_MONOTONIC) };
	enum pw_status status;

	/* -q: the exit code alone tells; nothing on stdout or stderr. */
	if (o->quiet)
		check_silence_stderr();
	check_judge(&c);
	status = c.judged ? c.res.status : PW_STATUS_UNKNOWN;
	/* Before the output, so that the status printed is the one returned. */
	if (o->prom_file && check_write_prom(&c, &prom) < 0) {
		status = pw_status_worst(status, PW_STATUS_UNKNOWN);
		c.res.status = status;
	}
	if (!o->quiet) {
		if (o->check_format == PW_CHECK_TEXT)
			check_say(&c);
		pw_check_render(out, o->check_format, c.judged ? &c.res : NULL, &c.meta);
	}
	if (o->syslog)
		check_syslog(&c);
	pw_check_result_fini(&c.res);
	pw_listeners_fini(&c.listeners);
	pw_policy_free(c.policy);
	pw_baseline_free(c.baseline);
	pw_cmd_session_close(&c.s);
	return (int)status;
}
