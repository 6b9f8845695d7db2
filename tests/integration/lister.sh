# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# shellcheck disable=SC2154 # tmp, TMO, PW, SOCKMIX, BASE: set by lib.sh and the suite
# What the lister suites (run, ports, owners) share, sourced after lib.sh:
# the mix each of them holds and the helpers that compare what portwatch
# lists with what ss lists (hardening sources it for those only).
#
# The mix is SOCKMIX --base SOCKMIX_BASE --well-known (tests/integration/
# sockmix.c has the port table): listeners on wildcard, 127.x, [::], [::1]
# and dual-stack, established pairs, UDP bound and connected, TIME-WAIT, and
# 22/tcp and 53/udp for the well-known names.

# lister_setup TMP-NAME [FILE...]: check the arguments (PW, SOCKMIX, and the
# suite's further helpers FILE) and BASE, and the tools; re-run in a network
# namespace of its own, with the same arguments; there, make the private
# folder and start the mix.
lister_setup() {
	local name=$1
	shift
	check_args "PORTWATCH SOCKMIX" "$PW" "$SOCKMIX" "$@"
	# The class checks expect the mix (+0 to +16) in the IANA registered range.
	check_base SOCKMIX_BASE "$BASE" $((49151 - 16)) "the mix must lie within the registered ports 1024-49151"
	need_tools ss jq unshare timeout awk sort diff cmp mktemp readlink
	enter_netns $((TMO * 12)) "$PW" "$SOCKMIX" "$@"
	make_tmp "$name"
	mix_spawn mix --base "$BASE" --well-known >&2 || die "sockmix failed"
}

# b N: the mix's port N above its base.
b() {
	echo $((BASE + $1))
}

# One line per socket: proto family state laddr lport raddr rport.
JQ_SOCK='[.proto, .family, .state, (.local.address | ascii_downcase),
	(.local.port | tostring), (.remote.address | ascii_downcase),
	(.remote.port | tostring)] | join(" ")'

# pw_json OUT ARGS...: portwatch -o json, checked as schema 1, normalized
# into $tmp/OUT.norm (sorted). Returns portwatch's exit code, or 99 when the
# document is not what schema 1 says.
pw_json() {
	local out=$1 rc
	shift
	pw "$out" "$@" -o json
	rc=$?
	if ! jq -r "if .schema == 1 and .complete == true and (.sockets | type == \"array\")
		then .sockets[] | $JQ_SOCK else error(\"not schema 1\") end" \
		"$tmp/$out" >"$tmp/$out.norm" 2>/dev/null; then
		echo "portwatch $* -o json: not a complete schema 1 document:"
		head -c 2000 "$tmp/$out"
		return 99
	fi
	LC_ALL=C sort -o "$tmp/$out.norm" "$tmp/$out.norm"
	return $rc
}

# ss -H output in the normalized form. ss prints [v6] in brackets, %iface
# suffixes, "*" for a wildcard port and, for a dual-stack socket, "*" as the
# address; asking per family tells us which wildcard "*" stands for. With
# ext=1 (and ss -e) it prints proto family state laddr lport iface v6only
# instead, "-" where ss shows none. With own=1 (and ss -pe) it prints the
# addresses, then the inode and the holders' pids, sorted, comma-separated
# ("-" for none).
# shellcheck disable=SC2016 # an awk program, not shell
SS_AWK='
function ep(s,    addr, port) {
	match(s, /:[^:]*$/)
	addr = substr(s, 1, RSTART - 1)
	port = substr(s, RSTART + 1)
	iface = "-"
	if (match(addr, /%[^]]*/)) {
		iface = substr(addr, RSTART + 1, RLENGTH - 1)
		addr = substr(addr, 1, RSTART - 1) substr(addr, RSTART + RLENGTH)
	}
	gsub(/[][]/, "", addr)
	if (addr == "*")
		addr = (fam == "inet") ? "0.0.0.0" : "::"
	if (port == "*")
		port = 0
	return tolower(addr) " " port
}
# ss drops the Netid column when one protocol is asked for: callers
# always ask for -tu, and a line without it shows up in the diff.
$1 !~ /^[a-z]/ { print "ss line without a protocol:", $0; next }
own {
	ino = 0
	for (i = 7; i <= NF; i++)
		if ($i ~ /^ino:/)
			ino = substr($i, 5)
	# users:(("comm",pid=N,fd=M),...): one entry per descriptor, so a
	# process holding the socket twice shows twice. The comm is raw bytes;
	# the hostile one here has no ",pid=" in it.
	n = 0
	s = $0
	split("", seen)
	while (match(s, /,pid=[0-9]+,/)) {
		pid = substr(s, RSTART + 5, RLENGTH - 6) + 0
		s = substr(s, RSTART + RLENGTH)
		if (pid in seen)
			continue
		seen[pid] = 1
		for (j = ++n; j > 1 && pids[j - 1] > pid; j--)
			pids[j] = pids[j - 1]
		pids[j] = pid
	}
	list = n ? pids[1] : "-"
	for (j = 2; j <= n; j++)
		list = list "," pids[j]
	print $1, fam, $2, ep($5), ep($6), ino, list
	next
}
!ext { print $1, fam, $2, ep($5), ep($6); next }
{
	local = ep($5)
	v6only = "-"
	for (i = 7; i <= NF; i++)
		if ($i ~ /^v6only:/)
			v6only = substr($i, 8)
	print $1, fam, $2, local, iface, v6only
}'

