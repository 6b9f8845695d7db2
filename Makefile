# SPDX-License-Identifier: MIT
# portwatch: plain GNU make. Everything it writes goes under build/.

CC ?= cc
PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
DOCDIR ?= $(PREFIX)/share/doc/portwatch
INSTALL ?= install
# Package builds set INSTALL_DEPS=true: their dependencies are declared, never installed.
INSTALL_DEPS ?= packaging/install-deps
CLANG_FORMAT ?= clang-format
VERSION := 0.1.0

B := build
# V=1 shows the full commands.
Q := $(if $(filter 1,$(V)),,@)
ARGS ?=

WARN := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wpointer-arith -Wwrite-strings -Wundef -Wvla
PW_CFLAGS := -std=gnu11 $(WARN) -iquote include -iquote $(B)/gen -iquote tests/fakes \
	-DPW_VERSION='"$(VERSION)"' -O2 -g
PW_LDFLAGS :=
ifeq ($(WERROR),1)
PW_CFLAGS += -Werror
endif
ifeq ($(SANITIZE),1)
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
PW_CFLAGS += $(SAN)
PW_LDFLAGS += $(SAN)
endif

# Goals that need no libraries must not install any.
NODEPS_GOALS := clean help format format-check man-lint uninstall deb rpm
ifneq ($(filter-out $(NODEPS_GOALS),$(or $(MAKECMDGOALS),all)),)
# Written once per build tree: installs what pkg-config cannot find, then
# records the flags. Make re-reads it before building anything.
include $(B)/config.mk
endif

$(B)/config.mk: packaging/install-deps
	@mkdir -p $(@D)
	@$(PKG_CONFIG) --exists libmnl 2>/dev/null || $(INSTALL_DEPS) build
	@{ echo "MNL_CFLAGS := $$($(PKG_CONFIG) --cflags libmnl)"; \
	   echo "MNL_LIBS := $$($(PKG_CONFIG) --libs libmnl)"; } > $@.tmp && mv $@.tmp $@

$(B)/config-test.mk: packaging/install-deps
	@mkdir -p $(@D)
	@$(INSTALL_DEPS) test
	@{ echo "CMOCKA_CFLAGS := $$($(PKG_CONFIG) --cflags cmocka)"; \
	   echo "CMOCKA_LIBS := $$($(PKG_CONFIG) --libs cmocka)"; } > $@.tmp && mv $@.tmp $@

ifneq ($(filter check unit integration,$(MAKECMDGOALS)),)
include $(B)/config-test.mk
endif

# The program's modules; main.c is added only to the program itself.
LIB_SRCS := src/sock.c src/util.c src/diag.c src/netlink.c src/opts.c src/filter.c \
	src/list.c src/annotate.c src/output.c src/output_table.c src/output_json.c \
	src/output_csv.c src/ifname.c src/fileio.c src/services.c src/ports.c \
	src/hostports.c src/explain.c src/cmd.c src/cmd_session.c src/cmd_list.c src/cmd_port.c \
	src/procmap.c src/users.c src/policy.c src/policy_parse.c src/json.c src/baseline.c \
	src/baseline_file.c src/atomicfile.c src/check.c src/output_check.c src/output_prom.c \
	src/snapshot.c src/cmd_check.c \
	src/cmd_snapshot.c src/procnet.c src/source.c src/fmt.c src/obuf.c src/seen.c \
	src/netns_set.c src/netns.c src/cmd_netns.c src/watch.c src/cmd_watch.c src/present.c \
	$(B)/gen/iana_table.c

obj = $(patsubst %.c,$(B)/obj/%.o,$(1))

ALL_CFLAGS = $(PW_CFLAGS) $(MNL_CFLAGS) $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(PW_LDFLAGS) $(LDFLAGS)

.PHONY: all run check unit integration completion-test install uninstall deb rpm clean format \
	format-check man-lint help fuzz fuzz-run fuzz-replay lint bench
.DEFAULT_GOAL := all

