/* SPDX-License-Identifier: MIT */
/* The watch command: a listing every interval, and the sockets added or removed since the last. */
/* ppoll(2) is a GNU extension. */
#define _GNU_SOURCE
#include "cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "cmd_netns.h"
#include "util.h"
#include "watch.h"

/* One poll: the session its records borrow from, its sockets, holders lent to them. */
struct watch_poll {
	struct pw_cmd_session s;
	bool open;
	struct pw_listeners ls;
	struct pw_watch_lent lent;
	char time[40];
};

struct watch_run {
	const struct pw_opts *o;
	FILE *out;
	struct watch_poll polls[2];
	struct watch_poll *prev; /* the reference: NULL until a poll could be compared */
	struct watch_poll *now;
	struct pw_cmd_shared shared; /* the services and user names, for every poll */
	char *first;		     /* what the first poll said on stderr, or NULL */
	char *said;		     /* what the last poll that failed said on stderr, or NULL */
	struct pw_watch_ids denied;  /* namespaces said to need CAP_SYS_ADMIN */
	sigset_t stop;		     /* SIGINT and SIGTERM */
	int write_err;
	int result; /* what the watch returns once it stops: 0 or a negative errno */
};

static void watch_drop(struct watch_poll *p)
{
	pw_listeners_fini(&p->ls);
	pw_watch_lent_fini(&p->lent);
	if (p->open)
		pw_cmd_session_close(&p->s);
	p->open = false;
}

/*
 * Take a poll into p. Returns 0 when it can be compared, 1 when something
 * was missed that the next poll may see, or the negative errno of a
 * session that could not open (*usage_error tells a bad option value).
 */
static int watch_take(struct watch_run *w, struct watch_poll *p, bool *usage_error)
{
	struct timespec ts;
	int rc;

	clock_gettime(CLOCK_REALTIME, &ts);
	pw_watch_time(p->time, sizeof(p->time), &ts);
	/* Owners always: a socket is known by the process that holds it. */
	rc = pw_cmd_session_open_shared(&p->s, w->o, true, &w->shared);
	p->open = true;
	if (rc < 0) {
		*usage_error = p->s.usage_error;
		return rc;
	}
	pw_cmd_session_dump(&p->s, NULL, pw_listeners_add, &p->ls);
	return p->s.steady ? 0 : 1;
}

/*
 * SIGINT and SIGTERM are blocked, and read from a signalfd while the watch
 * waits, except while events are written: a reader that stops reading
 * would block a write, and the watch with it, for ever (and systemctl stop
 * for its whole timeout). Then they come to watch_on_stop, installed
 * without SA_RESTART so that a blocked write returns. A flag alone would
 * not do: a signal just before write(2) starts, or one that interrupts it
 * after some bytes went out (stdio writes the rest), leaves it blocked
 * again. So the handler also puts a descriptor no write can go to in the
 * output's place: any write from then on fails at once (EBADF), and what
 * was not written is dropped. Waiting for POLLOUT before each write would
 * not do either: it promises room for a page, not for a whole event, and
 * making the output non-blocking would change it for every process that
 * shares it (the shell's terminal, a pipe).
 */
static volatile sig_atomic_t watch_stopped;
static int watch_out_fd = -1;
static int watch_dead_fd = -1;

static void watch_on_stop(int sig)
{
	int saved = errno;

	(void)sig;
	watch_stopped = 1;
	dup2(watch_dead_fd, watch_out_fd);
	errno = saved;
}

/*
 * Get ready to be stopped mid-write: out's descriptor for the handler, the
 * read end of a pipe of its own to take out's place (writes to it fail
 * with EBADF, and it needs no file). Returns 0 or a negative errno.
 */
static int watch_stop_setup(FILE *out)
{
	struct sigaction sa = { .sa_handler = watch_on_stop };
	int p[2];

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	close(p[1]);
	watch_dead_fd = p[0];
	watch_out_fd = fileno(out);
	watch_stopped = 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	return 0;
}

static int watch_event(enum pw_watch_event ev, const struct pw_watch_key *k, void *data)
{
	struct watch_run *w = data;
	const struct watch_poll *p = ev == PW_WATCH_ADDED ? w->now : w->prev;

	/* Stopped: what is left of this poll's events is dropped. */
	if (watch_stopped)
		return -1;
	pw_watch_print(w->out, w->o->format == PW_FMT_JSONL, w->now->time, ev, p->ls.v[k->id.ref]);
	/* Each event at once: whoever reads the pipe may act on it now. */
	if (fflush(w->out) != 0 || ferror(w->out)) {
		/* A write the handler cut short is the stop, not an error. */
		if (!watch_stopped)
			w->write_err = errno ? errno : EIO;
		return -1;
	}
	return watch_stopped ? -1 : 0;
}

