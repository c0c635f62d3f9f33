#!/bin/sh
# The bad-input matrix (docs/robustness.md): each hostile or broken input,
# the exit status it must give, and the exact line that explains it (the
# first line on stderr, or the finding's evidence for a connector that
# could not be evaluated).  Nothing may crash, hang, read a local file or
# leave a report behind.
. "$(dirname "$0")/lib.sh"

AG="CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Test Org,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=test,DC=example"
AN_ACE="05 02 28 00 00 01 00 00 01 00 00 00 31 f0 82 5c 4c 4e 26 43 88 e1 8c 4f 0c ad 9d e5 01 01 00 00 00 00 00 05 07 00 00 00"
HDR="01 00 04 80 00 00 00 00 00 00 00 00 00 00 00 00"

# conn NAME RANGE SD: a connector with a descriptor given in hex, or with
# an anonymous-relay descriptor (SDDL) when SD is "relay".
conn() {
	printf 'dn: CN=%s,CN=SMTP Receive Connectors,CN=Protocols,CN=EX01,CN=Servers,%s\n' "$1" "$AG"
	printf 'objectClass: msExchSmtpReceiveConnector\ncn: %s\n' "$1"
	printf 'msExchSMTPReceiveInboundSecurityFlag: 1\nmsExchSmtpReceiveBindings: 0.0.0.0:25\n'
	printf 'msExchSmtpReceiveRemoteIPRanges: %s\n' "$2"
	if [ "$3" = relay ]; then
		echo "x-rcaudit-sddl: D:(OA;CI;CR;5c82f031-4e4c-4326-88e1-8c4f0cad9de5;;AN)"
	else
		echo "x-rcaudit-sd-hex: $3"
	fi
	echo
}

# matrix NAME EXIT EXPECTED-LINE: run "rca audit -f NAME.ldif" (plus the
# options in $ARGS) and check the exit status and the line: for exit 4
# the evidence of the "could not evaluate" finding, for exit 1 the
# evidence line that starts with "- invalid", else stderr's first line.
matrix() {
	# shellcheck disable=SC2086
	rca audit -f "$1.ldif" ${ARGS:-} > "$1.out" 2> "$1.err"
	rc=$?
	case $2 in
	4) got=$(grep -m 1 "^      - nTSecurityDescriptor" "$1.out" | sed 's/^      - //') ;;
	1) got=$(grep -m 1 "^      - invalid" "$1.out" | sed 's/^      - //') ;;
	*) got=$(head -n 1 "$1.err") ;;
	esac
	[ "$rc" -eq "$2" ] || { echo "exit $rc, expected $2"; cat "$1.err"; return 1; }
	[ "$got" = "$3" ] || { echo "expected: $3"; echo "actual:   $got"; return 1; }
}

test_expect_success 'empty file' '
	: > empty.ldif
	matrix empty 3 "rcaudit: empty.ldif: no msExchSmtpReceiveConnector entries in 0 entries (is this a snapshot of the Exchange configuration?)"
'

test_expect_success 'binary garbage' '
	printf "\\000\\001\\002garbage\\377\\376" > garbage.ldif
	matrix garbage 3 "rcaudit: garbage.ldif:1: unexpected NUL byte (is this a binary file?)"
'

test_expect_success 'LDIF cut in the middle of a base64 value' '
	conn Cut 10.0.0.5 relay > cut.in && "$MKLDIF" cut.in > folded.ldif &&
	# unfold, then end the file 30 base64 characters into the descriptor
	awk "/^ / { sub(/^ /, \"\"); buf = buf \$0; next }
	    NR > 1 { print buf } { buf = \$0 } END { print buf }" folded.ldif > full.ldif &&
	n=$(grep -n "^nTSecurityDescriptor::" full.ldif | cut -d: -f1) &&
	{ head -n "$((n - 1))" full.ldif; sed -n "${n}p" full.ldif | cut -c1-53; } > cut.ldif &&
	matrix cut 3 "rcaudit: cut.ldif:$n: attribute '"'"'nTSecurityDescriptor'"'"': invalid base64"
'

test_expect_success 'an entry without dn:' '
	printf "objectClass: msExchSmtpReceiveConnector\ncn: x\n" > nodn.ldif
	matrix nodn 3 "rcaudit: nodn.ldif:1: expected '"'"'dn:'"'"' at the start of a record"
