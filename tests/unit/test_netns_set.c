/* SPDX-License-Identifier: MIT */
/* Unit tests for netns_set: merging sightings by inode, names, order, labels, --netns arguments. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "netns_set.h"

static void see(struct pw_netns_set *set, uint64_t inode, const char *path, const char *name,
		int pid)
{
	pw_netns_set_add(set, &(struct pw_netns_seen){
				      .dev = 4,
				      .inode = inode,
				      .path = path,
				      .name = name,
				      .pid = pid,
			      });
}

static void sightings_of_one_inode_merge_into_one_entry(void **state)
{
	struct pw_netns_set *set = pw_netns_set_new();

	(void)state;
	see(set, 900, "/proc/812/ns/net", NULL, 812);
	see(set, 900, "/proc/77/ns/net", NULL, 77);
	see(set, 900, "/proc/1203/ns/net", NULL, 1203);
	see(set, 901, "/proc/5/ns/net", NULL, 5);
	pw_netns_set_finish(set);
	assert_int_equal(set->n, 2);
	assert_int_equal(set->v[0].inode, 900);
	/* The lowest pid speaks for the namespace, and its path enters it. */
	assert_int_equal(set->v[0].pid, 77);
	assert_string_equal(set->v[0].path, "/proc/77/ns/net");
	assert_null(set->v[0].name);
	assert_int_equal(set->v[1].inode, 901);
	assert_int_equal(set->v[1].pid, 5);
	pw_netns_set_free(set);
}

static void the_name_that_sorts_first_wins_and_its_path_enters(void **state)
{
	struct pw_netns_set *set = pw_netns_set_new();

	(void)state;
	see(set, 900, "/proc/40/ns/net", NULL, 40);
	see(set, 900, "/run/netns/zeta", "zeta", 0);
	see(set, 900, "/run/netns/blue", "blue", 0);
	see(set, 900, "/run/netns/green", "green", 0);
	pw_netns_set_finish(set);
	assert_int_equal(set->n, 1);
	assert_string_equal(set->v[0].name, "blue");
	/* A name outlives the process: enter through it. */
	assert_string_equal(set->v[0].path, "/run/netns/blue");
	assert_true(set->v[0].lasting);
	assert_int_equal(set->v[0].pid, 40);
	pw_netns_set_free(set);
}

static void a_given_file_is_preferred_to_a_process_path(void **state)
{
	struct pw_netns_set *set = pw_netns_set_new();

	(void)state;
	see(set, 900, "/proc/40/ns/net", NULL, 40);
	see(set, 900, "/var/run/docker/netns/abc", NULL, 0);
	pw_netns_set_finish(set);
	assert_string_equal(set->v[0].path, "/var/run/docker/netns/abc");
	assert_int_equal(set->v[0].pid, 40);
	/* The other way round the file stays too. */
	see(set, 900, "/proc/12/ns/net", NULL, 12);
	pw_netns_set_finish(set);
	assert_int_equal(set->n, 1);
	assert_string_equal(set->v[0].path, "/var/run/docker/netns/abc");
	assert_int_equal(set->v[0].pid, 12);
	pw_netns_set_free(set);
}

static void same_inode_on_another_device_is_another_namespace(void **state)
{
	struct pw_netns_set *set = pw_netns_set_new();

	(void)state;
	see(set, 900, "/a", NULL, 1);
	pw_netns_set_add(set, &(struct pw_netns_seen){ .dev = 5, .inode = 900, .path = "/b" });
	pw_netns_set_finish(set);
	assert_int_equal(set->n, 2);
	assert_int_equal(pw_netns_set_find(set, 4, 900) != pw_netns_set_find(set, 5, 900), 1);
	assert_int_equal(pw_netns_set_find(set, 6, 900), -1);
	pw_netns_set_free(set);
}

