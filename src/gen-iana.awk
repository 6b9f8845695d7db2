# SPDX-License-Identifier: MIT
# Generate the built-in service table (build/gen/iana_table.c) from IANA's
# service-names-port-numbers.xml, as declared in include/services.h.
#
# usage: LC_ALL=C awk -f src/gen-iana.awk src/iana.xml > iana_table.c
#
# POSIX awk only (checked with mawk, Debian's default, and gawk: their
# outputs are identical): no gensub, asort, length(array) or regex intervals.
# LC_ALL=C gives byte semantics; the table stores byte offsets, so BEGIN
# refuses to run without.
#
# Output:
#   pw_services_iana_entries[]  {port, proto, aliases, name, desc}: one per
#                               (port, proto) with its primary name, sorted
#                               by protocol (enum order), then port
#   pw_services_iana_aliases[]  {entry, name, desc}: the other names of an
#                               entry, sorted by entry
#   pw_services_iana_names[]    NUL-separated names (offsets in .name)
#   pw_services_iana_descs[]    NUL-separated descriptions; offset 0 is ""
#   pw_services_iana_index[]    per protocol, which ports have an entry and
#                               where it is: lookups need no set-up
#   pw_services_iana_date[]     the registry's <updated> date
# Non-ASCII text is written as octal escapes, so the C file is plain ASCII.

BEGIN {
	if (length("\303\251") != 2)
		fail("run with LC_ALL=C: byte offsets need byte semantics")
	for (i = 1; i < 256; i++)
		ord[sprintf("%c", i)] = i
	HIGH = "[\200-\377]"

	# Protocols kept, with the C constant each is written as, in the order
	# of services.h's PW_SVC_IANA_* tables.
	nprotos = split("tcp udp sctp dccp", protos, " ")
	cname["tcp"] = "PW_PROTO_TCP"
	cname["udp"] = "PW_PROTO_UDP"
	cname["sctp"] = "PW_PROTO_SCTP"
	cname["dccp"] = "PW_SVC_PROTO_DCCP"

	# Primary-name overrides, "port:name". Where IANA lists several names
	# for one port, its first one is shown unless listed here:
	#   80:http          pins the name everyone uses ahead of its
	#                    aliases www and www-http, should IANA reorder them
	#   465:submissions  RFC 8314 gave 465/tcp to mail submission over TLS;
	#                    IANA keeps the older urd (URL Rendezvous) first
	#   1701:l2tp        L2TP (RFC 2661, RFC 3931) is what runs there; IANA
	#                    lists Cisco's retired l2f first
	#   2049:nfs         NFS (RFC 7530); IANA lists shilp, which has no
	#                    description, first
	# An override that no longer matches the registry stops the build, so
	# this list cannot rot silently when the registry changes.
	noverrides = split("80:http 465:submissions 1701:l2tp 2049:nfs", overrides, " ")

	date = ""
	nnames = 0
	namebytes = 0
	ndescs = 1
	descbytes = 1 # offset 0 is the empty description
	dtext[0] = ""
	doff[0] = 0
}

# A record is collected whole, then its children are taken out of it: a
# description may span lines and contain markup.
/<record[ >]/ {
	inrecord = 1
	record = ""
}
inrecord {
	record = record $0 "\n"
}
inrecord && /<\/record>/ {
	inrecord = 0
	take(record)
	next
}

# The registry's own <updated> lines; <people> holds per-person ones.
/<people>/ {
	inpeople = 1
}
!inrecord && !inpeople && /<updated>/ {
	d = $0
	sub(/.*<updated>[ \t]*/, "", d)
	sub(/[ \t]*<\/updated>.*/, "", d)
	if (d !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/)
		fail("bad registry date: " d)
	if (d > date)
		date = d
}
/<\/people>/ {
	inpeople = 0
}

END {
	if (failed)
		exit 1
	if (inrecord)
		fail("unterminated <record>")
	if (date == "")
		fail("no registry <updated> date")
	apply_overrides()
	emit()
}