all: $(B)/portwatch

LIB := $(B)/libportwatch.a

$(LIB): $(call obj,$(LIB_SRCS))
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(B)/portwatch: $(call obj,src/main.c) $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(ALL_LDFLAGS) $(MNL_LIBS)

$(B)/obj/%.o: %.c $(B)/flags
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -MMD -MP -c -o $@ $<

# Rebuild everything when the flags change (WERROR=1, SANITIZE=1...).
$(B)/flags: FORCE
	@mkdir -p $(@D)
	@echo '$(ALL_CFLAGS) $(ALL_LDFLAGS)' | cmp -s - $@ || echo '$(ALL_CFLAGS) $(ALL_LDFLAGS)' > $@

FORCE:

-include $(shell find $(B)/obj $(B)/fuzz/obj -name '*.d' 2>/dev/null)

# The built-in service table, generated from IANA's registry (CC0). LC_ALL=C:
# the generator counts bytes.
$(B)/gen/iana_table.c: src/gen-iana.awk src/iana.xml
	@mkdir -p $(@D)
	LC_ALL=C awk -f src/gen-iana.awk src/iana.xml > $@.tmp && mv $@.tmp $@

run: $(B)/portwatch
	$(B)/portwatch $(ARGS)

# --- tests -------------------------------------------------------------------
# One cmocka driver per module (tests/unit/test_<module>.c).
UNIT_TESTS := sock util diag netlink opts opts_cmd filter output output_table output_json \
	output_csv list services ports explain annotate fmt obuf seen cmd \
	fileio procmap users policy policy_parse json baseline baseline_file atomicfile \
	check output_check output_prom snapshot \
	netns_set netns watch procnet source cmd_netns present

# Each driver links its own test file, the fakes it names, and the library:
# the linker takes only the modules the test reaches, so a test may stand in
# for a module (test_list provides its own pw_out_sock).
test_diag_EXTRA := tests/fakes/nlbuild.c
# The fake netlink boundary: libmnl's socket calls answer from a script (fakenl.h).
FAKENL_EXTRA := tests/fakes/fakenl.c tests/fakes/nlbuild.c
FAKENL_WRAP := mnl_socket_open mnl_socket_bind mnl_socket_sendto \
	mnl_socket_recvfrom mnl_socket_close mnl_socket_get_portid
