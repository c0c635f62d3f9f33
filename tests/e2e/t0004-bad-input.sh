#!/bin/sh
# Snapshots that cannot be read: exit 3, one line naming the file and the
# line, and no report.
. "$(dirname "$0")/lib.sh"

fixture wide || exit 1

# bad_input NAME: the exit status is 3, stdout is empty, and the first line
# of stderr is exactly the expected one.
bad_input() {
	rca audit -f "$1" > out 2> err
	rc=$?
	test $rc -eq 3 || { echo "exit $rc"; return 1; }
	test ! -s out || { echo "stdout not empty:"; cat out; return 1; }
	test "$(head -n 1 err)" = "$2" || {
		echo "expected: $2"; echo "actual:   $(head -n 1 err)"; return 1; }
}

test_expect_success 'an empty file has no connectors' '
	: > empty.ldif
	bad_input empty.ldif "rcaudit: empty.ldif: no msExchSmtpReceiveConnector entries in 0 entries (is this a snapshot of the Exchange configuration?)"
'

test_expect_success 'a URL value is refused, never fetched' '
	sed "s|^nTSecurityDescriptor::.*|nTSecurityDescriptor:< file:///etc/passwd|" wide.ldif > url.ldif
	n=$(grep -n "^nTSecurityDescriptor:<" url.ldif | head -n 1 | cut -d: -f1)
	bad_input url.ldif "rcaudit: url.ldif:$n: attribute '"'"'nTSecurityDescriptor'"'"': URL values ('"'"':<'"'"') are not followed"
'

test_expect_success 'an include: line is refused, never followed' '
	{ echo "include: file:///etc/passwd"; echo; cat wide.ldif; } > inc.ldif
	bad_input inc.ldif "rcaudit: inc.ldif:1: '"'"'include:'"'"' lines are not followed"
'

test_expect_success 'a UTF-16 export (ldifde -u) says how to convert it' '
	iconv -f UTF-8 -t UTF-16 wide.ldif > u16.ldif
	bad_input u16.ldif "rcaudit: u16.ldif: the file is UTF-16; convert it with '"'"'iconv -f UTF-16 -t UTF-8'"'"'"
'

test_expect_success 'binary garbage is a clear error' '
	head -c 4096 /dev/urandom > garbage.ldif
	printf "\000" >> garbage.ldif
	rca audit -f garbage.ldif > out 2> err
	test $? -eq 3 && test ! -s out && grep -q "^rcaudit: garbage.ldif:[0-9]*: " err
'

test_expect_success 'a record without dn: names its line' '
	printf "version: 1\n\ncn: orphan\nobjectClass: top\n" > nodn.ldif
	bad_input nodn.ldif "rcaudit: nodn.ldif:3: expected '"'"'dn:'"'"' at the start of a record"
'

test_expect_success 'base64 cut in the middle of a value is an error' '
	awk "/^nTSecurityDescriptor::/ { print substr(\$0, 1, 57) \"*\"; next } { print }" wide.ldif > cut.ldif
	n=$(grep -n "^nTSecurityDescriptor::" cut.ldif | head -n 1 | cut -d: -f1)
	bad_input cut.ldif "rcaudit: cut.ldif:$n: attribute '"'"'nTSecurityDescriptor'"'"': invalid base64"
'

test_expect_success 'changetype: modify is refused' '
	printf "dn: CN=x,DC=test\nchangetype: modify\nreplace: cn\ncn: y\n" > mod.ldif
	bad_input mod.ldif "rcaudit: mod.ldif:2: changetype '"'"'modify'"'"' is not supported (a snapshot holds entries)"
'

test_expect_success 'ldifde shape (CRLF, BOM, changetype: add, folded) reads' '
	# changetype: add goes after the whole (folded) dn
	{ printf "\357\273\277"; awk "
	    indn && !/^ / { print \"changetype: add\"; indn = 0 }
	    /^dn:/ { indn = 1 } { print }" wide.ldif | sed "s/\$/\r/"; } > ldifde.ldif
	grep -c "^changetype: add" ldifde.ldif | grep -q "^2"
	rca audit -f ldifde.ldif > out
	test $? -eq 0 && grep -q "^  EX01.Printers$" out
'

test_expect_success 'a DN that is not UTF-8 still makes valid JSON' '
	cp "$TOP/tests/fuzz/regressions/audit/json-non-utf8-dn.ldif" n.ldif
	rca show -f n.ldif --format json > n.json &&
	jq -e "(.connectors | length) > 0 and
	    all(.connectors[]; .problems | any(test(\"not valid UTF-8\")))" n.json
'

test_done