function fail(msg) {
	printf "gen-iana.awk: %s%s\n", FILENAME == "" ? "" : FILENAME ": ", msg > "/dev/stderr"
	failed = 1
	exit 1
}

function trim(s) {
	sub(/^[ \t\r\n]+/, "", s)
	sub(/[ \t\r\n]+$/, "", s)
	return s
}

# Text of the first <tag>...</tag> in r; "" when absent or written <tag/>.
function child(r, tag,    s, t, e) {
	s = index(r, "<" tag ">")
	if (s == 0)
		return ""
	t = substr(r, s + length(tag) + 2)
	e = index(t, "</" tag ">")
	if (e == 0)
		fail("unterminated <" tag "> in a record")
	return substr(t, 1, e - 1)
}

# Keep a record that has a name, a protocol we list, and a port or range.
# Unassigned and reserved records have no name: they are dropped here.
function take(r,    name, proto, num, lo, hi, parts, n, d, p) {
	name = trim(child(r, "name"))
	proto = trim(child(r, "protocol"))
	num = trim(child(r, "number"))
	if (name == "" || num == "" || !(proto in cname))
		return
	if (name !~ /^[!-~]+$/)
		fail("unexpected service name: " name)
	if (num ~ /^[0-9]+$/) {
		lo = hi = num + 0
	} else if (num ~ /^[0-9]+-[0-9]+$/) {
		split(num, parts, "-")
		lo = parts[1] + 0
		hi = parts[2] + 0
	} else {
		fail("bad port number for " name ": " num)
	}
	if (lo > hi || hi > 65535)
		fail("bad port range for " name ": " num)
	n = name_id(name)
	d = desc_id(child(r, "description"))
	for (p = lo; p <= hi; p++)
		add(proto, p, n, d)
}

function add(proto, port, n, d,    key, c) {
	key = proto SUBSEP port
	if ((key, "n", n) in seen)
		return
	seen[key, "n", n] = 1
	c = ++count[key]
	ename[key, c] = n
	edesc[key, c] = d
}

function name_id(name) {
	if (name in nameid)
		return nameid[name]
	nameid[name] = nnames
	ntext[nnames] = cesc(name)
	noff[nnames] = namebytes
	namebytes += BLEN + 1
	return nnames++
}

function desc_id(raw,    s) {
	s = plain(raw)
	if (s == "")
		return 0
	if (s in descid)
		return descid[s]
	descid[s] = ndescs
	dtext[ndescs] = cesc(s)
	doff[ndescs] = descbytes
	descbytes += BLEN + 1
	return ndescs++
}

# Description markup to one line of text: <br/> is a space, an <xref> is
# cited as IANA's pages show it ("[RFC9483]"), whitespace runs are one space.
# Entities stay for cesc to decode, after the markup is gone.
function plain(s,    at, len, tag, rep, data) {
	while (match(s, /<[^>]*>/)) {
		at = RSTART
		len = RLENGTH
		tag = substr(s, at, len)
		rep = " "
		if (tag ~ /^<xref/ && match(tag, /data="[^"]*"/)) {
			data = substr(tag, RSTART + 6, RLENGTH - 7)
			if (data != "")
				rep = "[" toupper(data) "]"
		}
		s = substr(s, 1, at - 1) rep substr(s, at + len)
	}
	gsub(/[\001-\037\177]/, " ", s)
	gsub(/  +/, " ", s)
	return trim(s)
}