test_netlink_EXTRA := $(FAKENL_EXTRA)
test_netlink_WRAP := $(FAKENL_WRAP)
# The output drivers share their records and the readers of what was rendered;
# annotate builds its sockets with them.
test_annotate_EXTRA := tests/fakes/recfix.c
test_output_EXTRA := tests/fakes/recfix.c
test_output_table_EXTRA := tests/fakes/recfix.c
test_output_json_EXTRA := tests/fakes/recfix.c
test_output_csv_EXTRA := tests/fakes/recfix.c
# The check engine's drivers (check, its renderers, snapshot) share one set of builders.
test_check_EXTRA := tests/fakes/checkfix.c tests/fakes/recfix.c
test_output_check_EXTRA := tests/fakes/checkfix.c tests/fakes/recfix.c
test_output_prom_EXTRA := tests/fakes/checkfix.c tests/fakes/recfix.c
test_snapshot_EXTRA := tests/fakes/checkfix.c tests/fakes/recfix.c
test_watch_EXTRA := tests/fakes/checkfix.c tests/fakes/recfix.c
# Both policy drivers parse test policies and judge listeners with policyfix.
test_policy_EXTRA := tests/fakes/policyfix.c
test_policy_parse_EXTRA := tests/fakes/policyfix.c
# Both baseline drivers build their sockets, sets and file text with baselinefix.
test_baseline_EXTRA := tests/fakes/baselinefix.c tests/fakes/recfix.c
test_baseline_file_EXTRA := tests/fakes/baselinefix.c tests/fakes/recfix.c
# opts has two drivers, its options and the commands' options; both parse with optsfix.
test_opts_EXTRA := tests/fakes/optsfix.c
test_opts_cmd_EXTRA := tests/fakes/optsfix.c
test_cmd_EXTRA := tests/fakes/notesfix.c
test_cmd_netns_EXTRA := tests/fakes/notesfix.c
# procmap walks a fixture /proc tree; its fakes inject EACCES/ENOENT/ESRCH.
# private: the define must not leak into $(B)/flags through prerequisites.
$(B)/obj/tests/unit/test_procmap.o: private PW_CFLAGS += -DPW_FIXTURES='"$(CURDIR)/tests/fixtures"'
$(B)/obj/tests/unit/test_policy.o: private PW_CFLAGS += -DPW_PACKAGING='"$(CURDIR)/packaging"'
$(B)/obj/tests/unit/test_procnet.o: private PW_CFLAGS += -DPW_FIXTURES='"$(CURDIR)/tests/fixtures"'
$(B)/obj/tests/unit/test_source.o: private PW_CFLAGS += -DPW_FIXTURES='"$(CURDIR)/tests/fixtures"'
test_source_EXTRA := $(FAKENL_EXTRA)
test_source_WRAP := $(FAKENL_WRAP)
test_procmap_WRAP := openat readlinkat
# netns discovers namespaces in a fixture /proc and /run/netns; openat fails on
# demand, and geteuid says root or not.
$(B)/obj/tests/unit/test_netns.o: private PW_CFLAGS += -DPW_FIXTURES='"$(CURDIR)/tests/fixtures"'
test_netns_WRAP := openat geteuid
test_users_WRAP := getpwuid_r getpwnam_r
# fileio's fake swaps a file between the open and the walk that judges it.
test_fileio_WRAP := lstat
# atomicfile's fakes fail a write, an fsync, the rename or a change of owner on demand.
test_atomicfile_WRAP := write fsync rename fchown

define unit_rule
$(B)/tests/test_$(1): $(call obj,tests/unit/test_$(1).c $(test_$(1)_EXTRA)) $(LIB)
	@mkdir -p $$(@D)
	@echo "  LD      $$@"
	$$(Q)$$(CC) $$(ALL_CFLAGS) -o $$@ $$^ $$(ALL_LDFLAGS) \
		$$(addprefix -Wl$$(comma)--wrap=,$$(test_$(1)_WRAP)) $$(MNL_LIBS) $$(CMOCKA_LIBS)
endef
comma := ,
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

UNIT_BINS := $(addprefix $(B)/tests/test_,$(UNIT_TESTS))
HELPERS := $(B)/tests/sockmix $(B)/tests/logsink $(B)/tests/nodiag $(B)/tests/churn

$(HELPERS): $(B)/tests/%: $(B)/obj/tests/integration/%.o
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(ALL_LDFLAGS)
# The helpers that hold sockets share tests/helpers/helper.c.
$(B)/tests/sockmix $(B)/tests/churn $(B)/bench/sockfarm $(B)/bench/benchtime: \
	$(B)/obj/tests/helpers/helper.o

unit: $(UNIT_BINS)
	@tests/run-unit $(UNIT_BINS)

# VALGRIND=1: the integration tests run portwatch under valgrind memcheck,
# which turns any memory error or definite leak into exit code 99.
ifeq ($(VALGRIND),1)
ifeq ($(SANITIZE),1)
$(error VALGRIND=1 and SANITIZE=1 do not mix: valgrind cannot run ASan binaries)
endif
PW_BIN := $(B)/tests/valgrind/portwatch
# Each run under valgrind takes seconds: the scripts' timeouts grow to match.
integration: export PW_TEST_TIMEOUT := 60
else
PW_BIN := $(B)/portwatch
endif