'

test_expect_success 'a UTF-16 ldifde export' '
	conn U16 10.0.0.5 relay > u.in && "$MKLDIF" u.in > u8.ldif &&
	iconv -f UTF-8 -t UTF-16 u8.ldif > u16.ldif &&
	matrix u16 3 "rcaudit: u16.ldif: the file is UTF-16; convert it with '"'"'iconv -f UTF-16 -t UTF-8'"'"'"
'

test_expect_success 'a 10 MB single line' '
	{ printf "dn: CN=x,DC=test\n"; head -c 10000000 /dev/zero | tr "\\000" a; echo; } > long.ldif
	matrix long 3 "rcaudit: long.ldif:2: expected '"'"'attribute: value'"'"'"
'

test_expect_success 'a descriptor with a lying DACL offset' '
	conn Lying 10.0.0.5 "01 00 04 80 00 00 00 00 00 00 00 00 00 00 00 00 00 10 00 00 04 00 30 00 01 00 00 00 $AN_ACE" > l.in &&
	"$MKLDIF" l.in > lying.ldif &&
	matrix lying 4 "nTSecurityDescriptor: byte 16: dacl: offset 4096 is outside the descriptor (68 bytes)"
'

test_expect_success 'an ACL whose count overruns its size' '
	conn Count 10.0.0.5 "$HDR 14 00 00 00 04 00 30 00 00 01 00 00 $AN_ACE" > c.in &&
	"$MKLDIF" c.in > count.ldif &&
	matrix count 4 "nTSecurityDescriptor: byte 20: dacl: 256 aces cannot fit in 48 bytes"
'

test_expect_success 'an ACE of size 0' '
	conn Zero 10.0.0.5 "$HDR 14 00 00 00 04 00 30 00 01 00 00 00 05 02 00 00 00 01 00 00 01 00 00 00 31 f0 82 5c 4c 4e 26 43 88 e1 8c 4f 0c ad 9d e5 01 01 00 00 00 00 00 05 07 00 00 00" > z.in &&
	"$MKLDIF" z.in > zero.ldif &&
	matrix zero 4 "nTSecurityDescriptor: byte 28: ace 0: size 0 is smaller than the ace header"
'

# 100,000 ACEs do not fit a descriptor (AclSize and AceCount are 16-bit):
# the largest DACL is 65,535 bytes, 16,381 of the smallest ACEs.  Here,
# 1,600 real 40-byte ACEs (64,008 bytes) with the relay grant last; the
# unit tests walk 100,000 ACEs in memory.
test_expect_success 'a DACL of 1,600 ACEs is read and decided' '
	ace="05 02 28 00 00 01 00 00 01 00 00 00 31 f0 82 5c 4c 4e 26 43 88 e1 8c 4f 0c ad 9d e5 01 01 00 00 00 00 00 05 0b 00 00 00"
	n=1600; size=$((8 + 40 * n))
	hex=$(awk -v n=$n -v a="$ace" -v an="$AN_ACE" -v hdr="$HDR" -v s=$size "BEGIN {
	    printf \"%s 14 00 00 00 04 00 %02x %02x %02x %02x 00 00\", hdr, s % 256, int(s / 256), n % 256, int(n / 256);
	    for (i = 1; i < n; i++) printf \" %s\", a; printf \" %s\", an }")
	conn Big 10.0.0.0/24 "$hex" > big.in && "$MKLDIF" big.in > big.ldif &&
	rca audit -f big.ldif --format json > big.json 2>/dev/null
	jq -e ".connectors[0].relay.anonymous == true and
	    (.connectors[0].security_descriptor.aces | length) == 1600" big.json
'

while IFS="|" read -r range msg; do
	test_expect_success "a relaying connector with the range $range" "
		conn R '$range' relay > r.in && \"\$MKLDIF\" r.in > r.ldif &&
		matrix r 1 \"invalid RemoteIPRanges value: $msg\"
	"
done <<'TABLE'
10.0.0.5-10.0.0.1|'10.0.0.5-10.0.0.1': start address is after end address
256.1.1.1|'256.1.1.1': IPv4 field '256' is out of range (0-255)
::1::2|'::1::2': '::' may appear only once in an IPv6 address
10.0.0.0/33|'10.0.0.0/33': prefix length 33 is out of range (0-32)
TABLE

