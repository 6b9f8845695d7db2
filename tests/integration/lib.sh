# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# What every integration suite here shares, sourced by each (never run): its
# messages and skips, its arguments, the namespaces it re-runs itself in, its
# private folder and what it undoes on exit, the sockmix processes it holds,
# and the runner that prints "ok N - name" and the summary.
#
# A suite sets, before sourcing this:
#   SUITE    the prefix of its messages ("integration check");
#   TMO      seconds each command may take (PW_TEST_TIMEOUT, which make
#            integration VALGRIND=1 raises, or the suite's own default);
#   PW       portwatch, for pw; SOCKMIX, the socket helper, for mix_spawn.
# It may define suite_cleanup, which runs on exit after its mixes are gone.
# Every command runs under a timeout: nothing here can hang.

die() {
	echo "$SUITE: $*" >&2
	exit 1
}

# A suite that cannot run here is not a failure, except in CI, where nothing
# may go untested.
skip() {
	if [ "${CI:-}" = true ]; then
		echo "$SUITE: cannot run in CI: $*" >&2
		exit 1
	fi
	echo "SKIP: $*"
	exit 0
}

# check_args USAGE FILE...: every FILE is given and executable; else die,
# saying how to call the suite (USAGE: its operands).
check_args() {
	local usage=$1 f
	shift
	for f; do
		[ -n "$f" ] || die "usage: $0 $usage"
	done
	for f; do
		[ -x "$f" ] || die "$f: not an executable"
	done
}

# check_base NAME PORT MAX WHY: PORT (the first port of the mixes, from the
# variable NAME or its default) is a number from 1024 to MAX, where the mixes
# stay clear of what they must not reach; else die, saying WHY it must.
check_base() {
	case $2 in
	'' | *[!0-9]*) die "$1=$2: not a port number" ;;
	esac
	if [ "$2" -lt 1024 ] || [ "$2" -gt "$3" ]; then
		die "$1=$2: $4"
	fi
}

# need_tools TOOL...: skip (fail in CI) when one is missing.
need_tools() {
	local tool
	for tool; do
		command -v "$tool" >/dev/null 2>&1 || skip "$tool not found (packaging/install-deps test installs it)"
	done
}

# enter_namespaces WHAT SECONDS FLAGS... -- FILE...: unless this already is
# the re-run, run this script again under "unshare FLAGS" with the first
# FLAGS (a word list: "-n", "-rn") that work, its operands FILE... made
# absolute (the new namespaces may not see the same relative paths), the
# whole run limited to SECONDS. When none work, skip: cannot WHAT, and why.
enter_namespaces() {
	local what=$1 total=$2 flags err why='' f
	local -a tries=() args=()
	shift 2
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		tries+=("$1")
		shift
	done
	shift
	[ "${PW_INTEGRATION_NETNS:-}" = 1 ] && return 0
	for f; do
		args+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")")
	done
	for flags in "${tries[@]}"; do
		# shellcheck disable=SC2086 # FLAGS is words
		if err=$(timeout "$TMO" unshare $flags true 2>&1); then
			# shellcheck disable=SC2086
			PW_INTEGRATION_NETNS=1 exec timeout "$total" unshare $flags "$BASH" "$0" "${args[@]}"
		fi
		why="${why:+$why; }unshare $flags: ${err:-failed}"
	done
	skip "cannot $what ($why)"
}

# enter_netns SECONDS FILE...: enter_namespaces, in a network namespace of
# our own: "unshare -n" as root, else (or when that fails) in a user
# namespace, "unshare -rn". Inside, the namespace must have no sockets:
# anything else means we are not where we think we are, and comparisons
# with ss would prove nothing.
enter_netns() {
	local total=$1
	local -a tries=(-rn)
	shift
	[ "$(id -u)" -eq 0 ] && tries=(-n -rn)
	enter_namespaces "create a network namespace" "$total" "${tries[@]}" -- "$@"
	[ -z "$(timeout "$TMO" ss -tuanH)" ] || die "the new network namespace already has sockets"
}

# --- the private folder, and what is undone on exit --------------------------
tmp=
tmp_made=

# make_tmp NAME [MODE]: a private folder $tmp, removed on exit. MODE 755 is
# for a suite that runs portwatch as root on its policies and baselines:
# root trusts files only in a folder that only root can write, and 0755 is
# what a real /etc/portwatch has (mktemp -d makes it 0700).
make_tmp() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX") || die "mktemp failed"
	tmp_made=1
	if [ -n "${2:-}" ]; then
		chmod "$2" "$tmp" || die "chmod $tmp failed"
	fi
	on_exit
}

# on_exit: from here on, however the script ends, cleanup runs.
on_exit() {
	trap cleanup EXIT
	trap 'exit 1' HUP INT TERM
}

cleanup() {
	local name
	for name in "${!mixpid[@]}"; do
		mix_stop "$name"
	done
	declare -F suite_cleanup >/dev/null && suite_cleanup
	[ -n "$tmp_made" ] && rm -rf "$tmp"
}

# --- mixes: sockmix processes holding sockets ----------------------------------
declare -A mixpid=() mixfd=()
# What mix_spawn runs sockmix under (setpriv, ip netns exec...): it must exec
# sockmix, so that mixpid is sockmix's own pid. None by default.
MIX_AS=()
# How long mix_spawn waits for "ready", in twentieths of a second.
MIX_WAIT=200