$(B)/tests/valgrind/portwatch: $(B)/portwatch
	@command -v valgrind >/dev/null || $(INSTALL_DEPS) valgrind
	@mkdir -p $(@D)
	@printf '%s\n' '#!/bin/sh' 'exec valgrind -q --error-exitcode=99 --leak-check=full \' \
		'	--errors-for-leak-kinds=definite --show-leak-kinds=definite \' \
		'	$(CURDIR)/$(B)/portwatch "$$@"' >$@.tmp
	@chmod 755 $@.tmp && mv $@.tmp $@

integration: $(PW_BIN) $(HELPERS)
	@tests/integration/run $(PW_BIN) $(B)/tests/sockmix
	@tests/integration/ports $(PW_BIN) $(B)/tests/sockmix
	@tests/integration/owners $(PW_BIN) $(B)/tests/sockmix $(B)/tests/churn
	@tests/integration/check $(PW_BIN) $(B)/tests/sockmix $(B)/tests/logsink
	@tests/integration/hardening $(PW_BIN) $(B)/tests/sockmix $(B)/tests/nodiag
	@tests/integration/netns $(PW_BIN) $(B)/tests/sockmix

check: unit fuzz-replay integration completion-test

# --- benchmark (not a test: never part of check) --------------------------------
# make bench SIZES="1000000" for the big one; ROUNDS per size, medians reported.
SIZES ?= 10000 100000
ROUNDS ?= 5
BENCH_BINS := $(B)/bench/sockfarm $(B)/bench/benchtime $(B)/bench/rawdump

$(BENCH_BINS): $(B)/bench/%: $(B)/obj/tests/bench/%.o
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(ALL_LDFLAGS) $(MNL_LIBS)

bench: $(B)/portwatch $(BENCH_BINS)
	@$(INSTALL_DEPS) bench
	@tests/bench/run --rounds '$(ROUNDS)' --sizes '$(SIZES)' $(B)/portwatch $(B)/bench

# --- fuzzing -----------------------------------------------------------------
# One libFuzzer target per parser, tests/fuzz/fuzz_<name>.c, seeded from
# tests/fuzz/corpus/<name>/. `make fuzz` builds them with clang into
# build/fuzz/fuzz_<name>; `make fuzz-run` runs each for FUZZ_TIME seconds;
# `make check` replays every corpus file through the same targets built with
# $(CC), so an input that once crashed, saved there, stays a test.
FUZZ_TARGETS := diag procnet services policy baseline
FUZZ_CC ?= clang
FUZZ_TIME ?= 60
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS = -std=gnu11 $(WARN) -Werror -iquote include -iquote $(B)/gen \
	-DPW_VERSION='"$(VERSION)"' -O1 -g $(FUZZ_SAN) $(MNL_CFLAGS)
FUZZ_LIB := $(B)/fuzz/libportwatch.a

$(B)/fuzz/deps: packaging/install-deps
	@mkdir -p $(@D)
	@$(INSTALL_DEPS) fuzz
	@touch $@

$(B)/fuzz/obj/%.o: %.c | $(B)/fuzz/deps
	@mkdir -p $(@D)
	@echo "  FUZZCC  $<"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_LIB): $(patsubst %.c,$(B)/fuzz/obj/%.o,$(LIB_SRCS))
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(B)/fuzz/fuzz_%: $(B)/fuzz/obj/tests/fuzz/fuzz_%.o $(FUZZ_LIB)
	@echo "  FUZZLD  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(MNL_LIBS)

fuzz: $(addprefix $(B)/fuzz/fuzz_,$(FUZZ_TARGETS))

# New inputs go to build/fuzz/corpus/<name>; the repository's seeds are only read.
fuzz-run: fuzz
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(B)/fuzz/corpus/$$t; \
		if $(B)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_TIME) -timeout=10 -print_final_stats=1 \
			-artifact_prefix=$(B)/fuzz/crash-$$t- $(B)/fuzz/corpus/$$t tests/fuzz/corpus/$$t \
			>$(B)/fuzz/$$t.log 2>&1; then \
			echo "fuzz_$$t: $(FUZZ_TIME) s, $$(sed -n 's/^stat::number_of_executed_units: *//p' \
				$(B)/fuzz/$$t.log) inputs, no crash"; \
		else \
			tail -n 40 $(B)/fuzz/$$t.log; \
			echo "fuzz_$$t: FAILED; the input is $(B)/fuzz/crash-$$t-*: add it to tests/fuzz/corpus/$$t/"; \
			exit 1; \
		fi; \
	done