# s as the inside of a C string literal, with XML entities decoded, invalid
# UTF-8 replaced by U+FFFD and every non-ASCII byte written in octal. Sets
# BLEN to the number of bytes the literal stands for.
function cesc(s,    out, n, i, c, b, j, ent, k) {
	if (s !~ /[&\\"?]/ && s !~ HIGH) {
		BLEN = length(s)
		return s
	}
	out = ""
	BLEN = 0
	n = length(s)
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		if (c == "&") {
			j = index(substr(s, i), ";")
			if (j < 3 || j > 12)
				fail("bad entity in: " s)
			ent = substr(s, i + 1, j - 2)
			i += j - 1
			if (ent ~ /^#[0-9]+$/) {
				out = out utf8(substr(ent, 2) + 0)
				continue
			}
			if (ent ~ /^#[xX][0-9a-fA-F]+$/) {
				out = out utf8(hex(substr(ent, 3)))
				continue
			}
			if (ent == "amp")
				c = "&"
			else if (ent == "lt")
				c = "<"
			else if (ent == "gt")
				c = ">"
			else if (ent == "quot")
				c = "\""
			else if (ent == "apos")
				c = "'"
			else
				fail("unknown entity &" ent "; in: " s)
		}
		b = ord[c]
		if (b >= 128) {
			k = seqlen(s, i, b)
			if (k == 0) {
				out = out "\\357\\277\\275"
				BLEN += 3
				continue
			}
			for (j = 0; j < k; j++)
				out = out sprintf("\\%03o", ord[substr(s, i + j, 1)])
			BLEN += k
			i += k - 1
			continue
		}
		if (c == "\\" || c == "\"")
			out = out "\\" c
		else if (c == "?")
			out = out "\\?" # no trigraphs, whatever the compiler mode
		else
			out = out c
		BLEN++
	}
	return out
}

# Length of the well-formed UTF-8 sequence (RFC 3629) that starts at s[i]
# with lead byte b, or 0 when it is not one.
function seqlen(s, i, b,    k, lo, hi, j, c) {
	lo = 128
	hi = 191
	if (b >= 194 && b <= 223) {
		k = 2
	} else if (b >= 224 && b <= 239) {
		k = 3
		if (b == 224)
			lo = 160 # overlong
		if (b == 237)
			hi = 159 # surrogates
	} else if (b >= 240 && b <= 244) {
		k = 4
		if (b == 240)
			lo = 144 # overlong
		if (b == 244)
			hi = 143 # above U+10FFFF
	} else {
		return 0
	}
	for (j = 1; j < k; j++) {
		c = ord[substr(s, i + j, 1)]
		if (c < lo || c > hi)
			return 0
		lo = 128
		hi = 191
	}
	return k
}

function hex(h,    v, i) {
	v = 0
	h = tolower(h)
	for (i = 1; i <= length(h); i++)
		v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
	return v
}

# Code point cp as UTF-8 in octal escapes; control characters become a
# space and impossible code points U+FFFD.
function utf8(cp) {
	if (cp < 32 || cp == 127) {
		BLEN++
		return " "
	}
	if (cp < 128) {
		BLEN++
		if (cp == 34 || cp == 92)
			return sprintf("\\%c", cp)
		if (cp == 63)
			return "\\?"
		return sprintf("%c", cp)
	}
	if (cp < 2048) {
		BLEN += 2
		return oct(192 + int(cp / 64)) oct(128 + cp % 64)
	}
	if ((cp >= 55296 && cp <= 57343) || cp > 1114111)
		cp = 65533
	if (cp < 65536) {
		BLEN += 3
		return oct(224 + int(cp / 4096)) oct(128 + int(cp / 64) % 64) oct(128 + cp % 64)
	}
	BLEN += 4
	return oct(240 + int(cp / 262144)) oct(128 + int(cp / 4096) % 64) \
		oct(128 + int(cp / 64) % 64) oct(128 + cp % 64)
}

function oct(b) {
	return sprintf("\\%03o", b)
}

# Move each override's name to the front of its (port, proto) list.
function apply_overrides(    i, parts, port, name, n, used, pi, key, c, j, k) {
	for (i = 1; i <= noverrides; i++) {
		split(overrides[i], parts, ":")
		port = parts[1]
		name = parts[2]
		used = 0
		if (name in nameid) {
			n = nameid[name]
			for (pi = 1; pi <= nprotos; pi++) {
				key = protos[pi] SUBSEP port
				if (!(key in count))
					continue
				c = count[key]
				for (j = 1; j <= c; j++)
					if (ename[key, j] == n)
						break
				if (j > c)
					continue
				used = 1
				for (k = j; k > 1; k--) {
					swap(key, k)
				}
			}
		}
		if (!used)
			fail("override " overrides[i] " matches no registry entry")
	}
}