test_expect_success 'a value given as a URL is refused, never read' '
	printf "dn: CN=x,DC=test\nobjectClass: msExchSmtpReceiveConnector\nnTSecurityDescriptor:< file:///etc/passwd\n" > url.ldif
	matrix url 3 "rcaudit: url.ldif:3: attribute '"'"'nTSecurityDescriptor'"'"': URL values ('"'"':<'"'"') are not followed" &&
	! grep -q "root:" url.out url.err
'

test_expect_success 'a rules file with an unknown predicate' '
	conn Ok 10.0.0.5 relay > ok.in && "$MKLDIF" ok.in > ok.ldif &&
	printf "<rules version=\"1\"><rule id=\"X-001\" severity=\"high\"><title>t</title>\n<when><smells-fishy/></when><description>d</description><remediation>r</remediation></rule></rules>\n" > pred.xml &&
	ARGS="--rules pred.xml" matrix ok 2 "rcaudit: pred.xml:2: unknown predicate '"'"'smells-fishy'"'"' (see rcaudit-rules(5))"
'

test_expect_success 'an XML bomb in a rules file' '
	cp "$DATA/rules/bad/bomb.xml" bomb.xml &&
	ARGS="--rules bomb.xml" matrix ok 2 "rcaudit: bomb.xml:2: DOCTYPE declarations are not allowed in rules files"
'

test_expect_success 'an external entity pointing at /etc/passwd' '
	cp "$DATA/rules/bad/xxe.xml" xxe.xml &&
	ARGS="--rules xxe.xml" matrix ok 2 "rcaudit: xxe.xml:2: DOCTYPE declarations are not allowed in rules files" &&
	! grep -q "root:" ok.out ok.err
'

test_expect_success 'a waiver with a bad date' '
	printf "<waivers version=\"1\">\n<waiver rule=\"RCA-003\" expires=\"2026-02-30\">\n<connector identity=\"EX01\\\\Ok\"/>\n<justification>j</justification>\n<approver>a</approver>\n</waiver>\n</waivers>\n" > w.xml &&
	rca audit -f ok.ldif --waivers w.xml > w.out 2> w.err; rc=$?
	test $rc -eq 2 && grep -q "^rcaudit: w.xml:[0-9]*: .*2026-02-30" w.err
'

test_expect_success 'an output folder that does not exist: no file left' '
	ARGS="-o no/such/dir/report.txt" matrix ok 3 "rcaudit: no/such/dir/report.txt: No such file or directory" &&
	test ! -e no
'

test_expect_success 'a full disk: the report is never half-written' '
	echo old > report.txt
	( ulimit -f 1; trap "" XFSZ; rca audit -f ok.ldif --format json -o report.txt ) 2> full.err; rc=$?
	test $rc -eq 3 && grep -q "^rcaudit: report.txt: File too large" full.err &&
	test "$(cat report.txt)" = old && test -z "$(ls report.txt.tmp* 2>/dev/null)"
'

# Out of memory (here a 200 MB address-space limit, and an HTML report of
# 3,000 connectors, whose model needs more): exit 5 with one line, and no
# report or temporary file left beside the target, whichever thread or
# library ran out.  Sanitizers and valgrind need more address space than
# any such limit: not under them, whatever the build directory is called
# (the sanitizer runtime's symbols are in the binary).
if grep -q -e __asan_init -e __tsan_init -e __msan_init "$RCAUDIT"; then
	sanitized=sanitized
fi
case "$RCAUDIT${VALGRIND:-} ${sanitized:-}" in
*/asan/*|*/fuzz/*|*valgrind*|*sanitized)
	echo "# out-of-memory test skipped under a sanitizer or valgrind" ;;
*)
	"$GENORG" 3000 > oom.ldif || exit 1
	test_expect_success 'out of memory: exit 5, no report and no temporary file' '
		( ulimit -v 200000; rca audit -q -f oom.ldif --format html -o oom.html \
		    --json oom.json ) 2> oom.err; rc=$?
		cat oom.err && test $rc -eq 5 &&
		test "$(cat oom.err)" = "rcaudit: out of memory" &&
		test -z "$(ls oom.* | grep -v "^oom\.ldif\$" | grep -v "^oom\.err\$")"
	' ;;
esac

test_done