/* Print what changed from prev to now; returns 0, or -1 when out can no longer be written. */
static int watch_compare(struct watch_run *w)
{
	struct pw_watch_set before = { 0 }, after = { 0 };
	int rc;

	/* A socket held in one poll and caught without holder in the other is one socket. */
	pw_watch_lend_holders(&w->now->ls, &w->prev->ls, &w->now->lent);
	pw_watch_lend_holders(&w->prev->ls, &w->now->ls, &w->prev->lent);
	pw_watch_set_build(&before, &w->prev->ls);
	pw_watch_set_build(&after, &w->now->ls);
	/* Let SIGINT and SIGTERM in while events are written (see watch_on_stop). */
	sigprocmask(SIG_UNBLOCK, &w->stop, NULL);
	rc = pw_watch_diff(&before, &after, watch_event, w);
	sigprocmask(SIG_BLOCK, &w->stop, NULL);
	pw_watch_set_fini(&before);
	pw_watch_set_fini(&after);
	return rc;
}

/*
 * Each poll's notes go to memory. The first poll's are said at once, and
 * kept; later polls would say them again every interval (owners not
 * visible, a protocol missing), so theirs are shown only when a poll
 * failed with something new.
 */
struct watch_quiet {
	char *text;
	size_t len;
	FILE *mem;
	FILE *before;
};

static void watch_quiet_begin(struct watch_quiet *q)
{
	q->text = NULL;
	q->mem = pw_xmemstream(&q->text, &q->len);
	q->before = pw_cmd_notes_to(q->mem);
}

/* Send notes where they went before; returns what was said meanwhile (caller frees). */
static char *watch_quiet_end(struct watch_quiet *q)
{
	pw_cmd_notes_to(q->before);
	fclose(q->mem);
	return q->text;
}

/*
 * Record the namespaces of p that could not be entered for want of
 * CAP_SYS_ADMIN. Returns true when one of them is new: a steady failure,
 * to be said once as the first poll says those it finds.
 */
static bool watch_denied_new(struct watch_run *w, const struct watch_poll *p)
{
	const struct pw_cmd_netns *c = p->s.netns;
	bool fresh = false;

	for (size_t i = 0; c && i < c->n; i++)
		if (c->v[i].denied && pw_watch_ids_add(&w->denied, c->v[i].ns->inode))
			fresh = true;
	return fresh;
}

/*
 * After a later poll: say why it failed, unless the poll before failed
 * saying the same; never a line the first poll said.
 */
static void watch_notes(struct watch_run *w, char *notes, bool failed)
{
	if (!failed) {
		free(w->said);
		w->said = NULL;
		free(notes);
		return;
	}
	if (notes && (!w->said || strcmp(notes, w->said) != 0))
		pw_watch_notes_put(stderr, notes, w->first);
	free(w->said);
	w->said = notes;
}

/*
 * The namespace --netns names is no longer there (deleted, or its process
 * exited): every later poll would fail alike, so the watch ends (at the
 * start, naming it is a usage error).
 */
static bool watch_target_gone(const struct watch_poll *p)
{
	return p->s.netns && p->s.netns->missing;
}

/* One poll after the first; returns 0, or -1 when the watch stops (w->result says how). */
static int watch_next(struct watch_run *w)
{
	struct watch_quiet q;
	bool usage = false, fresh;
	char *notes;
	int rc;

	w->now = w->prev == &w->polls[0] ? &w->polls[1] : &w->polls[0];
	watch_quiet_begin(&q);
	rc = watch_take(w, w->now, &usage);
	notes = watch_quiet_end(&q);
	fresh = watch_denied_new(w, w->now);
	if (rc < 0 && watch_target_gone(w->now)) {
		/* Said plainly instead: not a usage error with a hint, as at the start. */
		free(notes);
		pw_cmd_error(NULL, 0, "watch: the namespace is gone (%s); the watch ends",
			     w->now->s.error);
		watch_drop(w->now);
		w->result = -ENOENT;
		return -1;
	}
	watch_notes(w, notes, rc != 0 || fresh);
	if (rc != 0) {
		/* Compared with the next poll instead: a missed socket is no event. */
		watch_drop(w->now);
		return 0;
	}
	if (w->prev) {
		rc = watch_compare(w);
		watch_drop(w->prev);
	}
	w->prev = w->now;
	/* Stopped while events were written (or just before), or the reader gone: ended well. */
	if (watch_stopped || (rc != 0 && w->write_err == EPIPE))
		return -1;
	if (rc == 0)
		return 0;
	fprintf(stderr, "portwatch: write error: %s\n", strerror(w->write_err));
	w->result = -w->write_err;
	return -1;
}

static void watch_add_ms(struct timespec *t, unsigned ms)
{
	t->tv_sec += ms / 1000;
	t->tv_nsec += (long)(ms % 1000) * 1000000;
	if (t->tv_nsec >= 1000000000) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000;
	}
}

enum watch_wake {
	WATCH_TIME,   /* the next poll is due */
	WATCH_SIGNAL, /* SIGINT or SIGTERM */
	WATCH_GONE,   /* the reader of the output went away */
};

