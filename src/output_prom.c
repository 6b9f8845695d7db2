/* SPDX-License-Identifier: MIT */
/* Check results in Prometheus' text exposition format, for node_exporter's textfile collector. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util.h"

/*
 * A label value: first made terminal-safe as everywhere else (a control
 * byte or a byte that is not UTF-8 becomes a \xNN escape, a backslash is
 * doubled), then escaped as the exposition format wants (backslash and
 * quote; no newline is left). A dashboard then shows what the table shows.
 */
static void prom_value(FILE *f, const char *s)
{
	char *safe = NULL;
	size_t size = 0;
	FILE *m = pw_xmemstream(&safe, &size);

	pw_term_string(m, s ? s : "");
	fclose(m);
	for (const char *p = safe; *p; p++) {
		if (*p == '\\' || *p == '"')
			putc('\\', f);
		putc(*p, f);
	}
	free(safe);
}

static void prom_label(FILE *f, const char *name, const char *value, bool first)
{
	fprintf(f, "%s%s=\"", first ? "" : ",", name);
	prom_value(f, value);
	putc('"', f);
}

/* The label set of one listener, as text: listeners sharing it are one series. */
static char *prom_labels(const struct pw_listener *l)
{
	const struct pw_rec *r = &l->rec;
	unsigned proto = r->sock->proto;
	char addr[PW_ADDR_STRLEN], port[8], *text = NULL;
	const struct pw_proc *holder;
	size_t size = 0;
	FILE *f = pw_xmemstream(&text, &size);
	/*
	 * A UDP client's port (a resolver's, an NTP client's) is new each run:
	 * as in baselines it is "ephemeral", so that it is one series, not a
	 * new one per run. Its name and class would change with it.
	 */
	bool client_port = pw_check_client_port(l);

	pw_sock_format_addr(r->sock, false, addr);
	snprintf(port, sizeof(port), "%u", r->sock->lport);
	prom_label(f, "proto", pw_sock_proto_name(proto), true);
	prom_label(f, "address", addr, false);
	prom_label(f, "port", client_port ? "ephemeral" : port, false);
	prom_label(f, "service", r->local.service && !client_port ? r->local.service->name : "",
		   false);
	prom_label(f, "class",
		   r->local.has_port && !client_port
			   ? pw_ports_class_name((enum pw_class)r->local.class)
			   : "",
		   false);
	/* As baselines name it: a series keeps its label whatever the holders' pids. */
	holder = pw_baseline_holder(r->procs, r->nprocs);
	prom_label(f, "process", holder ? holder->comm : "", false);
	/* As JSON's netns: on every socket once namespaces were asked for (--netns, --all-netns). */
	if (r->show_netns && r->netns) {
		char buf[PW_NETNS_LABEL_MAX];

		prom_label(f, "netns", pw_netns_label(r->netns, buf), false);
	}
	prom_label(f, "expected", l->expected ? "true" : "false", false);
	fclose(f);
	return text;
}

static int prom_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void prom_metric(FILE *f, const char *name, const char *help, double value)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n%s %.17g\n", name, help, name, name, value);
}

void pw_check_prometheus(FILE *f, const struct pw_check_result *res, const struct pw_listeners *ls,
			 double now, double duration)
{
	size_t n = res && ls ? ls->n : 0, unexpected = 0;
	char **series = pw_xcalloc(n ? n : 1, sizeof(*series));

	fputs("# HELP portwatch_listening_socket Listening sockets with these labels.\n"
	      "# TYPE portwatch_listening_socket gauge\n",
	      f);
	/*
	 * A listener with an unexpected, denied or new finding is one the
	 * check did not mark expected: counted once, though it may have two.
	 */
	for (size_t i = 0; i < n; i++) {
		series[i] = prom_labels(ls->v[i]);
		unexpected += !ls->v[i]->expected;
	}
	/* Two sockets with one label set (SO_REUSEPORT groups) must be one series. */
	qsort(series, n, sizeof(*series), prom_cmp);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(series[i], series[j]) == 0; j++)
			;
		fprintf(f, "portwatch_listening_socket{%s} %zu\n", series[i], j - i);
	}
	for (size_t i = 0; i < n; i++)
		free(series[i]);
	free(series);
	if (res) {
		prom_metric(f, "portwatch_unexpected_listeners",
			    "Listeners the policy does not allow or the baseline lacks.",
			    (double)unexpected);
		prom_metric(f, "portwatch_missing_listeners",
			    "Required or baseline listeners that are not there.",
			    (double)(res->count[PW_FIND_MISSING] + res->count[PW_FIND_GONE]));
	}
	prom_metric(f, "portwatch_run_success",
		    "1 when the check saw every socket and judged them, else 0.",
		    res && res->status != PW_STATUS_UNKNOWN ? 1 : 0);
	prom_metric(f, "portwatch_last_run_timestamp_seconds", "When the check ran.", now);
	prom_metric(f, "portwatch_run_duration_seconds", "How long the check took.", duration);
}