# Exchange entries k-1 and k of one (port, proto) list.
function swap(key, k,    t) {
	t = ename[key, k]
	ename[key, k] = ename[key, k - 1]
	ename[key, k - 1] = t
	t = edesc[key, k]
	edesc[key, k] = edesc[key, k - 1]
	edesc[key, k - 1] = t
}

function emit(    i, pi, proto, w, b, port, key, c, j, n, nalias, lo, hi) {
	print "/* SPDX-License-Identifier: MIT */"
	print "/* Built-in IANA service table: generated by src/gen-iana.awk from src/iana.xml; do not edit. */"
	print "#include \"services.h\""
	print ""
	printf "const char pw_services_iana_date[] = \"%s\";\n\n", date
	print "const char pw_services_iana_names[] ="
	for (i = 0; i < nnames; i++)
		printf "\t\"%s\\0\"\n", ntext[i]
	print "\t;"
	print ""
	print "const char pw_services_iana_descs[] ="
	for (i = 0; i < ndescs; i++)
		printf "\t\"%s\\0\"\n", dtext[i]
	print "\t;"
	print ""
	print "/* port, proto, aliases, name, desc */"
	print "const struct pw_services_iana_entry pw_services_iana_entries[] = {"
	for (b = 0; b < 32; b++)
		pow2[b] = b ? 2 * pow2[b - 1] : 1
	n = 0
	nalias = 0
	for (pi = 1; pi <= nprotos; pi++) {
		proto = protos[pi]
		base[pi] = n
		for (w = 0; w < 1024; w++) {
			rank[pi, w] = n - base[pi]
			lo = hi = 0
			for (b = 0; b < 64; b++) {
				port = w * 64 + b
				key = proto SUBSEP port
				if (!(key in count))
					continue
				if (b < 32)
					lo += pow2[b]
				else
					hi += pow2[b - 32]
				c = count[key]
				if (c > 256)
					fail("too many names for " proto " port " port)
				printf "\t{ %d, %s, %d, %d, %d },\n", port, cname[proto], c - 1,
					noff[ename[key, 1]], doff[edesc[key, 1]]
				for (j = 2; j <= c; j++)
					alias[nalias++] = sprintf("\t{ %d, %d, %d },", n,
						noff[ename[key, j]], doff[edesc[key, j]])
				n++
			}
			bits[pi, w] = hi ? sprintf("0x%x%08x", hi, lo) : lo ? sprintf("0x%x", lo) : "0"
		}
	}
	print "};"
	print ""
	printf "const unsigned pw_services_iana_count = %d;\n\n", n
	print "/* entry, name, desc */"
	print "const struct pw_services_iana_alias pw_services_iana_aliases[] = {"
	for (i = 0; i < nalias; i++)
		print alias[i]
	if (nalias == 0)
		print "\t{ 0, 0, 0 }, /* C has no empty arrays */"
	print "};"
	print ""
	printf "const unsigned pw_services_iana_nalias = %d;\n\n", nalias
	print "const struct pw_services_iana_index pw_services_iana_index[PW_SVC_IANA_TABLES] = {"
	for (pi = 1; pi <= nprotos; pi++) {
		printf "\t{ /* %s */\n\t\t%d,\n\t\t{", protos[pi], base[pi]
		for (w = 0; w < 1024; w++)
			printf "%s%d,", w % 16 ? " " : "\n\t\t\t", rank[pi, w]
		printf "\n\t\t},\n\t\t{"
		for (w = 0; w < 1024; w++)
			printf "%s%s,", w % 8 ? " " : "\n\t\t\t", bits[pi, w]
		print "\n\t\t},\n\t},"
	}
	print "};"
}