/*
 * Wait until the monotonic time next, for SIGINT or SIGTERM (blocked, so
 * that one arriving mid-poll waits here; fds[0] is their signalfd), or
 * until the reader of the output (fds[1]) goes away. Asked for no events,
 * poll still reports POLLERR on a pipe's write end once no reader is left,
 * and POLLHUP on a socket or terminal that hung up; a regular file or
 * /dev/null reports neither: a watch into them never ends by itself.
 */
static enum watch_wake watch_wait(struct pollfd fds[2], const struct timespec *next)
{
	struct signalfd_siginfo si;
	struct timespec now, left;
	int n;

	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		left.tv_sec = next->tv_sec - now.tv_sec;
		left.tv_nsec = next->tv_nsec - now.tv_nsec;
		if (left.tv_nsec < 0) {
			left.tv_sec--;
			left.tv_nsec += 1000000000;
		}
		if (left.tv_sec < 0)
			left.tv_sec = left.tv_nsec = 0;
		n = ppoll(fds, 2, &left, NULL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			return WATCH_TIME;
		if (n > 0 && (fds[0].revents & POLLIN)) {
			if (read(fds[0].fd, &si, sizeof(si)) == (ssize_t)sizeof(si))
				return WATCH_SIGNAL;
			continue;
		}
		if (n > 0 && (fds[1].revents & (POLLERR | POLLHUP)))
			return WATCH_GONE;
		/* No memory for the poll table, or woken for nothing asked: sleep this once. */
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, next, NULL);
		return WATCH_TIME;
	}
}

/*
 * Get ready to watch: SIGINT and SIGTERM blocked and read from fds[0], a
 * signalfd, or let in to watch_on_stop while events are written; out in
 * fds[1], to see its reader go. Returns 0, or a negative errno after
 * saying why.
 */
static int watch_start(struct watch_run *w, struct pollfd fds[2])
{
	int flags = fcntl(fileno(w->out), F_GETFL);
	int rc;

	/* No write can reach it (closed at the start: see main): said now, not at the first event. */
	if (flags >= 0 && (flags & O_ACCMODE) == O_RDONLY) {
		fprintf(stderr, "portwatch: write error: %s\n", strerror(EBADF));
		return -EBADF;
	}
	sigemptyset(&w->stop);
	sigaddset(&w->stop, SIGINT);
	sigaddset(&w->stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &w->stop, NULL);
	/* A reader that went away mid-event shows as EPIPE, which ends the watch. */
	signal(SIGPIPE, SIG_IGN);
	fds[0] = (struct pollfd){ .fd = -1, .events = POLLIN };
	if (watch_stop_setup(w->out) < 0 ||
	    (fds[0].fd = signalfd(-1, &w->stop, SFD_NONBLOCK | SFD_CLOEXEC)) < 0) {
		rc = -errno;
		fprintf(stderr, "portwatch: watch: cannot wait for SIGINT and SIGTERM: %s\n",
			strerror(-rc));
		return rc;
	}
	/* No events asked: only POLLERR and POLLHUP, which poll always reports. */
	fds[1] = (struct pollfd){ .fd = fileno(w->out) };
	return 0;
}

/*
 * The first poll, the reference: what was there before is no event. What
 * it says on stderr is kept, for later polls not to say it again. Returns
 * as watch_take does.
 */
static int watch_first(struct watch_run *w, bool *usage_error)
{
	struct watch_quiet q;
	int rc;

	w->now = &w->polls[0];
	watch_quiet_begin(&q);
	rc = watch_take(w, w->now, usage_error);
	w->first = watch_quiet_end(&q);
	if (w->first)
		fputs(w->first, stderr);
	watch_denied_new(w, w->now);
	if (rc == 0)
		w->prev = w->now;
	else
		watch_drop(w->now);
	return rc;
}

int pw_cmd_watch(const struct pw_opts *o, FILE *out, bool *usage_error)
{
	struct watch_run w = { .o = o, .out = out };
	struct pollfd fds[2] = { { .fd = -1 }, { .fd = -1 } };
	struct timespec next;
	int rc;

	*usage_error = false;
	w.result = watch_start(&w, fds);
	clock_gettime(CLOCK_MONOTONIC, &next);
	if (w.result == 0 && (rc = watch_first(&w, usage_error)) < 0)
		w.result = rc;
	while (w.result == 0) {
		watch_add_ms(&next, o->interval_ms);
		if (watch_wait(fds, &next) != WATCH_TIME)
			break;
		/* A poll slower than the interval: the next one starts from now, not in a burst. */
		clock_gettime(CLOCK_MONOTONIC, &next);
		if (watch_next(&w) < 0)
			break;
	}
	if (w.prev)
		watch_drop(w.prev);
	pw_cmd_shared_fini(&w.shared);
	pw_watch_ids_fini(&w.denied);
	free(w.first);
	free(w.said);
	if (fds[0].fd >= 0)
		close(fds[0].fd);
	if (watch_dead_fd >= 0)
		close(watch_dead_fd);
	watch_dead_fd = -1;
	/* Whatever could not be written is said, or was meant to be dropped: main's flush need not tell. */
	clearerr(out);
	return w.result;
}