static void order_is_initial_then_named_by_name_then_by_inode(void **state)
{
	struct pw_netns_set *set = pw_netns_set_new();

	(void)state;
	see(set, 30, "/proc/9/ns/net", NULL, 9);
	see(set, 20, "/run/netns/red", "red", 0);
	see(set, 10, "/proc/8/ns/net", NULL, 8);
	see(set, 40, "/run/netns/blue", "blue", 0);
	pw_netns_set_add(set, &(struct pw_netns_seen){
				      .dev = 4,
				      .inode = 50,
				      .path = "/proc/1/ns/net",
				      .pid = 1,
				      .initial = true,
			      });
	pw_netns_set_finish(set);
	assert_int_equal(set->n, 5);
	assert_int_equal(set->v[0].inode, 50);
	assert_true(set->v[0].initial);
	assert_string_equal(set->v[1].name, "blue");
	assert_string_equal(set->v[2].name, "red");
	assert_int_equal(set->v[3].inode, 10);
	assert_int_equal(set->v[4].inode, 30);
	pw_netns_set_free(set);
}

static void flags_and_comm_survive_another_finish(void **state)
{
	struct pw_netns_set *set = pw_netns_set_new();

	(void)state;
	pw_netns_set_add(set, &(struct pw_netns_seen){
				      .dev = 4,
				      .inode = 7,
				      .path = "/proc/self/ns/net",
				      .current = true,
			      });
	see(set, 7, "/proc/300/ns/net", NULL, 300);
	pw_netns_set_finish(set);
	assert_int_equal(pw_netns_set_current(set), 0);
	pw_netns_set_comm(&set->v[0], "nginx\n", 5);
	assert_string_equal(set->v[0].comm, "nginx");
	see(set, 8, "/proc/2/ns/net", NULL, 2);
	see(set, 7, "/proc/900/ns/net", NULL, 900);
	pw_netns_set_finish(set);
	assert_int_equal(set->n, 2);
	assert_int_equal(pw_netns_set_current(set), pw_netns_set_find(set, 4, 7));
	{
		const struct pw_netns *ns = &set->v[pw_netns_set_find(set, 4, 7)];

		assert_true(ns->current);
		assert_int_equal(ns->pid, 300);
		assert_string_equal(ns->comm, "nginx");
	}
	/* A lower pid brings its own comm, which is not known yet. */
	see(set, 7, "/proc/100/ns/net", NULL, 100);
	pw_netns_set_finish(set);
	assert_int_equal(set->v[pw_netns_set_find(set, 4, 7)].pid, 100);
	assert_null(set->v[pw_netns_set_find(set, 4, 7)].comm);
	pw_netns_set_free(set);
}

static void no_current_in_an_empty_set(void **state)
{
	struct pw_netns_set *set = pw_netns_set_new();

	(void)state;
	pw_netns_set_finish(set);
	assert_int_equal(set->n, 0);
	assert_int_equal(pw_netns_set_current(set), -1);
	assert_int_equal(pw_netns_set_find(set, 0, 0), -1);
	pw_netns_set_free(set);
	pw_netns_set_free(NULL);
}

static void ident_is_null_for_the_initial_namespace_and_a_word_for_the_unnamed(void **state)
{
	static char main_name[] = "main", blue_name[] = "blue";
	struct pw_netns host = { .inode = 1, .initial = true };
	struct pw_netns named_host = { .inode = 1, .initial = true, .name = main_name };
	struct pw_netns blue = { .inode = 2, .name = blue_name };
	struct pw_netns anon = { .inode = 3 };

	(void)state;
	assert_null(pw_netns_ident(NULL));
	assert_null(pw_netns_ident(&host));
	assert_null(pw_netns_ident(&named_host));
	assert_string_equal(pw_netns_ident(&blue), "blue");
	assert_string_equal(pw_netns_ident(&anon), PW_NETNS_UNNAMED);
}