FUZZ_REPLAYS := $(addprefix $(B)/tests/replay_,$(FUZZ_TARGETS))

$(B)/tests/replay_%: $(call obj,tests/fuzz/replay.c tests/fuzz/fuzz_%.c) $(LIB)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(ALL_LDFLAGS) $(MNL_LIBS)

# The targets' objects are made by pattern rules only: keep them.
.SECONDARY: $(call obj,tests/fuzz/replay.c $(FUZZ_TARGETS:%=tests/fuzz/fuzz_%.c)) \
	$(FUZZ_TARGETS:%=$(B)/fuzz/obj/tests/fuzz/fuzz_%.o)

fuzz-replay: $(FUZZ_REPLAYS)
	@for t in $(FUZZ_TARGETS); do $(B)/tests/replay_$$t tests/fuzz/corpus/$$t || exit 1; done

completion-test: $(B)/portwatch
	@tests/completion/run packaging/bash-completion/portwatch $(B)/portwatch

# --- installing ----------------------------------------------------------------
# Nothing is stripped: packagers strip (and keep the debug symbols apart).
# The unit and the cron example name the program by its path: $(BINDIR).
PW_PATH_SED := sed 's|/usr/bin/portwatch|$(BINDIR)/portwatch|g'

install: $(B)/portwatch
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(DOCDIR)/examples
	$(INSTALL) -m 0755 $(B)/portwatch $(DESTDIR)$(BINDIR)/portwatch
	$(INSTALL) -m 0644 packaging/portwatch.8 $(DESTDIR)$(MANDIR)/man8/portwatch.8
	$(INSTALL) -m 0644 packaging/portwatch.policy.5 $(DESTDIR)$(MANDIR)/man5/portwatch.policy.5
	$(INSTALL) -m 0644 packaging/bash-completion/portwatch $(DESTDIR)$(BASHCOMPDIR)/portwatch
	$(PW_PATH_SED) packaging/systemd/portwatch-check.service > \
		$(DESTDIR)$(SYSTEMDUNITDIR)/portwatch-check.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/portwatch-check.service
	$(INSTALL) -m 0644 packaging/systemd/portwatch-check.timer $(DESTDIR)$(SYSTEMDUNITDIR)/
	$(INSTALL) -m 0644 packaging/policy.example $(DESTDIR)$(DOCDIR)/examples/policy
	$(PW_PATH_SED) packaging/cron/portwatch > $(DESTDIR)$(DOCDIR)/examples/cron.d-portwatch
	chmod 0644 $(DESTDIR)$(DOCDIR)/examples/cron.d-portwatch

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/portwatch $(DESTDIR)$(MANDIR)/man8/portwatch.8 \
		$(DESTDIR)$(MANDIR)/man5/portwatch.policy.5 $(DESTDIR)$(BASHCOMPDIR)/portwatch \
		$(DESTDIR)$(SYSTEMDUNITDIR)/portwatch-check.service \
		$(DESTDIR)$(SYSTEMDUNITDIR)/portwatch-check.timer \
		$(DESTDIR)$(DOCDIR)/examples/policy $(DESTDIR)$(DOCDIR)/examples/cron.d-portwatch
	rmdir $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) 2>/dev/null || true

# Packages built from a copy of the tree (see packaging/build-package):
# a .deb in $(B)/deb/ (DEB_BUILD_OPTIONS=nocheck skips the tests), an RPM
# under $(B)/rpm/ (RPMBUILD_FLAGS=--nodeps where the build dependencies are
# not rpm packages).
deb:
	@$(INSTALL_DEPS) package
	packaging/build-package deb $(B)/deb