# mix_stop NAME: close its stdin (EOF) and TERM it; wait until it is gone,
# and with it its sockets (a process's files close before it can be reaped).
mix_stop() {
	local name=$1 pid=${mixpid[$1]:-} fd=${mixfd[$1]:-}
	[ -n "$fd" ] && exec {fd}>&-
	if [ -n "$pid" ]; then
		kill -TERM "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	unset "mixpid[$name]" "mixfd[$name]"
	return 0
}

# mix_spawn NAME SOCKMIX-ARGS...: start "${MIX_AS[@]}" SOCKMIX ARGS as mix
# NAME (its pid in mixpid[NAME]; its stdout and stderr in $tmp/NAME.out and
# .err). It holds its sockets until its stdin, a FIFO only this script
# writes to, reaches EOF: it goes away with the script whatever happens.
# Returns non-zero, saying why, when it does not get ready in time.
mix_spawn() {
	local name=$1 fd f
	shift
	mix_stop "$name"
	# A restarted mix's "ready" must be its own, not the last one's: the
	# subshell below truncates NAME.out only once it runs.
	rm -f "$tmp/$name.hold" "$tmp/$name.out"
	mkfifo "$tmp/$name.hold" || return 1
	exec {fd}<>"$tmp/$name.hold"
	# The subshell becomes sockmix (exec): $! is its pid. It must hold no
	# mix's FIFO open, its own neither, or that mix would never see EOF.
	(
		for f in "${mixfd[@]}" "$fd"; do
			exec {f}>&-
		done
		exec "${MIX_AS[@]}" "$SOCKMIX" "$@"
	) <"$tmp/$name.hold" >"$tmp/$name.out" 2>"$tmp/$name.err" &
	mixpid[$name]=$!
	mixfd[$name]=$fd
	for _ in $(seq "$MIX_WAIT"); do
		grep -qx ready "$tmp/$name.out" 2>/dev/null && return 0
		kill -0 "${mixpid[$name]}" 2>/dev/null || break
		sleep 0.05
	done
	echo "sockmix $name ($*${MIX_AS[*]:+, through: ${MIX_AS[*]}}) did not get ready:"
	cat "$tmp/$name.err"
	mix_stop "$name"
	return 1
}

# --- the runner ------------------------------------------------------------------
n=0
passed=0
failed=0
skipped=0
tests_start=

# run_test NAME FUNCTION: a test prints its diagnostics and returns non-zero,
# or returns SKIP after printing the reason as its last line (with CI=true a
# failure: nothing may go untested there). Notes a passing test wants shown
# (a half it could not check) go through note(). The test runs in this
# shell: what it sets (a mix it starts) stays for the tests after it.
SKIP=77
run_test() {
	local rc
	[ -n "$tests_start" ] || tests_start=$(date +%s.%N)
	n=$((n + 1))
	: >"$tmp/note"
	"$2" >"$tmp/diag" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "ok $n - $1"
		sed 's/^/#   note: /' "$tmp/note"
		passed=$((passed + 1))
	elif [ $rc -eq $SKIP ] && [ "${CI:-}" != true ]; then
		echo "ok $n - $1 # SKIP $(tail -n 1 "$tmp/diag")"
		skipped=$((skipped + 1))
	else
		echo "not ok $n - $1"
		[ $rc -eq $SKIP ] && echo "#   CI=true: this check may not be skipped"
		sed 's/^/#   /' "$tmp/diag"
		failed=$((failed + 1))
	fi
}

note() {
	echo "$*" >>"$tmp/note"
}

# summary: the closing lines; returns non-zero when a test failed.
summary() {
	local end
	end=$(date +%s.%N)
	echo "# $n tests in $(awk -v s="${tests_start:-$end}" -v e="$end" 'BEGIN { printf "%.2f", e - s }') s"
	[ "$skipped" -eq 0 ] || echo "# $skipped skipped"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# --- running portwatch -------------------------------------------------------------
# pw OUT ARGS...: run portwatch, stdout to $tmp/OUT, stderr to $tmp/OUT.err;
# returns portwatch's exit code.
pw() {
	local out=$1
	shift
	timeout "$TMO" "$PW" "$@" >"$tmp/$out" 2>"$tmp/$out.err"
}

# expect_rc WANT GOT WHAT OUT: say what went wrong, with the start of OUT's
# stdout and stderr. CRASH_TRACES, a grep -E pattern a suite may set: such
# traces in OUT.err fail even the right exit code.
expect_rc() {
	if [ "$1" = "$2" ] && { [ -z "${CRASH_TRACES:-}" ] ||
		! grep -qE "$CRASH_TRACES" "$tmp/$4.err" 2>/dev/null; }; then
		return 0
	fi
	echo "$3: exit code $2, want $1"
	[ -s "$tmp/$4" ] && head -n 20 "$tmp/$4" | head -c 2000 | sed 's/^/stdout: /'
	[ -s "$tmp/$4.err" ] && head -n 20 "$tmp/$4.err" | sed 's/^/stderr: /'
	return 1
}

# count FILE: its lines.
count() {
	awk 'END { print NR }' "$1"
}

# Really root (not root of a user namespace, where only uid 0 is mapped and
# setpriv cannot become nobody)?
real_root() {
	[ "$(id -u)" -eq 0 ] && [ "$(awk 'NR == 1 { print $1, $2, $3 }' /proc/self/uid_map)" = "0 0 4294967295" ]
}