static void label_is_the_name_host_or_the_inode(void **state)
{
	static char blue_name[] = "blue";
	char buf[PW_NETNS_LABEL_MAX];
	struct pw_netns host = { .inode = 4026531840u, .initial = true };
	struct pw_netns blue = { .inode = 4026532001u, .name = blue_name };
	struct pw_netns anon = { .inode = 4026532301u };

	(void)state;
	assert_string_equal(pw_netns_label(&host, buf), "host");
	assert_string_equal(pw_netns_label(&blue, buf), "blue");
	assert_string_equal(pw_netns_label(&anon, buf), "4026532301");
	anon.inode = UINT64_MAX;
	assert_string_equal(pw_netns_label(&anon, buf), "18446744073709551615");
}

static void target_kind_is_pid_path_or_name(void **state)
{
	enum pw_netns_target kind;
	char name[300];
	int pid = 0;

	(void)state;
	assert_int_equal(pw_netns_target_parse("1234", &kind, &pid), 0);
	assert_int_equal(kind, PW_NETNS_BY_PID);
	assert_int_equal(pid, 1234);
	assert_int_equal(pw_netns_target_parse("4194304", &kind, &pid), 0);
	assert_int_equal(pid, 4194304);
	assert_int_equal(pw_netns_target_parse("/run/netns/blue", &kind, &pid), 0);
	assert_int_equal(kind, PW_NETNS_BY_PATH);
	assert_int_equal(pw_netns_target_parse("./ns", &kind, &pid), 0);
	assert_int_equal(kind, PW_NETNS_BY_PATH);
	assert_int_equal(pw_netns_target_parse("blue", &kind, &pid), 0);
	assert_int_equal(kind, PW_NETNS_BY_NAME);
	assert_int_equal(pw_netns_target_parse("12a", &kind, &pid), 0);
	assert_int_equal(kind, PW_NETNS_BY_NAME);
	assert_int_equal(pw_netns_target_parse("-1", &kind, &pid), 0);
	assert_int_equal(kind, PW_NETNS_BY_NAME);
	memset(name, 'n', 255);
	name[255] = '\0';
	assert_int_equal(pw_netns_target_parse(name, &kind, &pid), 0);
	assert_int_equal(kind, PW_NETNS_BY_NAME);
}

static void target_refuses_what_nothing_is_called(void **state)
{
	enum pw_netns_target kind;
	char name[300];
	int pid = 0;

	(void)state;
	assert_int_equal(pw_netns_target_parse("", &kind, &pid), -EINVAL);
	assert_int_equal(pw_netns_target_parse(".", &kind, &pid), -EINVAL);
	assert_int_equal(pw_netns_target_parse("..", &kind, &pid), -EINVAL);
	assert_int_equal(pw_netns_target_parse("0", &kind, &pid), -EINVAL);
	assert_int_equal(pw_netns_target_parse("4194305", &kind, &pid), -EINVAL);
	assert_int_equal(pw_netns_target_parse("99999999999999999999", &kind, &pid), -EINVAL);
	memset(name, 'n', 256);
	name[256] = '\0';
	assert_int_equal(pw_netns_target_parse(name, &kind, &pid), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sightings_of_one_inode_merge_into_one_entry),
		cmocka_unit_test(the_name_that_sorts_first_wins_and_its_path_enters),
		cmocka_unit_test(a_given_file_is_preferred_to_a_process_path),
		cmocka_unit_test(same_inode_on_another_device_is_another_namespace),
		cmocka_unit_test(order_is_initial_then_named_by_name_then_by_inode),
		cmocka_unit_test(flags_and_comm_survive_another_finish),
		cmocka_unit_test(no_current_in_an_empty_set),
		cmocka_unit_test(
			ident_is_null_for_the_initial_namespace_and_a_word_for_the_unnamed),
		cmocka_unit_test(label_is_the_name_host_or_the_inode),
		cmocka_unit_test(target_kind_is_pid_path_or_name),
		cmocka_unit_test(target_refuses_what_nothing_is_called),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