rpm:
	@$(INSTALL_DEPS) package
	packaging/build-package rpm $(B)/rpm

# --- housekeeping ------------------------------------------------------------
FORMAT_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null || find src include tests -name '*.[ch]')

format:
	$(CLANG_FORMAT) -i $(FORMAT_FILES)

format-check:
	@command -v $(CLANG_FORMAT) >/dev/null || $(INSTALL_DEPS) style
	$(CLANG_FORMAT) --dry-run --Werror $(FORMAT_FILES)

# Static analysis: cppcheck, then clang-tidy with the checks in .clang-tidy
# (the clang static analyzer and bugprone-*); any finding fails.
LINT_SRCS = $(filter-out tests/unit/%,$(filter %.c,$(FORMAT_FILES)))
# Spelt for the sh -c below (inside single quotes).
LINT_FLAGS = -std=gnu11 -iquote include -iquote $(B)/gen -iquote tests/fakes -DPW_VERSION=\"$(VERSION)\" \
	$(MNL_CFLAGS)

lint: $(B)/gen/iana_table.c
	@command -v cppcheck >/dev/null && command -v clang-tidy >/dev/null || $(INSTALL_DEPS) lint
	cppcheck -q --std=c11 --enable=warning,portability,performance --inline-suppr \
		--error-exitcode=1 --suppress=missingIncludeSystem -I include -I $(B)/gen -I tests/fakes \
		$(LINT_SRCS)
	@echo "clang-tidy $(words $(LINT_SRCS)) files"
	@printf '%s\n' $(LINT_SRCS) | xargs -P 2 -n 8 sh -c \
		'clang-tidy --quiet "$$@" -- $(LINT_FLAGS) 2>/dev/null | grep -E "(warning|error):" && exit 255; exit 0' tidy

# -W warning: mandoc's "outdated mandoc.db" notes about other pages are not ours.
man-lint:
	@command -v mandoc >/dev/null || $(INSTALL_DEPS) style
	mandoc -Tlint -W warning packaging/portwatch.8 packaging/portwatch.policy.5

clean:
	rm -rf $(B)

help:
	@echo 'portwatch make targets:'
	@echo '  all            build build/portwatch (default)'
	@echo '  run ARGS=...   build and run it, e.g. make run ARGS=-tln'
	@echo '  check          unit tests, then integration tests in private namespaces'
	@echo '  unit           unit tests only (no root needed)'
	@echo '  integration    integration tests only'
	@echo '  bench          time portwatch against ss and netstat (root; SIZES, ROUNDS)'
	@echo '  completion-test  the bash completion, under bash, against the binary'
	@echo '  install        install under DESTDIR and PREFIX (uninstall removes it)'
	@echo '  deb, rpm       build a Debian package into build/deb/, an RPM into build/rpm/'
	@echo '  format         reformat the sources with clang-format'
	@echo '  format-check   fail if a source is not formatted'
	@echo '  man-lint       check the man pages with mandoc -Tlint'
	@echo '  lint           cppcheck and clang-tidy (.clang-tidy); any finding fails'
	@echo '  fuzz           build the libFuzzer targets with clang into build/fuzz/'
	@echo '  fuzz-run       run each for FUZZ_TIME seconds (default 60)'
	@echo '  fuzz-replay    replay tests/fuzz/corpus through them (part of check)'
	@echo '  clean          remove build/'
	@echo 'variables: WERROR=1 (warnings are errors), SANITIZE=1 (ASan+UBSan),'
	@echo '  VALGRIND=1 (integration tests under valgrind memcheck),'
	@echo '  CC, CFLAGS, CPPFLAGS, LDFLAGS, PKG_CONFIG; for install: DESTDIR, PREFIX,'
	@echo '  BINDIR, MANDIR, BASHCOMPDIR, SYSTEMDUNITDIR, DOCDIR; INSTALL_DEPS=true'
	@echo '  never installs build or test dependencies'