# ss_norm FAMILY SS-ARGS...
ss_norm() {
	local fam=$1
	shift
	timeout $TMO ss -H -f "$fam" "$@" | awk -v fam="$fam" -v ext=0 -v own=0 "$SS_AWK"
}

# ss_all OUT SS-ARGS...: both families into $tmp/OUT (sorted).
ss_all() {
	local out=$1
	shift
	{
		ss_norm inet "$@"
		ss_norm inet6 "$@"
	} | LC_ALL=C sort >"$tmp/$out"
}

# same_set WHAT EXPECTED ACTUAL: diff two normalized lists (files).
same_set() {
	if ! diff -u "$2" "$3" >"$tmp/set.diff"; then
		echo "$1 differ (- ${2##*/}, + ${3##*/}):"
		cat "$tmp/set.diff"
		return 1
	fi
	if [ ! -s "$3" ]; then
		echo "$1: both empty"
		return 1
	fi
}

# Bytes of ESC in FILE.
esc_count() {
	tr -dc '\033' <"$1" | wc -c | tr -d ' '
}

# The oracle, the first check of run and of ports: ss must see exactly the
# mix that sockmix makes, else their comparisons with ss prove nothing.
t_oracle() {
	local all
	ss_all ss.l -tuln
	ss_all ss.a -tuan
	LC_ALL=C sort >"$tmp/mix.l" <<-EOF
		tcp inet LISTEN 0.0.0.0 $(b 0) 0.0.0.0 0
		tcp inet LISTEN 127.0.0.1 $(b 1) 0.0.0.0 0
		tcp inet LISTEN 127.0.0.2 $(b 2) 0.0.0.0 0
		tcp inet LISTEN 127.0.0.3 $(b 3) 0.0.0.0 0
		tcp inet LISTEN 0.0.0.0 $(b 4) 0.0.0.0 0
		tcp inet6 LISTEN :: $(b 4) :: 0
		tcp inet6 LISTEN ::1 $(b 5) :: 0
		tcp inet6 LISTEN :: $(b 6) :: 0
		tcp inet LISTEN 0.0.0.0 $(b 7) 0.0.0.0 0
		tcp inet LISTEN 0.0.0.0 22 0.0.0.0 0
		udp inet UNCONN 127.0.0.1 53 0.0.0.0 0
		udp inet UNCONN 0.0.0.0 $(b 10) 0.0.0.0 0
		udp inet UNCONN 127.0.0.1 $(b 11) 0.0.0.0 0
		udp inet6 UNCONN :: $(b 12) :: 0
		udp inet6 UNCONN ::1 $(b 13) :: 0
		udp inet6 UNCONN :: $(b 16) :: 0
	EOF
	if ! diff -u "$tmp/mix.l" "$tmp/ss.l"; then
		echo "ss -tuln does not show sockmix's listeners (- expected, + ss)"
		return 1
	fi
	# Connections: 4 TCP pairs (one v4 into the dual-stack listener, seen
	# there as ::ffff:127.0.0.1; one into port 22), 2 connected UDP,
	# 3 TIME-WAIT.
	awk '$3 != "LISTEN" && $3 != "UNCONN" { print $1, $2, $3 }' "$tmp/ss.a" |
		LC_ALL=C sort | uniq -c | awk '{ print $2, $3, $4, $1 }' >"$tmp/ss.c"
	cat >"$tmp/mix.c" <<-EOF
		tcp inet ESTAB 5
		tcp inet TIME-WAIT 2
		tcp inet6 ESTAB 3
		tcp inet6 TIME-WAIT 1
		udp inet ESTAB 1
		udp inet6 ESTAB 1
	EOF
	if ! diff -u "$tmp/mix.c" "$tmp/ss.c"; then
		echo "ss -tuan: connections are not sockmix's (- expected, + ss)"
		return 1
	fi
	grep -q "^tcp inet6 ESTAB ::ffff:127.0.0.1 $(b 6) ::ffff:127.0.0.1 " "$tmp/ss.a" || {
		echo "ss -tuan: no v4-mapped ESTAB on the dual-stack port $(b 6)"
		return 1
	}
	# Splitting by family must not lose anything ss lists.
	all=$(timeout $TMO ss -tuanH | wc -l)
	[ "$all" -eq "$(count "$tmp/ss.a")" ] || {
		echo "ss -tuanH lists $all sockets, -f inet plus -f inet6 $(count "$tmp/ss.a")"
		return 1
	}
}
