# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# The "ok N - name" lines and the closing count of the suites that check one
# status at a time (completion, packaging), sourced by each (never run).

n=0
passed=0
failed=0

# result STATUS NAME [DETAILS]: "ok N - NAME" when STATUS is 0; else "not ok
# N - NAME" and DETAILS, commented.
result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		passed=$((passed + 1))
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
		[ -n "${3:-}" ] && printf '#   %s\n' "$3"
	fi
}

# tap_end: "P passed, F failed"; returns non-zero when one failed.
tap_end() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
